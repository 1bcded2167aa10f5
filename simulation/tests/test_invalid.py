"""Invalid scenarios: every problem named by its path, and no other path named.

Pure reading (``read_scenario``): no database is needed to find what is wrong.
"""

from typing import Any

import pytest

from simulation.scenario import Scenario, read_scenario
from simulation.tests.scenarios import (
    NOW,
    Json,
    action,
    before,
    error_fields,
    event,
    in_treatment,
    ready_to_prescribe,
    scenario,
)


def prescribe(**fields: Any) -> Json:
    return scenario(action("prescribe", **fields), ready_to_prescribe())


def with_event(name: str, /, **fields: Any) -> Json:
    """A prescription after a ready history and one more event, the third (``history[2]``)."""
    return scenario(
        action("prescribe"), [*ready_to_prescribe(), event(name, before(days=1), **fields)]
    )


def valid(raw: Json) -> bool:
    return isinstance(read_scenario(raw), Scenario)


def test_a_scenario_of_only_now_and_an_action_kind_is_valid():
    assert valid({"now": NOW.isoformat(), "action": {"kind": "prescribe"}})


def test_a_scenario_with_every_section_written_out_is_valid():
    assert valid(
        scenario(
            action("start_session", checklist={"fasted_2h": True}),
            in_treatment(),
            patient={"weight_kg": None, "time_zone": "America/Chicago", "state": "NJ"},
            prescriber={"licences": ["NJ"], "dea": [], "special_registration": True},
            plan={"dose_mg": 100, "doses_per_week": 2, "limits": {"systolic": 150}},
        )
    )


def test_a_scenario_without_a_plan_is_valid():
    assert valid(scenario(action("prescribe"), plan=None))


def test_a_scenario_that_is_not_an_object_is_invalid():
    assert read_scenario([]) != []
    assert isinstance(read_scenario([]), list)


# Unknown keys -----------------------------------------------------------------------------


def test_an_unknown_top_level_key_is_named_by_itself():
    assert error_fields({**prescribe(), "colour": "blue"}) == ["colour"]


@pytest.mark.parametrize(
    ("section", "path"),
    [
        ("patient", "patient.colour"),
        ("prescriber", "prescriber.colour"),
        ("plan", "plan.colour"),
    ],
)
def test_an_unknown_key_in_a_section_is_named_with_dots(section: str, path: str):
    assert error_fields({**prescribe(), section: {"colour": "blue"}}) == [path]


def test_an_unknown_key_in_the_plans_limits_is_named_with_dots():
    raw = {**prescribe(), "plan": {"limits": {"colour": 1}}}
    assert error_fields(raw) == ["plan.limits.colour"]


def test_an_unknown_key_in_the_action_is_named_with_dots():
    assert error_fields(prescribe(colour="blue")) == ["action.colour"]


def test_a_field_of_another_action_is_unknown_here():
    assert error_fields(prescribe(systolic=120)) == ["action.systolic"]


def test_an_unknown_checklist_item_is_named_with_dots():
    raw = scenario(action("start_session", checklist={"wore_socks": True}), in_treatment())
    assert error_fields(raw) == ["action.checklist.wore_socks"]


def test_an_unknown_key_in_a_history_event_is_named_by_its_index():
    assert error_fields(with_event("video_visit", colour="blue")) == ["history[2].colour"]


def test_a_field_of_another_event_is_unknown_here():
    assert error_fields(with_event("video_visit", state="FL")) == ["history[2].state"]


# Unknown kinds ----------------------------------------------------------------------------


def test_an_unknown_event_is_named():
    assert error_fields(with_event("phone_call")) == ["history[2].event"]


def test_an_unknown_action_is_named():
    assert error_fields(scenario(action("dispense"))) == ["action.kind"]


# Wrong types ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"now": 5}, "now"),
        ({"now": "yesterday"}, "now"),
        ({"patient": "the patient"}, "patient"),
        ({"patient": {"weight_kg": "80"}}, "patient.weight_kg"),
        ({"patient": {"weight_kg": True}}, "patient.weight_kg"),
        ({"patient": {"diagnosis": "yes"}}, "patient.diagnosis"),
        ({"patient": {"date_of_birth": 1980}}, "patient.date_of_birth"),
        ({"patient": {"date_of_birth": "1980-02-30"}}, "patient.date_of_birth"),
        ({"patient": {"weight_on": "20 November"}}, "patient.weight_on"),
        ({"prescriber": {"licences": "FL"}}, "prescriber.licences"),
        ({"prescriber": {"special_registration": "no"}}, "prescriber.special_registration"),
        ({"plan": [150, 3]}, "plan"),
        ({"plan": {"dose_mg": "150"}}, "plan.dose_mg"),
        ({"plan": {"limits": [160, 100, 100]}}, "plan.limits"),
        ({"history": {"event": "video_visit"}}, "history"),
        ({"action": ["prescribe"]}, "action"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_value_of_the_wrong_type_is_named(change: Json, path: str):
    assert error_fields({**prescribe(), **change}) == [path]


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"dose_mg": 1.5}, "action.dose_mg"),
        ({"dose_mg": "150"}, "action.dose_mg"),
        ({"refills": True}, "action.refills"),
        ({"days_supply": None}, "action.days_supply"),
    ],
)
def test_an_action_field_of_the_wrong_type_is_named(fields: Json, path: str):
    assert error_fields(prescribe(**fields)) == [path]


