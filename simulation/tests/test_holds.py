"""Holds: opened by their causes, cleared by a later ``cleared`` with a note, reopened by a
new cause, and reported after every action."""

from typing import Any

import pytest

from simulation.tests.scenarios import (
    Json,
    action,
    before,
    event,
    in_treatment,
    ready_to_prescribe,
    run,
    scenario,
)

pytestmark = pytest.mark.django_db


def cleared(hold: str, **at: Any) -> Json:
    return event("cleared", before(**at), hold=hold, note="Spoke with the patient; resolved.")


def holds_after(*history: Json, act: str = "prescribe") -> tuple[list[str], list[str]]:
    """The refusals and holds of an action after a ready history and these events."""
    base = ready_to_prescribe() if act == "prescribe" else in_treatment()
    result = run(scenario(action(act), [*base, *history]))
    return result["refusals"], result["holds"]


def test_a_bladder_flag_cleared_later_no_longer_holds():
    assert holds_after(
        event("red_flag", before(days=3), kind="bladder"), cleared("bladder", days=1)
    ) == ([], [])


def test_a_cause_after_the_clearance_reopens_the_hold():
    assert holds_after(
        event("red_flag", before(days=5), kind="bladder"),
        cleared("bladder", days=3),
        event("red_flag", before(days=1), kind="bladder"),
    ) == (["bladder_hold"], ["bladder"])


def test_a_clearance_at_exactly_the_causes_instant_clears_it():
    instant = before(days=2)
    assert holds_after(
        event("red_flag", instant, kind="severe_reaction"),
        event("cleared", instant, hold="adverse_event", note="Seen the same minute."),
    ) == ([], [])


def test_a_clearance_a_second_before_the_cause_does_not_clear_it():
    assert holds_after(
        cleared("adverse_event", days=2, seconds=1),
        event("red_flag", before(days=2), kind="severe_reaction"),
    ) == (["adverse_event_hold"], ["adverse_event"])


def test_a_clearance_covers_every_cause_up_to_it():
    assert holds_after(
        event("red_flag", before(days=4), kind="self_harm"),
        event("check_in", before(days=3), instrument="phq9", items=[0] * 8 + [2]),
        cleared("suicidality", days=1),
    ) == ([], [])


def test_a_clearance_of_another_hold_does_not_clear_this_one():
    assert holds_after(
        event("red_flag", before(days=3), kind="bladder"), cleared("adverse_event", days=1)
    ) == (["bladder_hold"], ["bladder"])


def test_a_clearance_with_no_hold_open_changes_nothing():
    assert holds_after(cleared("bladder", days=1)) == ([], [])


def test_clearing_one_hold_leaves_the_others_open():
    assert holds_after(
        event("red_flag", before(days=3), kind="bladder"),
        event("red_flag", before(days=3), kind="very_high_bp"),
        cleared("bladder", days=1),
    ) == (["adverse_event_hold"], ["adverse_event"])


@pytest.mark.parametrize(
    ("cause", "hold"),
    [
        (event("red_flag", before(days=3), kind="self_harm"), "suicidality"),
        (event("check_in", before(days=3), instrument="phq9", items=[0] * 8 + [1]), "suicidality"),
        (event("red_flag", before(days=3), kind="bladder"), "bladder"),
        (event("red_flag", before(days=3), kind="severe_reaction"), "adverse_event"),
        (event("red_flag", before(days=3), kind="very_high_bp"), "adverse_event"),
        (event("adverse_event", before(days=3), severity="serious"), "adverse_event"),
    ],
    ids=["self_harm", "phq9_item9", "bladder", "severe_reaction", "very_high_bp", "serious_ae"],
)
def test_each_cause_is_cleared_by_a_later_clearance_of_its_hold(cause: Json, hold: str):
    assert holds_after(cause) == ([f"{hold}_hold"], [hold])
    assert holds_after(cause, cleared(hold, days=1)) == ([], [])


def test_a_serious_adverse_event_after_a_clearance_reopens_the_hold():
    assert holds_after(
        event("red_flag", before(days=5), kind="very_high_bp"),
        cleared("adverse_event", days=4),
        event("adverse_event", before(days=1), severity="serious"),
    ) == (["adverse_event_hold"], ["adverse_event"])


def test_a_cleared_hold_lets_a_session_start():
    refusals, holds = holds_after(
        event("red_flag", before(days=3), kind="bladder"),
        cleared("bladder", days=2),
        act="start_session",
    )
    assert (refusals, holds) == ([], [])


def test_holds_are_reported_after_a_refill_request():
    refusals, holds = holds_after(
        event("red_flag", before(days=3), kind="self_harm"), act="request_refill"
    )
    assert "suicidality_hold" in refusals
    assert holds == ["suicidality"]


def test_a_report_opening_a_hold_that_was_cleared_before_reopens_it():
    history = [
        *in_treatment(),
        event("red_flag", before(days=3), kind="bladder"),
        cleared("bladder", days=2),
    ]
    raw = scenario(action("after_session", side_effects=["urinary_urgency"]), history)
    assert run(raw)["holds"] == ["bladder"]
