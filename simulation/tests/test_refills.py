"""``request_refill`` and ``approve_refill``: the same gate at the request and at approval."""

import datetime as dt
from typing import Any

import pytest

from simulation.tests.scenarios import (
    Json,
    action,
    before,
    event,
    in_treatment,
    moment,
    ready_to_prescribe,
    run,
    scenario,
    sessions_using,
)

pytestmark = pytest.mark.django_db


def refill(
    kind: str = "request_refill",
    *extra: Json,
    used: int = 12,
    prescription: Json | None = None,
    fill: Json | None = None,
    check_in_days_ago: float | None = 3,
    **sections: Any,
) -> Json:
    """A patient in treatment who has taken ``used`` of the 24 units delivered 28 days ago."""
    history = in_treatment(
        prescription=prescription,
        fill=fill,
        sessions=sessions_using(used),
        check_in_days_ago=check_in_days_ago,
    )
    return scenario(action(kind), [*history, *extra], **sections)


def requested(*extra: Json, **options: Any) -> Json:
    """An approval of the request made yesterday (20 hours before now)."""
    return refill("approve_refill", event("refill_request", before(hours=20)), *extra, **options)


def answer(raw: Json) -> tuple[bool, list[str], list[str]]:
    result = run(raw)
    assert result["dose_mg"] is None
    return result["allowed"], result["refusals"], result["flags"]


# Asking: how much has been taken ----------------------------------------------------------


def test_half_the_fill_taken_allows_a_request_flagged_early():
    assert run(refill(used=12)) == {
        "action": "request_refill",
        "allowed": True,
        "refusals": [],
        "dose_mg": None,
        "flags": ["early_refill"],
        "holds": [],
        "crisis_resources": False,
    }


def test_less_than_half_the_fill_taken_is_too_early():
    assert answer(refill(used=11)) == (False, ["too_early"], [])


def test_just_under_three_quarters_taken_is_still_early():
    assert answer(refill(used=17)) == (True, [], ["early_refill"])


def test_three_quarters_taken_is_not_early():
    assert answer(refill(used=18)) == (True, [], [])


def test_the_whole_fill_taken_is_not_early():
    assert answer(refill(used=24)) == (True, [], [])


def test_the_share_taken_is_of_the_fills_own_units():
    assert answer(refill(used=5, fill={"units": 10})) == (True, [], ["early_refill"])
    assert answer(refill(used=4, fill={"units": 10})) == (False, ["too_early"], [])
    assert answer(refill(used=8, fill={"units": 10})) == (True, [], [])


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        (12, (False, ["too_early"], [])),
        (13, (True, [], ["early_refill"])),
        (18, (True, [], ["early_refill"])),
        (19, (True, [], [])),
    ],
    ids=["48%", "52%", "72%", "76%"],
)
def test_the_shares_of_an_odd_number_of_units_are_exact(
    used: int, expected: tuple[bool, list[str], list[str]]
):
    assert answer(refill(used=used, fill={"units": 25})) == expected


def test_no_fill_on_hand_is_too_early():
    assert answer(refill(used=0, fill={"delivered": False})) == (False, ["too_early"], [])


def test_no_fill_at_all_is_too_early():
    raw = refill(used=0)
    raw["history"] = [h for h in raw["history"] if h["event"] != "fill"]
    assert answer(raw) == (False, ["too_early"], [])


def test_sessions_before_the_fill_was_delivered_do_not_count_as_taken_from_it():
    history = [
        event("prescription", before(days=30)),
        *(event("session", before(days=29, hours=hours), units=2) for hours in range(0, 12, 2)),
        event("fill", before(days=28), units=12),
        event("check_in", before(days=3), instrument="peg", items=[4, 4, 3]),
    ]
    assert answer(scenario(action("request_refill"), history)) == (False, ["too_early"], [])


# Asking: the rest of the gate -------------------------------------------------------------


def test_no_prescription_at_all_is_refused():
    history = [
        *ready_to_prescribe(),
        event("check_in", before(days=3), instrument="gad7", items=[0] * 7),
    ]
    raw = scenario(action("request_refill"), history)
    assert answer(raw) == (False, ["no_active_prescription", "too_early"], [])


def test_a_cancelled_prescription_cannot_be_refilled():
    raw = refill(prescription={"status": "cancelled"})
    assert answer(raw) == (False, ["no_active_prescription", "too_early"], [])


def expiring(now: dt.datetime, kind: str = "request_refill", *extra: Json) -> Json:
    """A prescription issued 31 May (its last day 30 November), half its fill taken."""
    history = [
        event("prescription", "2026-05-31T12:00:00-04:00"),
        event("fill", "2026-06-02T12:00:00-04:00"),
        *(event("session", before(now, days=10 - day)) for day in range(6)),
        event("check_in", before(now, days=2), instrument="peg", items=[3, 3, 3]),
        *extra,
    ]
    return scenario(action(kind), history, now=now)