def test_a_history_entry_that_is_not_an_object_is_named_by_its_index():
    raw = scenario(action("prescribe"), ready_to_prescribe())
    raw["history"].append("a video visit")
    assert error_fields(raw) == ["history[2]"]


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"systolic": "120"}, "action.systolic"),
        ({"checklist": {"fasted_2h": "yes"}}, "action.checklist.fasted_2h"),
        ({"checklist": ["fasted_2h"]}, "action.checklist"),
    ],
)
def test_a_start_session_field_of_the_wrong_type_is_named(fields: Json, path: str):
    assert error_fields(scenario(action("start_session", **fields), in_treatment())) == [path]


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"self_harm_thoughts": "no"}, "action.self_harm_thoughts"),
        ({"side_effects": "nausea"}, "action.side_effects"),
        ({"pain": 2.5}, "action.pain"),
    ],
)
def test_an_after_session_field_of_the_wrong_type_is_named(fields: Json, path: str):
    assert error_fields(scenario(action("after_session", **fields), in_treatment())) == [path]


@pytest.mark.parametrize(
    ("name", "fields", "path"),
    [
        ("fill", {"delivered": "yes"}, "history[2].delivered"),
        ("fill", {"units": 2.5}, "history[2].units"),
        ("session", {"after_log": 1}, "history[2].after_log"),
        ("prescription", {"refills": "2"}, "history[2].refills"),
        ("cleared", {"hold": "bladder", "note": 5}, "history[2].note"),
    ],
)
def test_a_history_field_of_the_wrong_type_is_named(name: str, fields: Json, path: str):
    assert error_fields(with_event(name, **fields)) == [path]


def test_a_time_without_an_offset_is_invalid():
    raw = scenario(action("prescribe"), [event("video_visit", "2026-12-08T09:00:00")])
    assert error_fields(raw) == ["history[0].at"]
    assert error_fields({**prescribe(), "now": "2026-12-10T09:00:00"}) == ["now"]


# Missing required fields ------------------------------------------------------------------


def test_now_is_required():
    raw = prescribe()
    del raw["now"]
    assert error_fields(raw) == ["now"]


def test_the_action_is_required():
    raw = prescribe()
    del raw["action"]
    assert error_fields(raw) == ["action"]


def test_the_action_kind_is_required():
    assert error_fields(scenario({"dose_mg": 150})) == ["action.kind"]


def test_a_history_events_time_is_required():
    raw = scenario(action("prescribe"), [{"event": "video_visit"}])
    assert error_fields(raw) == ["history[0].at"]


def test_a_history_events_kind_is_required():
    raw = scenario(action("prescribe"), [{"at": before(days=1)}])
    assert error_fields(raw) == ["history[0].event"]


@pytest.mark.parametrize(
    ("name", "fields", "missing"),
    [
        ("safety_check", {}, ["result"]),
        ("check_in", {"items": [1, 1, 1]}, ["instrument"]),
        ("check_in", {"instrument": "peg"}, ["items"]),
        ("check_in", {}, ["instrument", "items"]),
        ("adverse_event", {}, ["severity"]),
        ("red_flag", {}, ["kind"]),
        ("cleared", {"note": "Spoke with the patient."}, ["hold"]),
        ("cleared", {"hold": "bladder"}, ["note"]),
        ("cleared", {}, ["hold", "note"]),
    ],
)
def test_a_required_event_field_left_out_is_named(name: str, fields: Json, missing: list[str]):
    assert error_fields(with_event(name, **fields)) == [f"history[2].{field}" for field in missing]


def test_an_empty_clearance_note_is_no_note():
    raw = with_event("cleared", hold="bladder", note="  ")
    assert error_fields(raw) == ["history[2].note"]


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ({"items": [1, 1, 1]}, ["action.instrument"]),
        ({"instrument": "peg"}, ["action.items"]),
        ({}, ["action.instrument", "action.items"]),
    ],
)
def test_a_check_in_actions_instrument_and_items_are_required(fields: Json, missing: list[str]):
    assert error_fields(scenario(action("check_in", **fields), in_treatment())) == missing


