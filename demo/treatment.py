"""Elena Torres, five weeks into treatment for CRPS of the right arm, and Daniel Brooks,
whose doses are on hold, for the demo.

Everything is recorded through the same verbs the pages use, then moved back in time as
if it had happened on its day: Dr Rivera saw her 35 days ago, approved her and
prescribed; the pharmacy delivered her troches 31 days ago; she has logged ten home
sessions, a graded-motor-imagery exercise after most of them, and four weekly PEG
check-ins in which her pain has fallen from the assessment's 5.7 to 3.0; today she asks
for a refill, which waits in Dr Rivera's queue. Daniel's course is the same until this
morning, when the log after his session reported bladder pain and urgency: a bladder flag
in Dr Rivera's queue, and a hold on his doses, prescriptions and refills until she speaks
with him and clears it with a note. The audit log keeps the real times: it is
append-only, and it records when the demo was made.
"""

import datetime as dt
from typing import Any

from django.db.models import F
from django.utils import timezone

from accounts.models import User
from assessment.models import Assessment
from care import actions as care
from care.consults import do_book_consult, open_slots
from care.models import (
    BodyWeight,
    BudapestExam,
    CandidateDecision,
    ClinicianFlag,
    Consult,
    ConsultNote,
    CrpsSeverityRecord,
    Diagnosis,
    PdmpCheck,
    Prescription,
    TreatmentPlan,
)
from clinical import safety
from clinical.prescribing import prescription_expiry
from demo.joining import ready_for_care
from integrations.pdmp.local import LocalPdmp
from journal import actions as journal
from journal.models import CheckIn, ExerciseLog, HomeSession, SafetyCheck
from patients.actions import ProfileChange
from patients.models import (
    Consent,
    IdentityDocument,
    Patient,
    TimelineEvent,
    TreatmentMonitor,
)
from pharmacy import actions as pharmacy
from pharmacy.models import Fill, Shipment, ShipmentEvent
from questionnaires.instruments import InstrumentCode

JOINED_DAYS_AGO = 38
SEEN_DAYS_AGO = 35
DELIVERED_DAYS_AGO = 31
SESSION_DAYS_AGO = (30, 28, 26, 23, 21, 19, 16, 14, 11, 9)
# PEG items (pain on average, interference with enjoyment of life, with general activity).
CHECK_INS = {24: (6, 5, 5), 17: (5, 5, 4), 10: (4, 4, 3), 3: (3, 3, 3)}

PLAN = care.PlanChoices(
    indication="CRPS type I, right arm",
    induction_mg_per_session=100,
    induction_sessions_per_week=3,
    maintenance_mg_per_session=100,
    maintenance_sessions_per_week=2,
    exercise_programme="gmi_laterality",
)
PRESCRIPTION = care.PrescriptionChoices(
    form="troche",
    dose_mg=100,
    strength_mg=50,
    units_per_dose=2,
    doses_per_week=3,
    hold_minutes=15,
    days_supply=28,
    refills=1,
    pharmacy_name="Bayshore Compounding Pharmacy",
)


def _dated(patient: Patient) -> list[tuple[Any, tuple[str, ...]]]:
    """Every time-stamped record of the patient's course, with its time fields."""
    own = {"patient": patient}
    return [
        (Assessment.objects.filter(pk__in=[patient.assessment_id or 0]), ("completed_at",)),
        (Patient.objects.filter(pk=patient.pk), ("created_at", "profile_completed_at")),
        (TreatmentMonitor.objects.filter(**own), ("guide_confirmed_at", "updated_at")),
        (IdentityDocument.objects.filter(**own), ("uploaded_at", "reviewed_at")),
        (Consent.objects.filter(**own), ("signed_at",)),
        (Consult.objects.filter(**own), ("starts_at", "ends_at", "booked_at")),
        (ConsultNote.objects.filter(consult__patient=patient), ("signed_at",)),
        (BudapestExam.objects.filter(**own), ("examined_at",)),
        (CrpsSeverityRecord.objects.filter(**own), ("scored_at",)),
        (Diagnosis.objects.filter(**own), ("made_at",)),
        (CandidateDecision.objects.filter(**own), ("decided_at",)),
        (BodyWeight.objects.filter(**own), ("recorded_at",)),
        (TreatmentPlan.objects.filter(**own), ("written_at",)),
        (PdmpCheck.objects.filter(**own), ("checked_at",)),
        (Prescription.objects.filter(**own), ("issued_at",)),
        (
            Fill.objects.filter(prescription__patient=patient),
            ("queued_at", "verified_at", "filled_at"),
        ),
        (
            Shipment.objects.filter(fill__prescription__patient=patient),
            ("shipped_at", "delivered_at"),
        ),
        (ShipmentEvent.objects.filter(shipment__fill__prescription__patient=patient), ("at",)),
        (SafetyCheck.objects.filter(**own), ("checked_at",)),
        (HomeSession.objects.filter(**own), ("started_at", "finished_at")),
        (CheckIn.objects.filter(**own), ("completed_at",)),
        (ExerciseLog.objects.filter(**own), ("scheduled_for", "done_at")),
        (ClinicianFlag.objects.filter(**own), ("raised_at",)),
        (TimelineEvent.objects.filter(**own), ("at",)),
    ]


