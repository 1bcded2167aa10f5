"""``start_session``: the readings, the checklist, the day, the week, the supply, the holds."""

import datetime as dt
from typing import Any

import pytest

from journal.models import HomeSession, SafetyCheck
from simulation.tests.scenarios import (
    NOW,
    Json,
    action,
    before,
    event,
    in_treatment,
    moment,
    ready_to_prescribe,
    refusals,
    run,
    scenario,
)

pytestmark = pytest.mark.django_db

CHECKLIST = (
    "monitor_present",
    "fasted_2h",
    "no_driving_today",
    "safe_place",
    "no_alcohol_or_sedatives_24h",
    "no_self_harm_thoughts",
    "feeling_well",
    "not_pregnant",
)


def start(
    fields: Json | None = None,
    *extra: Json,
    history: list[Json] | None = None,
    now: dt.datetime = NOW,
    **sections: Any,
) -> Json:
    """A start for a patient in treatment (ss_ready.json), plus ``extra`` history."""
    base = in_treatment(now) if history is None else history
    return scenario(action("start_session", **(fields or {})), [*base, *extra], now=now, **sections)


def readings(systolic: int, diastolic: int, pulse: int) -> Json:
    return {"systolic": systolic, "diastolic": diastolic, "pulse": pulse}


def refused_check(at: str) -> Json:
    return event("safety_check", at, result="refused")


def test_a_patient_in_treatment_may_start_with_the_plans_dose():
    assert run(start()) == {
        "action": "start_session",
        "allowed": True,
        "refusals": [],
        "dose_mg": 150,
        "flags": [],
        "holds": [],
        "crisis_resources": False,
    }


def test_an_allowed_start_begins_a_session_at_the_dose_offered():
    run(start())
    session = HomeSession.objects.get(started_at=NOW)
    assert session.mg == 150


def test_a_refused_start_is_recorded_as_a_refused_safety_check():
    result = run(start(readings(170, 90, 72)))
    assert result["dose_mg"] is None
    assert SafetyCheck.objects.filter(checked_at=NOW, passed=False).count() == 1
    assert not HomeSession.objects.filter(started_at=NOW).exists()


# Readings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        (49, 40, 72),
        (301, 80, 72),
        (120, 29, 72),
        (250, 201, 72),
        (120, 80, 24),
        (120, 80, 251),
        (120, 120, 72),
        (120, 121, 72),
        (0, 0, 0),
    ],
    ids=lambda values: "/".join(map(str, values)),
)
def test_a_reading_that_cannot_be_real_is_implausible(values: tuple[int, int, int]):
    assert refusals(start(readings(*values))) == ["vitals_implausible"]


@pytest.mark.parametrize(
    "values",
    [(310, 120, 120), (120, 25, 40), (100, 100, 30), (170, 80, 260), (80, 40, 20)],
    ids=lambda values: "/".join(map(str, values)),
)
def test_an_implausible_reading_reports_neither_high_nor_low(values: tuple[int, int, int]):
    assert refusals(start(readings(*values))) == ["vitals_implausible"]


def test_the_lowest_plausible_readings_are_low_not_implausible():
    assert refusals(start(readings(50, 30, 25))) == ["vitals_low"]


def test_the_highest_plausible_readings_are_high_not_implausible():
    assert refusals(start(readings(300, 200, 250))) == ["vitals_high"]


def test_a_systolic_of_160_is_high():
    assert refusals(start(readings(160, 90, 72))) == ["vitals_high"]


def test_a_diastolic_of_100_is_high():
    assert refusals(start(readings(150, 100, 72))) == ["vitals_high"]


def test_a_pulse_of_101_is_high():
    assert refusals(start(readings(120, 80, 101))) == ["vitals_high"]


def test_159_over_99_with_a_pulse_of_100_is_not_high():
    assert refusals(start(readings(159, 99, 100))) == []


@pytest.mark.parametrize(
    ("limits", "high", "fine"),
    [
        ({"systolic": 140}, (140, 80, 72), (139, 80, 72)),
        ({"diastolic": 90}, (130, 90, 72), (130, 89, 72)),
        ({"pulse": 90}, (120, 80, 91), (120, 80, 90)),
    ],
    ids=["systolic", "diastolic", "pulse"],
)
def test_a_plans_stricter_limits_apply(limits: Json, high: tuple, fine: tuple):
    plan = {"limits": limits}
    assert refusals(start(readings(*high), plan=plan)) == ["vitals_high"]
    assert refusals(start(readings(*fine), plan=plan)) == []


