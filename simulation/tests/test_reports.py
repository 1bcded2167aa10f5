"""``after_session`` and ``check_in``: reports are never refused; the flags and holds they raise."""

from typing import Any

import pytest

from simulation.tests.scenarios import (
    PHQ9_CLEAR,
    Json,
    action,
    before,
    event,
    in_treatment,
    run,
    scenario,
)

pytestmark = pytest.mark.django_db


def after(history: list[Json] | None = None, **fields: Any) -> Json:
    """The after-log of the latest session of a patient in treatment."""
    return scenario(
        action("after_session", **fields), in_treatment() if history is None else history
    )


def reported(raw: Json) -> tuple[list[str], list[str], bool]:
    """The flags, holds and crisis resources of an allowed report."""
    result = run(raw)
    assert (result["allowed"], result["refusals"], result["dose_mg"]) == (True, [], None)
    return result["flags"], result["holds"], result["crisis_resources"]


# After a session --------------------------------------------------------------------------


def test_an_unremarkable_after_log_raises_nothing():
    assert run(after()) == {
        "action": "after_session",
        "allowed": True,
        "refusals": [],
        "dose_mg": None,
        "flags": [],
        "holds": [],
        "crisis_resources": False,
    }


def test_thoughts_of_self_harm_raise_self_harm_open_the_suicidality_hold_and_show_crisis_help():
    assert reported(after(self_harm_thoughts=True)) == (["self_harm"], ["suicidality"], True)


@pytest.mark.parametrize("effect", ["bladder_pain", "urinary_urgency"])
def test_a_bladder_symptom_raises_bladder_and_opens_the_bladder_hold(effect: str):
    assert reported(after(side_effects=[effect])) == (["bladder"], ["bladder"], False)


def test_blood_in_urine_raises_both_bladder_and_severe_reaction():
    assert reported(after(side_effects=["blood_in_urine"])) == (
        ["bladder", "severe_reaction"],
        ["adverse_event", "bladder"],
        False,
    )


@pytest.mark.parametrize("effect", ["chest_pain", "breathlessness", "fainting", "fall_or_injury"])
def test_a_severe_symptom_raises_severe_reaction_and_opens_the_adverse_event_hold(effect: str):
    expected = (["severe_reaction"], ["adverse_event"], False)
    assert reported(after(side_effects=[effect])) == expected


def test_confusion_with_vomiting_is_a_severe_reaction():
    assert reported(after(side_effects=["confusion", "vomiting"])) == (
        ["severe_reaction", "vomiting"],
        ["adverse_event"],
        False,
    )


def test_confusion_alone_raises_nothing():
    assert reported(after(side_effects=["confusion"])) == ([], [], False)


def test_vomiting_alone_raises_vomiting_and_opens_no_hold():
    assert reported(after(side_effects=["vomiting"])) == (["vomiting"], [], False)


def test_dissociation_10_with_confusion_is_a_severe_reaction():
    assert reported(after(dissociation=10, side_effects=["confusion"])) == (
        ["high_dissociation", "severe_reaction"],
        ["adverse_event"],
        False,
    )


def test_dissociation_9_with_confusion_is_high_dissociation_only():
    raw = after(dissociation=9, side_effects=["confusion"])
    assert reported(raw) == (["high_dissociation"], [], False)


def test_dissociation_10_without_confusion_is_high_dissociation_only():
    assert reported(after(dissociation=10)) == (["high_dissociation"], [], False)


def test_dissociation_9_is_high():
    assert reported(after(dissociation=9)) == (["high_dissociation"], [], False)


def test_dissociation_8_is_not_high():
    assert reported(after(dissociation=8)) == ([], [], False)