def test_a_missing_time_and_a_missing_note_are_both_named():
    raw = scenario(action("prescribe"), [{"event": "cleared", "hold": "bladder"}])
    assert error_fields(raw) == ["history[0].at", "history[0].note"]


# History at or after now ------------------------------------------------------------------


def test_a_history_event_at_now_is_invalid():
    raw = scenario(action("prescribe"), [event("video_visit", NOW)])
    assert error_fields(raw) == ["history[0].at"]


def test_a_history_event_at_now_written_in_another_offset_is_invalid():
    raw = scenario(action("prescribe"), [event("video_visit", "2026-12-10T14:00:00+00:00")])
    assert error_fields(raw) == ["history[0].at"]


def test_a_history_event_after_now_is_invalid():
    raw = scenario(action("prescribe"), [event("pdmp_check", "2026-12-10T09:00:01-05:00")])
    assert error_fields(raw) == ["history[0].at"]


def test_a_history_event_a_second_before_now_is_valid():
    assert valid(scenario(action("prescribe"), [event("pdmp_check", before(seconds=1))]))


# Out of range -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"dose_mg": 0}, "action.dose_mg"),
        ({"dose_mg": -5}, "action.dose_mg"),
        ({"unit_mg": 0}, "action.unit_mg"),
        ({"units_per_dose": 0}, "action.units_per_dose"),
        ({"doses_per_week": 0}, "action.doses_per_week"),
        ({"days_supply": 0}, "action.days_supply"),
        ({"refills": -1}, "action.refills"),
    ],
)
def test_a_prescription_number_out_of_range_is_named(fields: Json, path: str):
    assert error_fields(prescribe(**fields)) == [path]


@pytest.mark.parametrize(
    ("patient", "path"),
    [
        ({"state": "TX"}, "patient.state"),
        ({"state": "fl"}, "patient.state"),
        ({"weight_kg": 0}, "patient.weight_kg"),
        ({"weight_kg": -70}, "patient.weight_kg"),
        ({"decision": "maybe"}, "patient.decision"),
        ({"subscription": "trial"}, "patient.subscription"),
        ({"time_zone": "Mars/Olympus_Mons"}, "patient.time_zone"),
    ],
)
def test_a_patient_value_out_of_range_is_named(patient: Json, path: str):
    assert error_fields({**prescribe(), "patient": patient}) == [path]


@pytest.mark.parametrize(
    ("name", "fields", "path"),
    [
        ("video_visit", {"with": "nobody"}, "history[2].with"),
        ("pdmp_check", {"by": "pharmacist"}, "history[2].by"),
        ("pdmp_check", {"state": "XX"}, "history[2].state"),
        ("prescription", {"status": "expired"}, "history[2].status"),
        ("prescription", {"dose_mg": 0}, "history[2].dose_mg"),
        ("prescription", {"refills": -1}, "history[2].refills"),
        ("fill", {"units": 0}, "history[2].units"),
        ("session", {"dose_mg": 0}, "history[2].dose_mg"),
        ("safety_check", {"result": "maybe"}, "history[2].result"),
        ("adverse_event", {"severity": "fatal"}, "history[2].severity"),
        ("red_flag", {"kind": "vomiting"}, "history[2].kind"),
        ("cleared", {"hold": "vomiting", "note": "Spoke."}, "history[2].hold"),
        ("check_in", {"instrument": "phq2", "items": [0, 0]}, "history[2].instrument"),
        ("check_in", {"instrument": "phq9", "items": [0] * 8}, "history[2].items"),
        ("check_in", {"instrument": "phq9", "items": [0] * 8 + [4]}, "history[2].items"),
        ("check_in", {"instrument": "peg", "items": [11, 0, 0]}, "history[2].items"),
        ("check_in", {"instrument": "gad7", "items": [-1] + [0] * 6}, "history[2].items"),
        ("check_in", {"instrument": "pc_ptsd5", "items": [2, 0, 0, 0, 0]}, "history[2].items"),
        ("check_in", {"instrument": "pc_ptsd5", "items": [True] * 5}, "history[2].items"),
    ],
)
def test_a_history_value_out_of_range_is_named(name: str, fields: Json, path: str):
    assert error_fields(with_event(name, **fields)) == [path]


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"pain": 11}, "action.pain"),
        ({"pain": -1}, "action.pain"),
        ({"dissociation": 11}, "action.dissociation"),
        ({"side_effects": ["sneezing"]}, "action.side_effects"),
    ],
)
def test_an_after_session_value_out_of_range_is_named(fields: Json, path: str):
    assert error_fields(scenario(action("after_session", **fields), in_treatment())) == [path]


@pytest.mark.parametrize("diastolic", [130, 120])
def test_an_after_session_diastolic_not_below_the_systolic_is_invalid(diastolic: int):
    raw = scenario(action("after_session", systolic=120, diastolic=diastolic), in_treatment())
    assert error_fields(raw) == ["action.diastolic"]