def test_without_a_plan_the_default_limits_apply():
    assert refusals(start(readings(160, 80, 72), plan=None)) == ["no_plan", "vitals_high"]
    assert refusals(start(readings(159, 80, 100), plan=None)) == ["no_plan"]


@pytest.mark.parametrize(
    "values", [(89, 60, 72), (120, 49, 72), (120, 80, 49)], ids=["systolic", "diastolic", "pulse"]
)
def test_a_reading_below_90_50_or_a_pulse_below_50_is_low(values: tuple[int, int, int]):
    assert refusals(start(readings(*values))) == ["vitals_low"]


def test_90_over_50_with_a_pulse_of_50_is_not_low():
    assert refusals(start(readings(90, 50, 50))) == []


def test_a_reading_both_high_and_low_reports_both():
    assert refusals(start(readings(170, 45, 72))) == ["vitals_high", "vitals_low"]


# Re-checks and the day --------------------------------------------------------------------


def test_a_refused_check_14_minutes_59_seconds_ago_means_rest_first():
    raw = start({}, refused_check(before(minutes=14, seconds=59)))
    assert refusals(raw) == ["recheck_too_soon"]


def test_a_refused_check_exactly_15_minutes_ago_allows_a_recheck():
    assert refusals(start({}, refused_check(before(minutes=15)))) == []


def test_a_passed_check_a_minute_ago_does_not_mean_rest():
    raw = start({}, event("safety_check", before(minutes=1), result="passed"))
    assert refusals(raw) == []


def test_two_refused_checks_earlier_today_mean_no_dose_today():
    raw = start({}, refused_check(before(hours=2)), refused_check(before(hours=1)))
    assert refusals(raw) == ["no_dose_today"]


def test_one_refused_check_earlier_today_still_allows_a_dose():
    assert refusals(start({}, refused_check(before(hours=1)))) == []


def test_two_refused_checks_yesterday_do_not_stop_a_dose_today():
    raw = start({}, refused_check(before(hours=12)), refused_check(before(hours=11)))
    assert refusals(raw) == []


def test_two_passed_checks_today_do_not_stop_a_dose():
    raw = start(
        {},
        event("safety_check", before(hours=2), result="passed"),
        event("safety_check", before(hours=1), result="passed"),
    )
    assert refusals(raw) == []


def test_a_refused_check_late_yesterday_in_the_patients_zone_is_not_today():
    raw = start(
        {},
        refused_check("2026-12-10T04:30:00+00:00"),  # 23:30 on 9 December in New York
        refused_check("2026-12-10T06:00:00+00:00"),  # 01:00 on 10 December
    )
    assert refusals(raw) == []


def test_two_refused_checks_just_after_midnight_in_the_patients_zone_are_today():
    raw = start(
        {},
        refused_check("2026-12-10T05:30:00+00:00"),  # 00:30 on 10 December in New York
        refused_check("2026-12-10T06:00:00+00:00"),
    )
    assert refusals(raw) == ["no_dose_today"]


def test_a_refused_check_late_yesterday_means_rest_but_is_not_todays():
    now = moment("2026-12-10T00:05:00-05:00")
    raw = start(
        now=now,
        history=[
            *in_treatment(now),
            refused_check("2026-12-09T22:00:00-05:00"),
            refused_check("2026-12-09T23:55:00-05:00"),
        ],
    )
    assert refusals(raw) == ["recheck_too_soon"]


def test_the_day_is_the_patients_own_when_they_live_in_central_time():
    checks = (
        refused_check("2026-12-10T00:30:00-05:00"),  # 23:30 on 9 December in Chicago
        refused_check("2026-12-10T07:00:00-05:00"),
    )
    assert refusals(start({}, *checks)) == ["no_dose_today"]
    raw = start({}, *checks, patient={"time_zone": "America/Chicago"})
    assert refusals(raw) == []


def test_a_second_refused_check_within_15_minutes_reports_both_rules():
    raw = start({}, refused_check(before(hours=2)), refused_check(before(minutes=5)))
    assert refusals(raw) == ["no_dose_today", "recheck_too_soon"]


# The checklist ----------------------------------------------------------------------------