@pytest.mark.parametrize(
    "pressure",
    [
        {"systolic": 180},
        {"diastolic": 110},
        {"systolic": 180, "diastolic": 100},
        {"systolic": 150, "diastolic": 110},
    ],
    ids=["systolic_180", "diastolic_110", "180_100", "150_110"],
)
def test_a_very_high_blood_pressure_after_a_session_opens_the_adverse_event_hold(pressure: Json):
    assert reported(after(**pressure)) == (["very_high_bp"], ["adverse_event"], False)


def test_a_very_high_reading_on_its_own_is_very_high_whatever_the_other_number():
    assert reported(after(systolic=250, diastolic=120)) == (
        ["very_high_bp"],
        ["adverse_event"],
        False,
    )


@pytest.mark.parametrize(
    "pressure",
    [{"systolic": 179}, {"diastolic": 109}, {"systolic": 179, "diastolic": 109}, {}],
    ids=["systolic_179", "diastolic_109", "179_109", "none"],
)
def test_a_blood_pressure_below_180_and_110_is_not_very_high(pressure: Json):
    assert reported(after(**pressure)) == ([], [], False)


@pytest.mark.parametrize("effect", ["nausea", "dizziness", "headache", "anxiety", "palpitations"])
def test_a_common_side_effect_raises_nothing(effect: str):
    assert reported(after(side_effects=[effect])) == ([], [], False)


def test_pain_at_either_end_of_its_scale_raises_nothing():
    assert reported(after(pain=0, dissociation=0)) == ([], [], False)
    assert reported(after(pain=10)) == ([], [], False)


def test_crisis_resources_are_shown_only_for_self_harm():
    everything_else = after(
        dissociation=10,
        systolic=190,
        diastolic=115,
        side_effects=["blood_in_urine", "chest_pain", "confusion", "vomiting"],
    )
    flags, holds, crisis = reported(everything_else)
    assert flags == ["bladder", "high_dissociation", "severe_reaction", "very_high_bp", "vomiting"]
    assert holds == ["adverse_event", "bladder"]
    assert crisis is False


def test_every_flag_at_once():
    raw = after(
        self_harm_thoughts=True,
        dissociation=10,
        systolic=180,
        side_effects=["urinary_urgency", "confusion", "vomiting"],
    )
    assert reported(raw) == (
        [
            "bladder",
            "high_dissociation",
            "self_harm",
            "severe_reaction",
            "very_high_bp",
            "vomiting",
        ],
        ["adverse_event", "bladder", "suicidality"],
        True,
    )


def test_an_after_log_is_allowed_whatever_holds_are_open():
    history = [*in_treatment(), event("red_flag", before(days=1), kind="bladder")]
    assert reported(after(history)) == ([], ["bladder"], False)


def test_an_after_log_while_a_hold_is_open_reports_it_beside_the_new_one():
    history = [*in_treatment(), event("adverse_event", before(days=1), severity="serious")]
    assert reported(after(history, side_effects=["bladder_pain"])) == (
        ["bladder"],
        ["adverse_event", "bladder"],
        False,
    )


def test_an_after_log_is_of_the_latest_session_even_if_that_was_logged():
    history = [*in_treatment(sessions=(13, 11, 6)), event("session", before(hours=3))]
    assert reported(after(history)) == ([], [], False)


def test_an_after_log_when_two_sessions_started_at_the_same_instant_is_recorded():
    history = [*in_treatment(sessions=(13, 11)), *(event("session", before(days=1)),) * 2]
    assert reported(after(history, side_effects=["vomiting"])) == (["vomiting"], [], False)


@pytest.mark.parametrize(
    "act",
    [
        action("start_session"),
        action("after_session"),
        action("check_in", instrument="peg", items=[2, 2, 2]),
        action("request_refill"),
    ],
    ids=lambda act: act["kind"],
)
def test_actions_other_than_prescribing_do_not_depend_on_the_prescribers_credentials(act: Json):
    history = in_treatment(sessions=(13, 11, 9, 6, 4))
    usual = run(scenario(act, history))
    without = run(scenario(act, history, prescriber={"licences": [], "dea": []}))
    assert without == usual