def test_an_after_session_reading_with_the_diastolic_below_is_valid():
    assert valid(scenario(action("after_session", systolic=120, diastolic=119), in_treatment()))
    assert valid(scenario(action("after_session", diastolic=150), in_treatment()))


@pytest.mark.parametrize(
    ("instrument", "items"),
    [
        ("phq9", [0] * 10),
        ("phq9", [0] * 8 + [4]),
        ("peg", [10, 10, 11]),
        ("peg", [1, 1]),
        ("gad7", [0] * 6 + [4]),
        ("pc_ptsd5", [0, 0, 0, 0, 2]),
        ("pc_ptsd5", [0, 0, 0, 0, 0.5]),
    ],
)
def test_check_in_items_out_of_range_are_named(instrument: str, items: list[Any]):
    raw = scenario(action("check_in", instrument=instrument, items=items), in_treatment())
    assert error_fields(raw) == ["action.items"]


def test_an_unknown_instrument_is_named():
    raw = scenario(action("check_in", instrument="phq2", items=[0, 0]), in_treatment())
    assert error_fields(raw) == ["action.instrument"]


@pytest.mark.parametrize(
    ("plan", "path"),
    [
        ({"dose_mg": 0}, "plan.dose_mg"),
        ({"doses_per_week": 0}, "plan.doses_per_week"),
    ],
)
def test_a_plan_value_out_of_range_is_named(plan: Json, path: str):
    assert error_fields({**prescribe(), "plan": plan}) == [path]


# The plan's limits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limits", "path"),
    [
        ({"systolic": 161}, "plan.limits.systolic"),
        ({"diastolic": 101}, "plan.limits.diastolic"),
        ({"pulse": 101}, "plan.limits.pulse"),
    ],
)
def test_a_limit_looser_than_its_default_is_invalid(limits: Json, path: str):
    assert error_fields({**prescribe(), "plan": {"limits": limits}}) == [path]


def test_every_looser_limit_is_named():
    raw = {**prescribe(), "plan": {"limits": {"systolic": 200, "diastolic": 120, "pulse": 140}}}
    assert error_fields(raw) == [
        "plan.limits.diastolic",
        "plan.limits.pulse",
        "plan.limits.systolic",
    ]


def test_limits_at_their_defaults_are_valid():
    limits = {"systolic": 160, "diastolic": 100, "pulse": 100}
    assert valid({**prescribe(), "plan": {"limits": limits}})


def test_stricter_limits_are_valid():
    limits = {"systolic": 140, "diastolic": 90, "pulse": 90}
    assert valid({**prescribe(), "plan": {"limits": limits}})


# after_session needs a session ------------------------------------------------------------


def test_an_after_session_without_a_session_in_the_history_is_invalid():
    raw = scenario(action("after_session"), ready_to_prescribe())
    assert error_fields(raw) == ["history"]


def test_an_after_session_with_an_empty_history_is_invalid():
    assert error_fields(scenario(action("after_session"))) == ["history"]


def test_an_after_session_with_a_session_is_valid():
    raw = scenario(action("after_session"), [event("session", before(hours=3))])
    assert valid(raw)


# Every problem at once --------------------------------------------------------------------


def test_every_problem_is_named_at_once_and_no_others():
    history = [
        event("video_visit", before(days=2)),
        event("cleared", before(days=1), hold="bladder"),
        event("pdmp_check", before(hours=2), by="robot"),
        event("video_visit", "2026-12-11T09:00:00-05:00"),
        {"at": before(days=3), "event": "telegram"},
    ]
    raw = {
        **scenario(action("prescribe", dose_mg=-5, refills=9, colour="red"), history),
        "patient": {"state": "TX", "weight_kg": 80},
        "plan": {"limits": {"pulse": 120}},
        "colour": "blue",
    }
    assert error_fields(raw) == [
        "action.colour",
        "action.dose_mg",
        "colour",
        "history[1].note",
        "history[2].by",
        "history[3].at",
        "history[4].event",
        "patient.state",
        "plan.limits.pulse",
    ]


def test_a_history_out_of_order_is_named_by_the_index_in_the_input():
    history = [
        event("pdmp_check", before(hours=2)),
        event("video_visit", before(days=2)),
        event("cleared", before(days=10), hold="bladder"),
        event("red_flag", before(days=11), kind="bladder"),
    ]
    assert error_fields(scenario(action("prescribe"), history)) == ["history[2].note"]


def test_an_after_session_without_a_session_is_named_beside_other_problems():
    raw = scenario(action("after_session", pain=12), [event("video_visit", NOW)])
    assert error_fields(raw) == ["action.pain", "history", "history[0].at"]