@pytest.mark.parametrize("item", CHECKLIST)
def test_any_checklist_item_not_true_leaves_the_checklist_incomplete(item: str):
    result = run(start({"checklist": {item: False}}))
    assert (result["refusals"], result["dose_mg"]) == (["checklist_incomplete"], None)


def test_a_checklist_with_every_item_false_is_reported_once():
    raw = start({"checklist": dict.fromkeys(CHECKLIST, False)})
    assert refusals(raw) == ["checklist_incomplete"]


def test_a_checklist_with_every_item_given_true_is_complete():
    assert refusals(start({"checklist": dict.fromkeys(CHECKLIST, True)})) == []


# The last dose, the week, the after-log ---------------------------------------------------


def test_a_session_19_hours_59_minutes_59_seconds_ago_is_too_soon():
    last = event("session", before(hours=19, minutes=59, seconds=59))
    raw = start(history=[*in_treatment(sessions=(13, 11)), last])
    assert refusals(raw) == ["too_soon_after_last_dose"]


def test_a_session_exactly_20_hours_ago_is_not_too_soon():
    last = event("session", before(hours=20))
    assert refusals(start(history=[*in_treatment(sessions=(13, 11)), last])) == []


def test_a_dose_at_23_30_then_00_30_is_not_possible():
    now = moment("2026-12-10T00:30:00-05:00")
    last = event("session", "2026-12-09T23:30:00-05:00")
    raw = start(now=now, history=[*in_treatment(now, sessions=(13, 11)), last])
    assert refusals(raw) == ["too_soon_after_last_dose"]


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        ("2026-10-31T17:00:00-04:00", []),
        ("2026-10-31T17:00:01-04:00", ["too_soon_after_last_dose"]),
    ],
    ids=["20_hours", "a_second_less"],
)
def test_20_hours_are_elapsed_time_across_the_end_of_daylight_saving(
    last: str, expected: list[str]
):
    now = moment("2026-11-01T12:00:00-05:00")  # 19 hours later by the clock on the wall
    raw = start(now=now, history=[*in_treatment(now, sessions=(13, 11)), event("session", last)])
    assert refusals(raw) == expected


@pytest.mark.parametrize(
    ("oldest", "expected"),
    [("2026-10-29T10:00:00-04:00", []), ("2026-10-29T10:00:01-04:00", ["weekly_limit_reached"])],
    ids=["7_days", "a_second_less"],
)
def test_7_days_are_elapsed_time_across_the_end_of_daylight_saving(
    oldest: str, expected: list[str]
):
    now = moment("2026-11-05T09:00:00-05:00")
    history = [*in_treatment(now, sessions=(13, 4, 2)), event("session", oldest)]
    assert refusals(start(now=now, history=history)) == expected


def test_three_sessions_in_the_last_7_days_reach_the_weekly_limit():
    raw = start(history=in_treatment(sessions=(13, 11, 6, 4, 2)))
    assert refusals(raw) == ["weekly_limit_reached"]


def test_a_session_exactly_7_days_ago_is_not_in_the_week():
    assert refusals(start(history=in_treatment(sessions=(13, 11, 7, 4, 2)))) == []


def test_a_session_just_under_7_days_ago_is_in_the_week():
    week = [event("session", before(days=6, hours=23, minutes=59, seconds=59))]
    raw = start(history=in_treatment(sessions=(13, 11, 4, 2)) + week)
    assert refusals(raw) == ["weekly_limit_reached"]


def test_the_plans_doses_per_week_limit_when_it_is_the_lesser():
    raw = start(history=in_treatment(sessions=(13, 11, 4, 2)), plan={"doses_per_week": 2})
    assert refusals(raw) == ["weekly_limit_reached"]


def test_the_prescriptions_doses_per_week_limit_when_it_is_the_lesser():
    history = in_treatment(prescription={"doses_per_week": 2}, sessions=(13, 11, 4, 2))
    assert refusals(start(history=history)) == ["weekly_limit_reached"]


def test_two_sessions_in_the_week_are_within_a_limit_of_three():
    assert refusals(start(history=in_treatment(sessions=(13, 11, 4, 2)))) == []


def test_without_a_plan_the_prescriptions_doses_per_week_are_the_limit():
    history = in_treatment(prescription={"doses_per_week": 2}, sessions=(13, 11, 4, 2))
    assert refusals(start(history=history, plan=None)) == ["no_plan", "weekly_limit_reached"]
    history = in_treatment(sessions=(13, 11, 4, 2))
    assert refusals(start(history=history, plan=None)) == ["no_plan"]