NOT_READY = {
    "decision": "paused",
    "diagnosis": False,
    "monitor": False,
    "id_verified": False,
    "consents_current": False,
    "weight_kg": None,
    "date_of_birth": "2010-01-01",
}
"""Everything prescribing asks of the patient, missing: no other action asks about it."""


@pytest.mark.parametrize(
    "act",
    [
        action("start_session"),
        action("after_session", side_effects=["bladder_pain"]),
        action("check_in", instrument="phq9", items=[0] * 8 + [1]),
        action("request_refill"),
    ],
    ids=lambda act: act["kind"],
)
def test_actions_other_than_prescribing_do_not_ask_what_prescribing_asks(act: Json):
    history = in_treatment(sessions=(13, 11, 9, 6, 4))
    assert run(scenario(act, history, patient=NOT_READY)) == run(scenario(act, history))


@pytest.mark.parametrize(
    "act",
    [
        action("start_session"),
        action("after_session", side_effects=["bladder_pain"]),
        action("check_in", instrument="phq9", items=[0] * 8 + [1]),
    ],
    ids=lambda act: act["kind"],
)
def test_a_lapsed_subscription_stops_no_dose_and_no_report(act: Json):
    history = in_treatment(sessions=(13, 11, 9, 6, 4))
    lapsed = run(scenario(act, history, patient={"subscription": "cancelled"}))
    assert lapsed == run(scenario(act, history))


# Check-ins --------------------------------------------------------------------------------


def check_in(instrument: str, items: list[int], history: list[Json] | None = None) -> Json:
    raw = action("check_in", instrument=instrument, items=items)
    return scenario(raw, in_treatment() if history is None else history)


def test_a_phq9_with_item_9_at_0_raises_nothing():
    assert reported(check_in("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0])) == ([], [], False)


@pytest.mark.parametrize("answer", [1, 2, 3])
def test_a_phq9_with_item_9_at_1_or_more_raises_suicidality_and_shows_crisis_help(answer: int):
    raw = check_in("phq9", [0] * 8 + [answer])
    assert reported(raw) == (["suicidality"], ["suicidality"], True)


@pytest.mark.parametrize(
    ("instrument", "items"),
    [
        ("peg", [10, 10, 10]),
        ("peg", [0, 0, 0]),
        ("gad7", [3] * 7),
        ("pc_ptsd5", [1] * 5),
        ("pc_ptsd5", [0] * 5),
    ],
    ids=["peg_worst", "peg_best", "gad7_worst", "pc_ptsd5_all_yes", "pc_ptsd5_all_no"],
)
def test_no_other_instrument_ever_raises_a_flag(instrument: str, items: list[int]):
    assert reported(check_in(instrument, items)) == ([], [], False)


def test_a_check_in_is_allowed_whatever_holds_are_open():
    history = [*in_treatment(), event("red_flag", before(days=1), kind="very_high_bp")]
    assert reported(check_in("phq9", PHQ9_CLEAR, history)) == ([], ["adverse_event"], False)


def test_a_check_in_needs_no_prescription():
    history = [event("video_visit", before(days=2))]
    assert reported(check_in("gad7", [1] * 7, history)) == ([], [], False)


def test_a_crisis_check_in_while_the_suicidality_hold_is_open_shows_crisis_help_again():
    history = [*in_treatment(), event("red_flag", before(days=1), kind="self_harm")]
    raw = check_in("phq9", [0] * 8 + [1], history)
    assert reported(raw) == (["suicidality"], ["suicidality"], True)


def test_a_calm_check_in_while_the_suicidality_hold_is_open_shows_no_crisis_help():
    history = [*in_treatment(), event("red_flag", before(days=1), kind="self_harm")]
    assert reported(check_in("phq9", PHQ9_CLEAR, history)) == ([], ["suicidality"], False)