def _move_back(patient: Patient, since: dt.datetime, days: int) -> None:
    """Move what was recorded for the patient from ``since`` on back by ``days`` days."""
    delta = dt.timedelta(days=days)
    for rows, fields in _dated(patient):
        for field in fields:
            rows.filter(**{f"{field}__gte": since}).update(**{field: F(field) - delta})


def _seen_approved_and_prescribed(patient: Patient, clinician: User) -> Prescription:
    slot = next(slot for slot in open_slots(patient) if slot.clinician.pk == clinician.pk)
    consult = do_book_consult(patient, slot.value, by=patient.user)
    # Seen just now: the visit ended a few minutes before the note was written.
    length = consult.ends_at - consult.starts_at
    ended = timezone.now() - dt.timedelta(minutes=5)
    Consult.objects.filter(pk=consult.pk).update(starts_at=ended - length, ends_at=ended)
    consult.refresh_from_db()
    care.do_record_consult_note(
        consult,
        by=clinician,
        subjective="Burning pain and swelling of the right hand since a wrist fracture in 2024.",
        objective="Right hand cooler, mottled and swollen; light touch painful; grip weak.",
        assessment="CRPS type I of the right arm; Budapest clinical criteria met.",
        plan="Sublingual ketamine at home with graded motor imagery; weekly PEG.",
        audio_video_confirmed=True,
    )
    care.do_record_budapest_exam(
        patient,
        by=clinician,
        consult=consult,
        continuing_disproportionate_pain=True,
        symptoms=["allodynia", "temperature_asymmetry", "oedema", "weakness"],
        signs=["allodynia_to_light_touch", "skin_colour_asymmetry", "sweating_asymmetry"],
        better_explained_by_another_diagnosis=False,
    )
    care.do_record_severity(
        patient,
        by=clinician,
        consult=consult,
        symptoms=["continuing_pain", "allodynia_or_hyperalgesia", "temperature_asymmetry"],
        signs=["allodynia", "temperature_asymmetry", "colour_asymmetry"],
    )
    care.do_add_diagnosis(patient, by=clinician, code="G90.511")
    care.do_decide_candidate(
        patient, by=clinician, decision="approve", why="Budapest criteria met; no exclusions."
    )
    care.do_record_weight(patient, by=clinician, kg="68.5")
    care.do_write_treatment_plan(patient, by=clinician, choices=PLAN)
    care.do_record_pdmp_check(
        patient,
        by=clinician,
        gateway=LocalPdmp(reference="EF-DEMO-0001", summary="No other controlled substances."),
    )
    return care.do_issue_prescription(patient, by=clinician, choices=PRESCRIPTION)


def _delivered(prescription: Prescription, pharmacist: User) -> None:
    fill = pharmacy.do_queue_original_fill(prescription)
    pharmacy.do_verify_fill(fill, by=pharmacist)
    pharmacy.do_fill(
        fill,
        by=pharmacist,
        lot_number="KX-DEMO-01",
        beyond_use_date=timezone.localdate() + dt.timedelta(days=60),
        quantity=prescription.quantity,
    )
    shipment = pharmacy.do_ship(
        fill, by=pharmacist, carrier_name="UPS", tracking_number=f"1Z999AA1{fill.pk:010d}"
    )
    pharmacy.do_record_delivery_event(
        shipment, kind="delivered", by=pharmacist, signed_by=prescription.patient.legal_name
    )


def _home_session(patient: Patient, pain_now: int) -> None:
    start = journal.do_start_home_session(
        patient,
        by=patient.user,
        readings=safety.VitalSigns(124, 80, 72),
        checklist=safety.SessionChecklist(*[True] * len(safety.CHECKLIST_ITEMS)),
    )
    assert start.session is not None, start.verdict.codes
    finished = journal.do_finish_home_session(
        start.session,
        by=patient.user,
        after_log=safety.AfterSessionLog(pain_now=pain_now, dissociation=4),
    )
    if finished.exercises:
        journal.do_log_exercise(
            patient,
            by=patient.user,
            exercise=finished.exercises[0].exercise,
            completed=True,
            discomfort=2,
            scheduled=finished.exercises[0],
        )


