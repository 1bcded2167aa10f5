"""Run a scenario's action through the verb the pages call, and say what happened.

A thin layer: each action is one call of the real verb (``do_issue_prescription``,
``do_start_home_session``, ``do_finish_home_session``, ``do_complete_check_in``,
``do_request_refill``, ``do_approve_refill``) at the scenario's ``now``; the answer is read
back from what the verb returned and from the holds open afterwards.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from accounts.models import User
from care.access import ClinicalRecordRefused, check_may_treat
from care.actions import PrescribingRefused, PrescriptionChoices, do_issue_prescription
from care.holds import open_holds
from clinical.holds import CRISIS_FLAGS
from clinical.safety import (
    AfterSessionLog,
    BloodPressure,
    SessionChecklist,
    SideEffect,
    VitalSigns,
)
from journal import actions as journal
from journal.models import HomeSession
from pharmacy.actions import RefillRefused, do_approve_refill, do_request_refill
from questionnaires.instruments import INSTRUMENTS, InstrumentCode
from simulation.scenario import Action, Scenario
from simulation.world import World, build_world


@dataclass
class Outcome:
    allowed: bool
    refusals: list[str] = field(default_factory=list)
    dose_mg: int | None = None
    flags: list[str] = field(default_factory=list)


def simulate(scenario: Scenario) -> dict[str, Any]:
    """Build the scenario's world, run its action, and return the contract's output."""
    world = build_world(scenario)
    outcome = ACTIONS[scenario.action.kind](world, scenario)
    flags = sorted(set(outcome.flags))
    return {
        "action": scenario.action.kind,
        "allowed": outcome.allowed,
        "refusals": sorted(set(outcome.refusals)),
        "dose_mg": outcome.dose_mg if outcome.allowed else None,
        "flags": flags,
        "holds": sorted(str(hold) for hold in open_holds(world.patient, scenario.now)),
        "crisis_resources": bool(set(flags) & {str(flag) for flag in CRISIS_FLAGS}),
    }


def _prescribe(world: World, scenario: Scenario) -> Outcome:
    action = scenario.action
    choices = PrescriptionChoices(
        form="troche",
        dose_mg=action["dose_mg"],
        strength_mg=action["unit_mg"],
        units_per_dose=action["units_per_dose"],
        doses_per_week=action["doses_per_week"],
        hold_minutes=15,
        days_supply=action["days_supply"],
        refills=action["refills"],
        pharmacy_name="Simulated pharmacy",
    )
    try:
        prescription = do_issue_prescription(
            world.patient, by=world.prescriber, choices=choices, issued_at=scenario.now
        )
    except PrescribingRefused as refused:
        return Outcome(False, sorted(str(code) for code in refused.codes))
    return Outcome(True, dose_mg=prescription.dose_mg)


def _start_session(world: World, scenario: Scenario) -> Outcome:
    action = scenario.action
    start = journal.do_start_home_session(
        world.patient,
        by=world.patient.user,
        readings=VitalSigns(action["systolic"], action["diastolic"], action["pulse"]),
        checklist=SessionChecklist(**action["checklist"]),
        now=scenario.now,
    )
    return Outcome(start.allowed, start.verdict.codes, start.verdict.dose_mg)


def _after_session(world: World, scenario: Scenario) -> Outcome:
    action = scenario.action
    # The latest session, the last written when two started at the same instant: the one
    # world.py left without an after-log.
    latest = HomeSession.objects.filter(patient=world.patient).order_by("-started_at", "-pk")
    session = latest.first()
    assert session is not None  # the scenario was checked for one
    pressure = (
        BloodPressure(action["systolic"], action["diastolic"])
        if action["systolic"] is not None or action["diastolic"] is not None
        else None
    )
    finished = journal.do_finish_home_session(
        session,
        by=world.patient.user,
        after_log=AfterSessionLog(
            pain_now=action["pain"],
            dissociation=action["dissociation"],
            side_effects=frozenset(SideEffect(effect) for effect in action["side_effects"]),
            blood_pressure=pressure,
            self_harm_thoughts=action["self_harm_thoughts"],
        ),
        now=scenario.now,
    )
    return Outcome(True, flags=[str(flag) for flag in finished.flags])


def _check_in(world: World, scenario: Scenario) -> Outcome:
    action: Action = scenario.action
    code = InstrumentCode(action["instrument"])
    responses: dict[str, int | bool] = {
        item.id: bool(value) if code is InstrumentCode.PC_PTSD5 else value
        for item, value in zip(INSTRUMENTS[code].items, action["items"], strict=True)
    }
    done = journal.do_complete_check_in(
        world.patient, by=world.patient.user, instrument=code, responses=responses, now=scenario.now
    )
    return Outcome(True, flags=[str(flag) for flag in done.flags])


def _request_refill(world: World, scenario: Scenario) -> Outcome:
    asked = do_request_refill(world.patient, by=world.patient.user, now=scenario.now)
    return Outcome(
        asked.allowed,
        [str(code) for code in asked.decision.refusals],
        flags=[str(flag) for flag in asked.decision.flags],
    )


def _approve_refill(world: World, scenario: Scenario) -> Outcome:
    try:
        do_approve_refill(world.patient, by=_approver(world), now=scenario.now)
    except RefillRefused as refused:
        return Outcome(False, refused.codes)
    return Outcome(True)


def _approver(world: World) -> User:
    """The prescriber approves a refill; when they hold no licence in the patient's state,
    a colleague licensed there does, as the contract's refill gate does not ask about the
    clinician (the verb only lets a clinician licensed there answer)."""
    try:
        check_may_treat(world.prescriber, world.patient)
    except ClinicalRecordRefused:
        return world.colleague
    return world.prescriber


ACTIONS: dict[str, Callable[[World, Scenario], Outcome]] = {
    "prescribe": _prescribe,
    "start_session": _start_session,
    "after_session": _after_session,
    "check_in": _check_in,
    "request_refill": _request_refill,
    "approve_refill": _approve_refill,
}