def test_without_a_current_prescription_the_plans_doses_per_week_are_the_limit():
    history = in_treatment(prescription={"status": "cancelled"}, sessions=(13, 11, 4, 2))
    raw = start(history=history, plan={"doses_per_week": 2})
    assert refusals(raw) == ["no_supply", "weekly_limit_reached"]


def test_without_a_plan_or_a_current_prescription_the_week_is_not_checked():
    history = in_treatment(prescription={"status": "cancelled"}, sessions=(6, 5, 4, 3, 2))
    assert refusals(start(history=history, plan=None)) == ["no_plan", "no_supply"]


def test_an_expired_current_prescription_still_sets_the_weekly_limit():
    history = in_treatment(
        prescription={"doses_per_week": 2}, issued_days_ago=200, sessions=(13, 11, 4, 2)
    )
    assert refusals(start(history=history)) == ["no_supply", "weekly_limit_reached"]


def test_a_latest_session_without_an_after_log_stops_the_next():
    history = [
        *in_treatment(sessions=(13, 11, 6)),
        event("session", before(days=4), after_log=False),
    ]
    assert refusals(start(history=history)) == ["after_log_missing"]


def test_an_earlier_session_without_an_after_log_does_not_stop_the_next():
    history = [
        *in_treatment(sessions=(13, 11, 4)),
        event("session", before(days=6), after_log=False),
    ]
    assert refusals(start(history=history)) == []


def test_no_treatment_plan_is_refused():
    result = run(start(plan=None))
    assert (result["refusals"], result["dose_mg"]) == (["no_plan"], None)


# Supply -----------------------------------------------------------------------------------


def test_no_prescription_means_no_supply():
    assert refusals(start(history=ready_to_prescribe())) == ["no_supply"]


def test_a_cancelled_prescription_means_no_supply():
    history = in_treatment(prescription={"status": "cancelled"})
    assert refusals(start(history=history)) == ["no_supply"]


def expired_by(now: dt.datetime) -> list[Json]:
    """A prescription issued 31 May (its last day 30 November), delivered 2 June."""
    return [
        event("prescription", "2026-05-31T12:00:00-04:00"),
        event("fill", "2026-06-02T12:00:00-04:00"),
        event("session", before(now, days=3)),
        event("check_in", before(now, days=2), instrument="peg", items=[3, 3, 3]),
    ]


def test_a_prescription_on_its_last_day_still_supplies_a_dose():
    now = moment("2026-11-30T23:00:00-05:00")
    assert refusals(start(history=expired_by(now), now=now)) == []


def test_an_expired_prescription_means_no_supply():
    now = moment("2026-12-01T01:00:00-05:00")
    assert refusals(start(history=expired_by(now), now=now)) == ["no_supply"]


def test_no_fill_means_no_supply():
    history = [h for h in in_treatment(sessions=()) if h["event"] != "fill"]
    assert refusals(start(history=history)) == ["no_supply"]


def test_a_fill_not_yet_delivered_means_no_supply():
    history = in_treatment(fill={"delivered": False}, sessions=())
    assert refusals(start(history=history)) == ["no_supply"]


def test_a_fill_used_up_means_no_supply():
    history = in_treatment(fill={"units": 8})
    assert refusals(start(history=history)) == ["no_supply"]


def test_a_fill_with_more_used_than_delivered_means_no_supply():
    history = in_treatment(fill={"units": 7})
    assert refusals(start(history=history)) == ["no_supply"]


def test_one_unit_left_offers_one_units_dose():
    result = run(start(history=in_treatment(fill={"units": 9})))
    assert (result["refusals"], result["dose_mg"]) == ([], 75)


def test_sessions_before_the_fill_was_delivered_do_not_use_it():
    history = [
        event("prescription", before(days=30)),
        event("session", before(days=20)),
        event("session", before(days=18)),
        event("fill", before(days=15), units=2),
    ]
    result = run(start(history=history))
    assert (result["refusals"], result["dose_mg"]) == ([], 150)


def test_a_session_at_the_instant_of_delivery_uses_the_fill():
    history = [
        event("prescription", before(days=30)),
        event("fill", before(days=13), units=4),
        event("session", before(days=13)),
        event("session", before(days=11)),
    ]
    assert refusals(start(history=history)) == ["no_supply"]