def test_a_prescription_may_be_refilled_on_its_last_day():
    raw = expiring(moment("2026-11-30T23:30:00-05:00"))
    assert answer(raw) == (True, [], ["early_refill"])


def test_a_prescription_past_its_last_day_has_expired():
    raw = expiring(moment("2026-12-01T00:30:00-05:00"))
    assert answer(raw) == (False, ["prescription_expired"], [])


def test_a_fill_delivered_more_than_a_year_ago_is_still_the_fill_on_hand():
    history = [
        event("prescription", "2025-10-01T09:00:00-04:00"),
        event("fill", "2025-10-03T09:00:00-04:00"),
        *(event("session", f"2025-10-{day:02d}T09:00:00-04:00") for day in range(4, 20, 2)),
        event("check_in", before(days=2), instrument="peg", items=[3, 3, 3]),
    ]
    raw = scenario(action("request_refill"), history)
    assert answer(raw) == (False, ["prescription_expired"], [])


def approved_refills(count: int, *, days_ago: int = 20) -> list[Json]:
    return [event("refill_approved", before(days=days_ago - number)) for number in range(count)]


def test_one_refill_used_of_two_leaves_one():
    assert answer(refill("request_refill", *approved_refills(1))) == (True, [], ["early_refill"])


def test_two_refills_used_of_two_leave_none():
    raw = refill("request_refill", *approved_refills(2))
    assert answer(raw) == (False, ["no_refills_left"], [])


def test_a_prescription_with_no_refills_has_none_left():
    assert answer(refill(prescription={"refills": 0})) == (False, ["no_refills_left"], [])


def test_refills_approved_on_an_earlier_prescription_do_not_count():
    history = [
        event("prescription", before(days=60)),
        event("refill_approved", before(days=50)),
        event("refill_approved", before(days=45)),
        *in_treatment(sessions=sessions_using(12)),
    ]
    assert answer(scenario(action("request_refill"), history)) == (True, [], ["early_refill"])


def test_a_refill_approved_at_the_instant_of_issue_counts_in_any_input_order():
    history = in_treatment(prescription={"refills": 1}, sessions=sessions_using(12))
    history.insert(2, event("refill_approved", history[2]["at"]))
    assert answer(scenario(action("request_refill"), history)) == (
        False,
        ["no_refills_left"],
        [],
    )


def test_a_second_fill_without_a_refill_approved_uses_no_refill():
    """Only ``refill_approved`` events count towards the refills used."""
    raw = refill(
        "request_refill",
        event("fill", before(days=10)),
        *(event("session", before(days=9 - day)) for day in range(6)),
        used=2,
        prescription={"refills": 1},
    )
    assert answer(raw) == (True, [], ["early_refill"])


@pytest.mark.parametrize("subscription", ["past_due", "cancelled", "none"])
def test_a_subscription_that_is_not_active_stops_a_request(subscription: str):
    raw = refill(patient={"subscription": subscription})
    assert answer(raw) == (False, ["subscription_not_active"], [])


def test_a_check_in_exactly_14_days_ago_is_recent():
    check_in = event("check_in", before(days=14), instrument="gad7", items=[1] * 7)
    assert answer(refill("request_refill", check_in, check_in_days_ago=None)) == (
        True,
        [],
        ["early_refill"],
    )


def test_a_check_in_14_days_and_a_second_ago_is_not_recent():
    check_in = event("check_in", before(days=14, seconds=1), instrument="peg", items=[1, 1, 1])
    raw = refill("request_refill", check_in, check_in_days_ago=None)
    assert answer(raw) == (False, ["no_recent_check_in"], [])


def test_no_check_in_is_not_recent():
    assert answer(refill(check_in_days_ago=None)) == (False, ["no_recent_check_in"], [])


@pytest.mark.parametrize(
    ("cause", "code"),
    [
        (event("red_flag", before(days=1), kind="bladder"), "bladder_hold"),
        (event("red_flag", before(days=1), kind="self_harm"), "suicidality_hold"),
        (event("red_flag", before(days=1), kind="severe_reaction"), "adverse_event_hold"),
        (event("red_flag", before(days=1), kind="very_high_bp"), "adverse_event_hold"),
        (event("adverse_event", before(days=1), severity="serious"), "adverse_event_hold"),
        (
            event("check_in", before(days=1), instrument="phq9", items=[0] * 8 + [1]),
            "suicidality_hold",
        ),
    ],
    ids=["bladder", "self_harm", "severe_reaction", "very_high_bp", "serious_ae", "phq9_item9"],
)
def test_an_open_hold_stops_a_request(cause: Json, code: str):
    assert answer(refill("request_refill", cause)) == (False, [code], [])


def test_a_refused_request_is_never_flagged_early():
    raw = refill(used=14, patient={"subscription": "past_due"})
    assert answer(raw) == (False, ["subscription_not_active"], [])


