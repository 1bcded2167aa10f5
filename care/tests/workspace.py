"""A candidate carried through the clinician's verbs, for the workspace tests."""

import datetime as dt
from typing import Any

from care import actions
from care.consults import do_book_consult, open_slots
from care.models import Consult, TreatmentPlan
from demo.treatment import PLAN, PRESCRIPTION
from integrations.pdmp.local import LocalPdmp
from patients.actions import do_verify_id, latest_identity_document
from patients.models import Patient
from patients.tests.helpers import join, offer_time, ready_to_book
from tests.personas import make

CRPS_SYMPTOMS = ["allodynia", "temperature_asymmetry", "oedema", "weakness"]
CRPS_SIGNS = ["allodynia_to_light_touch", "skin_colour_asymmetry", "sweating_asymmetry"]

# The demo's plan and prescription: CRPS of the right arm, 100 mg (2 troches of 50 mg)
# up to 3 times a week, 24 troches with 1 refill.
GOOD_PLAN = PLAN
GOOD_PRESCRIPTION = PRESCRIPTION


def candidate(email: str = "rosa@example.com", state: str = "FL") -> Patient:
    return ready_to_book(join(email, state))


def book_visit(patient: Patient, clinician: Any) -> Consult:
    offer_time(clinician)
    slot = open_slots(patient)[0]
    return do_book_consult(patient, slot.value, by=patient.user)


def consulted(patient: Patient, clinician: Any, *, audio_video: bool = True) -> Consult:
    consult = book_visit(patient, clinician)
    actions.do_record_consult_note(
        consult,
        by=clinician,
        subjective="Burning pain in the right hand for 18 months.",
        objective="Right hand cooler and mottled.",
        assessment="CRPS type I, right upper limb.",
        plan="Start sublingual ketamine with graded motor imagery.",
        audio_video_confirmed=audio_video,
    )
    return consult


def id_verified(patient: Patient) -> None:
    document = latest_identity_document(patient)
    assert document is not None
    do_verify_id(document, by=make("coordinator"))


def approved_with_plan(patient: Patient, clinician: Any) -> TreatmentPlan:
    """Seen by video, ID verified, diagnosed, weighed, approved, with the demo's plan: all
    a prescription needs but the PDMP check."""
    consulted(patient, clinician)
    id_verified(patient)
    actions.do_add_diagnosis(patient, by=clinician, code="G90.511")
    actions.do_record_weight(patient, by=clinician, kg="68.5")
    actions.do_decide_candidate(
        patient, by=clinician, decision="approve", why="Budapest criteria met; no exclusions."
    )
    return actions.do_write_treatment_plan(patient, by=clinician, choices=GOOD_PLAN)


def pdmp_checked(patient: Patient, clinician: Any, *, at: dt.datetime | None = None) -> Any:
    gateway = (
        LocalPdmp(reference="EF-2026-0042", summary="No other controlled substances.")
        if at is None
        else LocalPdmp(
            reference="EF-2026-0042", summary="No other controlled substances.", clock=lambda: at
        )
    )
    return actions.do_record_pdmp_check(patient, by=clinician, gateway=gateway)