def test_a_session_a_second_before_delivery_does_not_use_the_fill():
    history = [
        event("prescription", before(days=30)),
        event("fill", before(days=13), units=4),
        event("session", before(days=13, seconds=1)),
        event("session", before(days=11)),
    ]
    assert run(start(history=history))["dose_mg"] == 150


def test_a_new_fill_on_hand_starts_the_count_of_units_used_again():
    history = [*in_treatment(fill={"units": 8}), event("fill", before(days=1), units=24)]
    result = run(start(history=history))
    assert (result["refusals"], result["dose_mg"]) == ([], 150)


def test_a_later_fill_not_yet_delivered_leaves_the_delivered_one_on_hand():
    history = [*in_treatment(), event("fill", before(days=1), delivered=False)]
    assert run(start(history=history))["dose_mg"] == 150


def test_a_fill_at_the_instant_of_its_prescription_belongs_to_it_in_any_input_order():
    issued = before(days=30)
    history = [
        event("fill", issued),
        event("prescription", issued),
        *in_treatment()[4:],
    ]
    assert run(start(history=history))["dose_mg"] == 150


def test_a_fill_of_an_earlier_prescription_does_not_supply_the_current_one():
    history = [
        event("prescription", before(days=40), status="cancelled"),
        event("fill", before(days=38)),
        event("prescription", before(days=30)),
        event("session", before(days=4)),
    ]
    assert refusals(start(history=history)) == ["no_supply"]


# The dose offered -------------------------------------------------------------------------


def test_the_dose_offered_is_the_plans_when_it_is_the_least():
    assert run(start(plan={"dose_mg": 100}))["dose_mg"] == 100


def test_the_dose_offered_is_the_prescriptions_when_it_is_the_least():
    history = in_treatment(prescription={"dose_mg": 100, "unit_mg": 50})
    assert run(start(history=history, plan={"dose_mg": 200}))["dose_mg"] == 100


def test_the_dose_offered_is_what_is_left_when_that_is_the_least():
    result = run(start(history=in_treatment(fill={"units": 9}), plan={"dose_mg": 300}))
    assert result["dose_mg"] == 75


def test_two_units_left_offer_the_whole_dose():
    assert run(start(history=in_treatment(fill={"units": 10})))["dose_mg"] == 150


# Holds ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cause", "code", "hold"),
    [
        (event("red_flag", before(days=1), kind="bladder"), "bladder_hold", "bladder"),
        (event("red_flag", before(days=1), kind="self_harm"), "suicidality_hold", "suicidality"),
        (
            event("red_flag", before(days=1), kind="severe_reaction"),
            "adverse_event_hold",
            "adverse_event",
        ),
        (
            event("red_flag", before(days=1), kind="very_high_bp"),
            "adverse_event_hold",
            "adverse_event",
        ),
        (
            event("adverse_event", before(days=1), severity="serious"),
            "adverse_event_hold",
            "adverse_event",
        ),
        (
            event("check_in", before(days=1), instrument="phq9", items=[0] * 8 + [3]),
            "suicidality_hold",
            "suicidality",
        ),
    ],
    ids=["bladder", "self_harm", "severe_reaction", "very_high_bp", "serious_ae", "phq9_item9"],
)
def test_an_open_hold_stops_a_session(cause: Json, code: str, hold: str):
    result = run(start({}, cause))
    assert (result["allowed"], result["refusals"], result["holds"]) == (False, [code], [hold])
    assert (result["dose_mg"], result["crisis_resources"]) == (None, False)


def test_every_rule_that_refuses_is_reported_at_once():
    history = [
        *in_treatment(prescription={"status": "cancelled"}, sessions=(13, 11, 6, 4)),
        event("session", before(hours=2), after_log=False),
        refused_check(before(hours=1, minutes=30)),
        refused_check(before(minutes=10)),
        event("red_flag", before(hours=1), kind="bladder"),
    ]
    raw = start({**readings(170, 45, 72), "checklist": {"fasted_2h": False}}, history=history)
    assert refusals(raw) == [
        "after_log_missing",
        "bladder_hold",
        "checklist_incomplete",
        "no_dose_today",
        "no_supply",
        "recheck_too_soon",
        "too_soon_after_last_dose",
        "vitals_high",
        "vitals_low",
        "weekly_limit_reached",
    ]