def test_every_refusal_of_a_request_is_reported_at_once():
    raw = refill(
        "request_refill",
        *approved_refills(2),
        event("red_flag", before(days=1), kind="bladder"),
        used=3,
        check_in_days_ago=None,
        patient={"subscription": "cancelled"},
    )
    assert answer(raw) == (
        False,
        [
            "bladder_hold",
            "no_recent_check_in",
            "no_refills_left",
            "subscription_not_active",
            "too_early",
        ],
        [],
    )


def test_asking_again_while_a_request_waits_still_runs_the_gate():
    raw = refill(
        "request_refill",
        event("refill_request", before(days=2)),
        event("red_flag", before(days=1), kind="bladder"),
    )
    assert answer(raw) == (False, ["bladder_hold"], [])


# Approving --------------------------------------------------------------------------------


def test_a_waiting_request_that_passes_the_gate_is_approved_without_flags():
    assert run(requested()) == {
        "action": "approve_refill",
        "allowed": True,
        "refusals": [],
        "dose_mg": None,
        "flags": [],
        "holds": [],
        "crisis_resources": False,
    }


def test_too_early_is_not_a_reason_to_refuse_an_approval():
    assert answer(requested(used=2)) == (True, [], [])


def test_an_approval_with_no_request_is_refused():
    assert answer(refill("approve_refill")) == (False, ["no_pending_request"], [])


def test_a_request_already_approved_is_no_longer_pending():
    raw = refill(
        "approve_refill",
        event("refill_request", before(days=2)),
        event("refill_approved", before(days=1)),
    )
    assert answer(raw) == (False, ["no_pending_request"], [])


def test_a_new_request_after_an_approved_one_is_pending():
    raw = refill(
        "approve_refill",
        event("refill_request", before(days=3)),
        event("refill_approved", before(days=2)),
        event("refill_request", before(days=1)),
    )
    assert answer(raw) == (True, [], [])


@pytest.mark.parametrize(
    ("cause", "code", "hold"),
    [
        (event("red_flag", before(hours=2), kind="bladder"), "bladder_hold", "bladder"),
        (event("red_flag", before(hours=2), kind="self_harm"), "suicidality_hold", "suicidality"),
        (
            event("adverse_event", before(hours=2), severity="serious"),
            "adverse_event_hold",
            "adverse_event",
        ),
        (
            event("check_in", before(hours=2), instrument="phq9", items=[0] * 8 + [2]),
            "suicidality_hold",
            "suicidality",
        ),
    ],
    ids=["bladder", "self_harm", "serious_ae", "phq9_item9"],
)
def test_a_hold_opened_after_the_request_stops_the_approval(cause: Json, code: str, hold: str):
    result = run(requested(cause))
    assert (result["allowed"], result["refusals"], result["holds"]) == (False, [code], [hold])


def test_a_subscription_lapsed_by_the_approval_stops_it():
    raw = requested(patient={"subscription": "past_due"})
    assert answer(raw) == (False, ["subscription_not_active"], [])


def test_the_check_in_must_still_be_recent_at_the_approval():
    check_in = event("check_in", before(days=14, seconds=1), instrument="peg", items=[2, 2, 2])
    raw = requested(check_in, check_in_days_ago=None)
    assert answer(raw) == (False, ["no_recent_check_in"], [])


def test_a_check_in_exactly_14_days_before_the_approval_is_recent():
    check_in = event("check_in", before(days=14), instrument="peg", items=[2, 2, 2])
    assert answer(requested(check_in, check_in_days_ago=None)) == (True, [], [])


def test_an_approval_with_no_refills_left_is_refused():
    raw = refill(
        "approve_refill",
        event("refill_request", before(days=20)),
        event("refill_approved", before(days=19)),
        event("refill_request", before(days=1)),
        prescription={"refills": 1},
    )
    assert answer(raw) == (False, ["no_refills_left"], [])


def test_an_approval_after_the_prescription_expired_is_refused():
    raw = expiring(
        moment("2026-12-01T09:00:00-05:00"),
        "approve_refill",
        event("refill_request", "2026-11-30T20:00:00-05:00"),
    )
    assert answer(raw) == (False, ["prescription_expired"], [])


def test_an_approval_on_the_prescriptions_last_day_is_allowed():
    raw = expiring(
        moment("2026-11-30T21:00:00-05:00"),
        "approve_refill",
        event("refill_request", "2026-11-30T20:00:00-05:00"),
    )
    assert answer(raw) == (True, [], [])


def test_an_approval_without_an_active_prescription_is_refused():
    raw = requested(prescription={"status": "cancelled"})
    assert answer(raw) == (False, ["no_active_prescription", "no_pending_request"], [])


def test_a_prescriber_not_licensed_in_the_patients_state_does_not_stop_an_approval():
    """The gate does not ask who approves; a clinician licensed there answers."""
    assert answer(requested(prescriber={"licences": ["NJ"], "dea": []})) == (True, [], [])


def test_the_approval_reports_holds_open_after_it():
    result = run(requested(event("red_flag", before(hours=1), kind="very_high_bp")))
    assert result["holds"] == ["adverse_event"]
    assert result["crisis_resources"] is False