def five_weeks_of_treatment(patient: Patient, clinician: User, pharmacist: User) -> Prescription:
    """Seen, approved and prescribed 35 days ago, delivered 31 days ago, ten sessions and
    four weekly PEG check-ins since: the course of a patient who is doing well."""
    since = timezone.now()
    prescription = _seen_approved_and_prescribed(patient, clinician)
    _move_back(patient, since, SEEN_DAYS_AGO)
    issued_on = timezone.localdate() - dt.timedelta(days=SEEN_DAYS_AGO)
    Prescription.objects.filter(pk=prescription.pk).update(
        issued_on=issued_on, expires_on=prescription_expiry(issued_on)
    )

    since = timezone.now()
    _delivered(prescription, pharmacist)
    _move_back(patient, since, DELIVERED_DAYS_AGO)

    pain_after = iter((6, 6, 5, 5, 4, 4, 4, 3, 3, 3))
    days = sorted({*SESSION_DAYS_AGO, *CHECK_INS}, reverse=True)
    for days_ago in days:  # oldest first, as she lived it
        since = timezone.now()
        if days_ago in SESSION_DAYS_AGO:
            _home_session(patient, pain_now=next(pain_after))
        if days_ago in CHECK_INS:
            peg_1, peg_2, peg_3 = CHECK_INS[days_ago]
            journal.do_complete_check_in(
                patient,
                by=patient.user,
                instrument=InstrumentCode.PEG,
                responses={"peg_1": peg_1, "peg_2": peg_2, "peg_3": peg_3},
            )
        _move_back(patient, since, days_ago)
    # Each check-in was due on the day it was done, and scheduled the next a week on from
    # the day it was really made: keep one, due a week after the last.
    for done in CheckIn.objects.filter(patient=patient, completed_at__isnull=False):
        assert done.completed_at is not None
        CheckIn.objects.filter(pk=done.pk).update(due_on=timezone.localdate(done.completed_at))
    waiting = CheckIn.objects.filter(patient=patient, completed_at__isnull=True).order_by("pk")
    keep = waiting.last()
    if keep is not None:
        waiting.exclude(pk=keep.pk).delete()
        CheckIn.objects.filter(pk=keep.pk).update(
            due_on=timezone.localdate() + dt.timedelta(days=7 - min(CHECK_INS))
        )
    return prescription


def seed_treatment(people: dict[str, User]) -> None:
    """Elena's course so far (idempotent: nothing is added once she has a prescription)."""
    joining = timezone.now()
    patient = ready_for_care(
        people["patient_in_treatment"],
        people["coordinator"],
        ProfileChange(
            legal_name="Elena Torres",
            date_of_birth=dt.date(1975, 2, 8),
            date_of_birth_differs=False,
            phone="+18135550142",
            address_line1="410 South Rome Avenue",
            address_line2="",
            city="Tampa",
            state="FL",
            zip_code="33606",
            emergency_contact_name="Marco Torres",
            emergency_contact_phone="+18135550177",
            texts_allowed=True,
            emergency_contact_relationship="Husband",
        ),
    )
    if patient.prescriptions.exists():
        return
    _move_back(patient, joining, JOINED_DAYS_AGO)
    five_weeks_of_treatment(patient, people["clinician_fl"], people["pharmacist"])
    pharmacy.do_request_refill(patient, by=patient.user)


def seed_hold(people: dict[str, User]) -> None:
    """Daniel's course: five good weeks, then bladder symptoms this morning (idempotent)."""
    joining = timezone.now()
    patient = ready_for_care(
        people["patient_on_hold"],
        people["coordinator"],
        ProfileChange(
            legal_name="Daniel Brooks",
            date_of_birth=dt.date(1968, 7, 22),
            date_of_birth_differs=False,
            phone="+17275550163",
            address_line1="2200 Central Avenue",
            address_line2="",
            city="St. Petersburg",
            state="FL",
            zip_code="33712",
            emergency_contact_name="Ruth Brooks",
            emergency_contact_phone="+17275550190",
            texts_allowed=False,
            emergency_contact_relationship="Wife",
        ),
    )
    if patient.prescriptions.exists():
        return
    _move_back(patient, joining, JOINED_DAYS_AGO)
    five_weeks_of_treatment(patient, people["clinician_fl"], people["pharmacist"])
    since = timezone.now()
    start = journal.do_start_home_session(
        patient,
        by=patient.user,
        readings=safety.VitalSigns(128, 82, 76),
        checklist=safety.SessionChecklist(*[True] * len(safety.CHECKLIST_ITEMS)),
    )
    assert start.session is not None, start.verdict.codes
    journal.do_finish_home_session(
        start.session,
        by=patient.user,
        after_log=safety.AfterSessionLog(
            pain_now=4,
            dissociation=3,
            side_effects=frozenset(
                {safety.SideEffect.BLADDER_PAIN, safety.SideEffect.URINARY_URGENCY}
            ),
        ),
    )
    for rows, fields in _dated(patient):
        for field in fields:
            rows.filter(**{f"{field}__gte": since}).update(
                **{field: F(field) - dt.timedelta(hours=3)}
            )
