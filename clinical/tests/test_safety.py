"""The session gate and the after-session flags, as pure functions, on and either side of
every limit. ``simulation/tests`` checks the same rules from the outside, through the verbs."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinical.holds import FlagKind, Hold
from clinical.plan import SessionSafetyLimits
from clinical.policy import DEFAULT_POLICY
from clinical.safety import (
    CHECKLIST_ITEMS,
    AfterSessionLog,
    BloodPressure,
    DosingFacts,
    SessionChecklist,
    SessionRefusal,
    SideEffect,
    Supply,
    VitalSigns,
    after_session_flags,
    check_session_start,
    dosing_blockers,
    offered_dose_mg,
    recheck_from,
    validate_after_log,
)

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=NEW_YORK)
READY = SessionChecklist(*[True] * len(CHECKLIST_ITEMS))
NORMAL = VitalSigns(124, 80, 72)
SUPPLY = Supply(unit_mg=75, prescription_dose_mg=150, units=24, units_used=8)
FACTS = DosingFacts(
    now=NOW,
    zone=NEW_YORK,
    has_plan=True,
    limits=SessionSafetyLimits(),
    plan_dose_mg=150,
    plan_doses_per_week=3,
    prescription_doses_per_week=3,
    supply=SUPPLY,
    refused_checks=(),
    session_starts=(NOW - timedelta(days=4), NOW - timedelta(days=6)),
    latest_session_logged=True,
)


def facts(**changes: object) -> DosingFacts:
    return replace(FACTS, **changes)  # type: ignore[arg-type]


def codes(
    readings: VitalSigns = NORMAL, checklist: SessionChecklist = READY, **changes: object
) -> list[str]:
    return check_session_start(facts(**changes), readings, checklist).codes


def test_a_ready_patient_may_start_with_the_prescribed_dose() -> None:
    verdict = check_session_start(FACTS, NORMAL, READY)
    assert verdict.may_start
    assert verdict.dose_mg == 150


@pytest.mark.parametrize(
    ("reading", "expected"),
    [
        (VitalSigns(159, 99, 100), []),
        (VitalSigns(160, 90, 72), ["vitals_high"]),
        (VitalSigns(150, 100, 72), ["vitals_high"]),
        (VitalSigns(124, 80, 101), ["vitals_high"]),
        (VitalSigns(90, 50, 50), []),
        (VitalSigns(89, 60, 72), ["vitals_low"]),
        (VitalSigns(110, 49, 72), ["vitals_low"]),
        (VitalSigns(124, 80, 49), ["vitals_low"]),
        (VitalSigns(170, 80, 45), ["vitals_high", "vitals_low"]),
    ],
)
def test_the_readings_refuse_at_their_limits(reading: VitalSigns, expected: list[str]) -> None:
    assert codes(reading) == expected


@pytest.mark.parametrize(
    "reading",
    [
        VitalSigns(49, 40, 72),
        VitalSigns(301, 100, 72),
        VitalSigns(120, 29, 72),
        VitalSigns(250, 201, 72),
        VitalSigns(120, 80, 24),
        VitalSigns(120, 80, 251),
        VitalSigns(120, 120, 72),
        VitalSigns(80, 95, 40),
    ],
)
def test_a_reading_that_cannot_be_real_is_only_implausible(reading: VitalSigns) -> None:
    assert codes(reading) == ["vitals_implausible"]


def test_a_stricter_plan_refuses_sooner() -> None:
    strict = SessionSafetyLimits(150, 95, 90)
    assert codes(VitalSigns(150, 80, 72), limits=strict) == ["vitals_high"]
    assert codes(VitalSigns(140, 80, 91), limits=strict) == ["vitals_high"]
    assert codes(VitalSigns(149, 94, 90), limits=strict) == []


def test_a_stricter_policy_raises_the_floor() -> None:
    strict = DEFAULT_POLICY.stricter(low_systolic_below=95)
    verdict = check_session_start(FACTS, VitalSigns(94, 60, 72), READY, strict)
    assert verdict.codes == ["vitals_low"]


@pytest.mark.parametrize("item", CHECKLIST_ITEMS)
def test_every_checklist_item_must_be_true(item: str) -> None:
    checklist = replace(READY, **{item: False})
    assert codes(checklist=checklist) == ["checklist_incomplete"]


def test_a_refused_check_under_15_minutes_ago_means_wait() -> None:
    assert codes(refused_checks=(NOW - timedelta(minutes=14, seconds=59),)) == ["recheck_too_soon"]
    assert codes(refused_checks=(NOW - timedelta(minutes=15),)) == []


def test_two_refused_checks_earlier_today_mean_no_dose_today() -> None:
    two = (NOW - timedelta(hours=2), NOW - timedelta(hours=1))
    assert codes(refused_checks=two) == ["no_dose_today"]
    assert codes(refused_checks=two[1:]) == []


def test_the_day_is_the_patients_own() -> None:
    # 00:30 and 01:00 UTC on 10 December are the evening of 9 December in New York.
    yesterday_evening = (
        datetime(2026, 12, 10, 0, 30, tzinfo=UTC),
        datetime(2026, 12, 10, 1, 0, tzinfo=UTC),
    )
    assert codes(refused_checks=yesterday_evening) == []
    later = NOW.replace(hour=23)
    just_after_midnight = (later - timedelta(hours=22), later - timedelta(hours=1))
    assert codes(refused_checks=just_after_midnight, now=later) == ["no_dose_today"]


def test_doses_are_20_hours_apart() -> None:
    assert codes(session_starts=(NOW - timedelta(hours=19, minutes=59, seconds=59),)) == [
        "too_soon_after_last_dose"
    ]
    assert codes(session_starts=(NOW - timedelta(hours=20),)) == []


def test_the_week_allows_the_lesser_of_the_plan_and_the_prescription() -> None:
    three = tuple(NOW - timedelta(days=d) for d in (1, 3, 5))
    two = three[:2]
    assert codes(session_starts=three) == ["weekly_limit_reached"]
    assert codes(session_starts=two, plan_doses_per_week=2) == ["weekly_limit_reached"]
    assert codes(session_starts=two, prescription_doses_per_week=2) == ["weekly_limit_reached"]
    assert codes(session_starts=two) == []


def test_either_weekly_limit_counts_alone_and_neither_means_no_limit() -> None:
    seven = tuple(NOW - timedelta(days=d) for d in range(1, 7))
    assert "weekly_limit_reached" in codes(
        session_starts=seven, has_plan=False, plan_doses_per_week=None, plan_dose_mg=None
    )
    assert "weekly_limit_reached" not in codes(
        session_starts=seven,
        has_plan=False,
        plan_doses_per_week=None,
        plan_dose_mg=None,
        prescription_doses_per_week=None,
    )


def test_a_session_exactly_7_days_ago_is_out_of_the_week() -> None:
    week = (NOW - timedelta(days=7), NOW - timedelta(days=3), NOW - timedelta(days=1))
    assert codes(session_starts=week) == []


def test_the_latest_session_needs_its_after_log() -> None:
    assert codes(latest_session_logged=False) == ["after_log_missing"]
    assert codes(latest_session_logged=None, session_starts=()) == []


def test_no_plan_and_no_supply_refuse() -> None:
    assert codes(has_plan=False, plan_dose_mg=None, plan_doses_per_week=None) == ["no_plan"]
    assert codes(supply=None) == ["no_supply"]
    assert codes(supply=replace(SUPPLY, units_used=24)) == ["no_supply"]
    assert codes(supply=replace(SUPPLY, units_used=23)) == []


@pytest.mark.parametrize("hold", list(Hold))
def test_every_hold_refuses_whatever_the_readings(hold: Hold) -> None:
    assert codes(VitalSigns(124, 80, 72), open_holds=frozenset({hold})) == [hold.refusal_code]


def test_it_gives_every_refusal_at_once() -> None:
    refused = codes(
        VitalSigns(170, 80, 72),
        replace(READY, monitor_present=False),
        latest_session_logged=False,
        supply=None,
        open_holds=frozenset(Hold),
    )
    assert refused == sorted(
        [
            "vitals_high",
            "checklist_incomplete",
            "after_log_missing",
            "no_supply",
            "adverse_event_hold",
            "bladder_hold",
            "suicidality_hold",
        ]
    )


def test_every_refusal_tells_the_patient_what_to_do() -> None:
    verdict = check_session_start(
        facts(open_holds=frozenset(Hold), supply=None, latest_session_logged=False),
        VitalSigns(200, 115, 72),
        replace(READY, no_self_harm_thoughts=False),
    )
    assert all(r.what_to_do[0].isupper() and r.what_to_do.endswith(".") for r in verdict.refusals)
    assert any("911" in r.what_to_do for r in verdict.refusals)
    assert any("988" in r.what_to_do for r in verdict.refusals)


@pytest.mark.parametrize(
    ("plan_mg", "units_left", "dose"),
    [(150, 16, 150), (100, 16, 100), (200, 16, 150), (150, 1, 75), (150, 2, 150)],
)
def test_the_dose_offered_is_the_least_of_plan_prescription_and_supply(
    plan_mg: int, units_left: int, dose: int
) -> None:
    supply = replace(SUPPLY, units=24, units_used=24 - units_left)
    assert offered_dose_mg(facts(plan_dose_mg=plan_mg, supply=supply)) == dose


def test_no_dose_is_offered_without_a_plan_or_a_fill_on_hand() -> None:
    assert offered_dose_mg(facts(plan_dose_mg=None)) is None
    assert offered_dose_mg(facts(supply=None)) is None


def test_the_blockers_need_no_readings() -> None:
    blocked = dosing_blockers(facts(refused_checks=(NOW - timedelta(minutes=5),)))
    assert [r.code for r in blocked] == [SessionRefusal.RECHECK_TOO_SOON]


def test_after_one_refusal_the_patient_is_told_when_to_measure_again() -> None:
    refused_at = NOW - timedelta(minutes=5)
    assert recheck_from(facts(refused_checks=(refused_at,))) == refused_at + timedelta(minutes=15)
    assert recheck_from(facts(refused_checks=(NOW - timedelta(minutes=20),))) is None
    two = (NOW - timedelta(hours=1), NOW - timedelta(minutes=5))
    assert recheck_from(facts(refused_checks=two)) is None


@given(
    st.integers(0, 400),
    st.integers(0, 250),
    st.integers(0, 300),
    st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_no_refusal_means_every_limit_held(
    systolic: int, diastolic: int, pulse: int, answers: list[bool]
) -> None:
    verdict = check_session_start(FACTS, VitalSigns(systolic, diastolic, pulse), READY)
    checklist = SessionChecklist(*answers)
    full = check_session_start(FACTS, VitalSigns(systolic, diastolic, pulse), checklist)
    if full.may_start:
        assert verdict.may_start and all(answers)
        assert 90 <= systolic < 160 and 50 <= diastolic < 100 and 50 <= pulse <= 100
        assert diastolic < systolic
        assert full.dose_mg == 150


# After the session ----------------------------------------------------------------------


def after(**fields: object) -> AfterSessionLog:
    log: dict[str, object] = {"pain_now": 3, "dissociation": 4}
    log.update(fields)
    return AfterSessionLog(**log)  # type: ignore[arg-type]


def effects(*names: str) -> frozenset[SideEffect]:
    return frozenset(SideEffect(name) for name in names)


@pytest.mark.parametrize(
    ("log", "flags"),
    [
        (after(), []),
        (after(self_harm_thoughts=True), [FlagKind.SELF_HARM]),
        (after(side_effects=effects("bladder_pain")), [FlagKind.BLADDER]),
        (after(side_effects=effects("urinary_urgency")), [FlagKind.BLADDER]),
        (
            after(side_effects=effects("blood_in_urine")),
            [FlagKind.BLADDER, FlagKind.SEVERE_REACTION],
        ),
        (after(side_effects=effects("chest_pain")), [FlagKind.SEVERE_REACTION]),
        (after(side_effects=effects("breathlessness")), [FlagKind.SEVERE_REACTION]),
        (after(side_effects=effects("fainting")), [FlagKind.SEVERE_REACTION]),
        (after(side_effects=effects("fall_or_injury")), [FlagKind.SEVERE_REACTION]),
        (after(side_effects=effects("palpitations", "headache", "nausea")), []),
        (after(side_effects=effects("confusion")), []),
        (after(side_effects=effects("vomiting")), [FlagKind.VOMITING]),
        (
            after(side_effects=effects("confusion", "vomiting")),
            [FlagKind.SEVERE_REACTION, FlagKind.VOMITING],
        ),
        (
            after(dissociation=10, side_effects=effects("confusion")),
            [FlagKind.HIGH_DISSOCIATION, FlagKind.SEVERE_REACTION],
        ),
        (after(dissociation=10), [FlagKind.HIGH_DISSOCIATION]),
        (after(dissociation=9), [FlagKind.HIGH_DISSOCIATION]),
        (after(dissociation=8), []),
        (after(blood_pressure=BloodPressure(180, 90)), [FlagKind.VERY_HIGH_BP]),
        (after(blood_pressure=BloodPressure(150, 110)), [FlagKind.VERY_HIGH_BP]),
        (after(blood_pressure=BloodPressure(179, 109)), []),
    ],
)
def test_the_after_log_raises_exactly_its_flags(log: AfterSessionLog, flags: list[str]) -> None:
    assert after_session_flags(log) == sorted(flags, key=str)


def test_each_flag_opens_the_contracts_hold() -> None:
    assert FlagKind.SELF_HARM.hold is Hold.SUICIDALITY
    assert FlagKind.SUICIDALITY.hold is Hold.SUICIDALITY
    assert FlagKind.BLADDER.hold is Hold.BLADDER
    assert FlagKind.SEVERE_REACTION.hold is Hold.ADVERSE_EVENT
    assert FlagKind.VERY_HIGH_BP.hold is Hold.ADVERSE_EVENT
    assert FlagKind.HIGH_DISSOCIATION.hold is None
    assert FlagKind.VOMITING.hold is None


def test_an_after_log_with_impossible_numbers_is_sent_back() -> None:
    assert validate_after_log(after(pain_now=11))
    assert validate_after_log(after(blood_pressure=BloodPressure(80, 120)))
    assert validate_after_log(after(blood_pressure=BloodPressure(120, 80))) == []
