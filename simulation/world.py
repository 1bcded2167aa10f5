"""The world a scenario describes, written into the database as the practice's own records.

History is what already happened, so it is written as the records the verbs would have
left (a consult and its signed note, a PDMP check, a prescription, a fill and its delivered
shipment, a session and its check, a check-in and the flag it raised...), not replayed
through the verbs, which would rightly refuse some of it. Only the scenario's action goes
through a verb (``simulation.run``).
"""

import datetime as dt
import math
import secrets
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from accounts.actions import do_create_person
from accounts.models import User
from accounts.roles import Role
from billing.models import Plan, Subscription, SubscriptionStatus
from billing.seeding import ensure_standard_plan
from care.models import (
    AdverseEvent,
    BodyWeight,
    CandidateDecision,
    ClinicianFlag,
    Consult,
    ConsultNote,
    ConsultStatus,
    Decision,
    Diagnosis,
    HoldClearance,
    InPersonEvaluation,
    PdmpCheck,
    PlanReview,
    Prescription,
    PrescriptionStatus,
    TreatmentPlan,
)
from care.times import patient_today
from clinical.holds import FlagKind
from clinical.prescribing import prescription_expiry
from clinical.safety import CHECKLIST_ITEMS
from credentials.models import DeaRegistration, Licence
from journal.models import CheckIn, HomeSession, SafetyCheck
from patients.consents import current_documents
from patients.models import (
    Consent,
    IdentityDocument,
    IdentityStatus,
    Patient,
    PatientStatus,
    TreatmentMonitor,
)
from patients.text import monitor_guide
from pharmacy.models import (
    Fill,
    FillKind,
    FillStatus,
    RefillRequest,
    RefillStatus,
    Shipment,
    ShipmentStatus,
)
from questionnaires.instruments import INSTRUMENTS, InstrumentCode, score_responses
from simulation.scenario import Event, Scenario

CREDENTIALS_EXPIRE = dt.date(2100, 1, 1)
BEYOND_USE = dt.date(2100, 1, 1)
"""A fill's beyond-use date: the contract knows none, so a fill on hand stays on hand."""
DIAGNOSIS = ("G90.50", "Complex regional pain syndrome type I, site not specified")
ADDRESSES = {
    "FL": ("100 Example Way", "Miami", "33131"),
    "NJ": ("1 Example Plaza", "Newark", "07102"),
}
SUBSCRIPTIONS = {
    "active": SubscriptionStatus.ACTIVE,
    "past_due": SubscriptionStatus.PAST_DUE,
    "cancelled": SubscriptionStatus.CANCELED,
}
STATUS_AFTER_DECISION = {
    "none": PatientStatus.READY_FOR_CONSULT,
    "approved": PatientStatus.APPROVED,
    "declined": PatientStatus.DECLINED,
    "paused": PatientStatus.PAUSED,
}


@dataclass(frozen=True)
class World:
    """The people of a scenario, once its records are written."""

    patient: Patient
    prescriber: User
    colleague: User
    pharmacist: User


def build_world(scenario: Scenario) -> World:
    tag = secrets.token_hex(4)
    prescriber = _person(f"prescriber-{tag}", "The Prescriber", Role.CLINICIAN)
    colleague = _person(f"colleague-{tag}", "A Colleague", Role.CLINICIAN)
    pharmacist = _person(f"pharmacist-{tag}", "The Pharmacist", Role.PHARMACIST)
    patient_user = _person(f"patient-{tag}", "The Patient", Role.PATIENT)
    start = min([scenario.now, *(event.at for event in scenario.history)]) - dt.timedelta(days=1)
    patient = _patient(scenario, patient_user, start)
    world = World(patient, prescriber, colleague, pharmacist)
    _credentials(scenario, world)
    _readiness(scenario, world, start)
    plan = _plan(scenario, world, start)
    if scenario.plan is not None:
        # A patient ready for treatment has a plan reviewed as Florida's chronic-pain law
        # asks (clinical.chronic_pain), whatever the history's span.
        PlanReview.objects.create(
            plan=plan,
            objectives_progress="Reviewed in the scenario.",
            drug_screening="Not needed now.",
            continue_treatment=True,
            reviewed_by=prescriber,
            reviewed_at=scenario.now - dt.timedelta(hours=1),
        )
    _History(scenario, world, plan).write()
    return world


def _person(name: str, full_name: str, role: Role) -> User:
    return do_create_person(
        f"{name}@simulation.invalid", full_name=full_name, password=None, roles=(role,)
    )


def _patient(scenario: Scenario, user: User, start: dt.datetime) -> Patient:
    spec = scenario.patient
    line1, city, zip_code = ADDRESSES[spec["state"]]
    return Patient.objects.create(
        user=user,
        legal_name="The Patient",
        date_of_birth=spec["date_of_birth"],
        state=spec["state"],
        time_zone=spec["time_zone"],
        status=STATUS_AFTER_DECISION[spec["decision"]],
        address_line1=line1,
        city=city,
        zip_code=zip_code,
        profile_completed_at=start,
        created_at=start,
    )


def _credentials(scenario: Scenario, world: World) -> None:
    spec = scenario.prescriber
    state = scenario.patient["state"]
    for number, licence_state in enumerate(sorted(set(spec["licences"]))):
        Licence.objects.create(
            clinician=world.prescriber,
            state=licence_state,
            number=f"SIM{world.prescriber.pk}-{number}",
            expires_on=CREDENTIALS_EXPIRE,
        )
    dea_states = set(spec["dea"])
    for number, dea_state in enumerate(
        sorted(dea_states | ({state} if spec["special_registration"] else set()))
    ):
        DeaRegistration.objects.create(
            clinician=world.prescriber,
            state=dea_state,
            number=f"S{world.prescriber.pk % 10**6:06d}{number:02d}"[:9],
            schedules="2,2N,3,3N,4,5" if dea_state in dea_states else "",
            expires_on=CREDENTIALS_EXPIRE,
            special_telemedicine_registration=spec["special_registration"] and dea_state == state,
        )
    for colleague_state in ("FL", "NJ"):
        Licence.objects.create(
            clinician=world.colleague,
            state=colleague_state,
            number=f"SIM{world.colleague.pk}-{colleague_state}",
            expires_on=CREDENTIALS_EXPIRE,
        )


def _readiness(scenario: Scenario, world: World, start: dt.datetime) -> None:
    """The candidate decision, diagnosis, monitor, ID, consents, subscription and weight.

    A weight dated after the day is on record and not "more than 90 days before the day",
    so it counts: it is written as measured on the day itself.
    """
    spec = scenario.patient
    patient = world.patient
    decisions = {
        "approved": [Decision.APPROVE],
        "declined": [Decision.DECLINE],
        "paused": [Decision.APPROVE, Decision.PAUSE],
        "none": [],
    }[spec["decision"]]
    for offset, decision in enumerate(decisions):
        CandidateDecision.objects.create(
            patient=patient,
            decision=decision,
            why="Recorded in the scenario.",
            reason_for_patient="Recorded in the scenario." if decision != Decision.APPROVE else "",
            decided_by=world.prescriber,
            decided_at=start + dt.timedelta(seconds=offset),
        )
    if spec["diagnosis"]:
        code, description = DIAGNOSIS
        Diagnosis.objects.create(
            patient=patient, code=code, description=description, made_by=world.prescriber
        )
    if spec["monitor"]:
        TreatmentMonitor.objects.create(
            patient=patient,
            name="The Monitor",
            phone="+13055550100",
            relationship="partner",
            confirmed_adult=True,
            guide_version=monitor_guide()[2],
            guide_confirmed_at=start,
        )
    if spec["id_verified"]:
        IdentityDocument.objects.create(
            patient=patient,
            file="identity/simulated.jpg",
            content_type="image/jpeg",
            size=1,
            sha256="0" * 64,
            status=IdentityStatus.VERIFIED,
            reviewed_at=start,
        )
    if spec["consents_current"]:
        for document in current_documents().values():
            Consent.objects.create(
                patient=patient,
                document=document,
                document_sha256=document.sha256,
                typed_name=patient.legal_name,
                signed_at=start,
            )
    if spec["subscription"] in SUBSCRIPTIONS:
        plan = Plan.objects.filter(active=True).first() or ensure_standard_plan()[0]
        Subscription.objects.create(
            patient=patient,
            plan=plan,
            provider="local",
            status=SUBSCRIPTIONS[spec["subscription"]],
            current_period_start=start,
        )
    if spec["weight_kg"] is not None:
        BodyWeight.objects.create(
            patient=patient,
            kg=_recorded_kg(spec["weight_kg"]),
            measured_on=min(spec["weight_on"], patient_today(patient, scenario.now)),
            recorded_by=world.prescriber,
        )


def _recorded_kg(kg: Fraction) -> Decimal:
    """The weight as the record keeps it, in tenths of a kg: rounded down, at least 0.1.

    Rounding down to a tenth leaves the dose limits as the weight given sets them: 2 and 5
    mg per kg of a tenth of a kg are 0.2 and 0.5 mg, so no whole mg lies between the limit
    at the weight given and the limit at the weight kept (74.99 kg starts at 149 mg, as
    74.9 kg does; rounding to the nearest tenth would make it 75.0 kg and 150 mg).
    """
    return Decimal(max(math.floor(kg * 10), 1)) / 10


def _plan(scenario: Scenario, world: World, start: dt.datetime) -> TreatmentPlan:
    """The plan in force; with ``"plan": null``, one that ended before anything happened,
    so the prescriptions of the history still name the plan they were written under."""
    spec = scenario.plan
    dose, weekly = (spec.dose_mg, spec.doses_per_week) if spec else (150, 3)
    limits = spec.limits if spec else {"systolic": 160, "diastolic": 100, "pulse": 100}
    return TreatmentPlan.objects.create(
        patient=world.patient,
        indication="Complex regional pain syndrome",
        induction_mg_per_session=dose,
        induction_sessions_per_week=weekly,
        maintenance_mg_per_session=dose,
        maintenance_sessions_per_week=weekly,
        no_dose_systolic_from=limits["systolic"],
        no_dose_diastolic_from=limits["diastolic"],
        no_dose_heart_rate_above=limits["pulse"],
        written_by=world.prescriber,
        written_at=start,
        ended_at=None if spec else start + dt.timedelta(seconds=1),
        ended_by=None if spec else world.prescriber,
        end_reason="" if spec else "No plan in the scenario.",
    )


class _History:
    """Writes the history events in time order, each as the records it stands for."""

    def __init__(self, scenario: Scenario, world: World, plan: TreatmentPlan) -> None:
        self.scenario = scenario
        self.world = world
        self.patient = world.patient
        self.plan = plan
        self.sessions = scenario.events("session")

    def write(self) -> None:
        """In time order; at one instant a prescription first, since what happens at the
        moment of its issue is "at or after" it (a fill, a session, an approved refill)."""
        for event in sorted(
            self.scenario.history,
            key=lambda event: (event.at, event.kind != "prescription", event.index),
        ):
            getattr(self, f"_{event.kind}")(event)

    def _latest_prescription(self, at: dt.datetime, *, active: bool) -> Prescription | None:
        prescriptions = Prescription.objects.filter(patient=self.patient, issued_at__lte=at)
        if active:
            prescriptions = prescriptions.filter(status=PrescriptionStatus.SIGNED)
        return prescriptions.order_by("-issued_at", "-pk").first()

    def _video_visit(self, event: Event) -> None:
        clinician = self.world.prescriber if event["with"] == "prescriber" else self.world.colleague
        consult = Consult.objects.create(
            patient=self.patient,
            clinician=clinician,
            starts_at=event.at,
            ends_at=event.at + dt.timedelta(minutes=30),
            status=ConsultStatus.COMPLETED,
            booked_at=event.at - dt.timedelta(days=1),
            booked_by=self.patient.user,
        )
        ConsultNote.objects.create(
            consult=consult, audio_video_confirmed=True, signed_by=clinician, signed_at=event.at
        )

    def _in_person_evaluation(self, event: Event) -> None:
        InPersonEvaluation.objects.create(
            patient=self.patient,
            evaluated_on=patient_today(self.patient, event.at),
            recorded_by=self.world.prescriber,
            recorded_at=event.at,
        )

    def _pdmp_check(self, event: Event) -> None:
        state = event["state"] or self.patient.state
        PdmpCheck.objects.create(
            patient=self.patient,
            clinician=self.world.prescriber
            if event["by"] == "prescriber"
            else self.world.colleague,
            state=state,
            programme=f"{state} PDMP",
            checked_at=event.at,
            reference=f"SIM-{event.index}",
            summary="Recorded in the scenario.",
        )

    def _prescription(self, event: Event) -> None:
        issued_on = patient_today(self.patient, event.at)
        units, weekly, days = event["units_per_dose"], event["doses_per_week"], event["days_supply"]
        cancelled = event["status"] == "cancelled"
        Prescription.objects.create(
            patient=self.patient,
            prescriber=self.world.prescriber,
            plan=self.plan,
            form="troche",
            dose_mg=event["dose_mg"],
            strength_mg=event["unit_mg"],
            units_per_dose=units,
            doses_per_week=weekly,
            hold_minutes=15,
            quantity=units * weekly * days // 7,
            days_supply=days,
            refills=event["refills"],
            pharmacy_name="Simulated pharmacy",
            directions=f"{units} x {event['unit_mg']} mg, up to {weekly} times in 7 days.",
            issued_at=event.at,
            issued_on=issued_on,
            expires_on=prescription_expiry(issued_on),
            status=PrescriptionStatus.CANCELLED if cancelled else PrescriptionStatus.SIGNED,
            cancelled_at=event.at if cancelled else None,
            cancel_reason="Recorded in the scenario." if cancelled else "",
        )

    def _fill(self, event: Event) -> None:
        prescription = self._latest_prescription(event.at, active=False)
        if prescription is None:
            return
        fill = self._fill_to_send(prescription, event.at)
        units = event["units"] if event["units"] is not None else prescription.quantity
        fill.status = FillStatus.SHIPPED
        fill.verified_by = fill.filled_by = self.world.pharmacist
        fill.verified_at = fill.filled_at = event.at
        fill.lot_number = f"SIM{event.index}"
        fill.beyond_use_date = BEYOND_USE
        fill.quantity_dispensed = units
        fill.save()
        delivered = event["delivered"]
        Shipment.objects.create(
            fill=fill,
            carrier="local",
            tracking_number=f"SIM{fill.pk}-{secrets.token_hex(3)}",
            status=ShipmentStatus.DELIVERED if delivered else ShipmentStatus.SHIPPED,
            shipped_at=event.at,
            shipped_by=self.world.pharmacist,
            signed_by="The Patient" if delivered else "",
            delivered_at=event.at if delivered else None,
        )

    def _fill_to_send(self, prescription: Prescription, at: dt.datetime) -> Fill:
        """An approved refill waiting to be filled; else the original; else a refill.

        A further fill with no ``refill_approved`` before it uses no refill: the contract
        counts ``refill_approved`` events only. Its request is kept as one the clinician did
        not approve, so that the refill gate's count of approved refills leaves it out.
        """
        waiting = (
            Fill.objects.filter(prescription=prescription, status=FillStatus.QUEUED)
            .order_by("queued_at", "pk")
            .first()
        )
        if waiting is not None:
            return waiting
        if not Fill.objects.filter(prescription=prescription, kind=FillKind.ORIGINAL).exists():
            return Fill(prescription=prescription, kind=FillKind.ORIGINAL, queued_at=at)
        request = RefillRequest.objects.create(
            prescription=prescription,
            requested_at=at,
            requested_by=self.patient.user,
            status=RefillStatus.DECLINED,
            decided_by=self.world.prescriber,
            decided_at=at,
            decline_reason="A fill in the scenario's history with no refill_approved before it.",
        )
        return Fill(
            prescription=prescription, kind=FillKind.REFILL, refill_request=request, queued_at=at
        )

    def _safety_check(self, event: Event) -> None:
        SafetyCheck.objects.create(
            patient=self.patient,
            checked_at=event.at,
            systolic=124,
            diastolic=80,
            pulse=72,
            **dict.fromkeys(CHECKLIST_ITEMS, True),
            passed=event["result"] == "passed",
        )

    def _session(self, event: Event) -> None:
        prescription = self._latest_prescription(event.at, active=False)
        dose = event["dose_mg"] or (prescription.dose_mg if prescription else 150)
        units = event["units"] or (prescription.units_per_dose if prescription else 2)
        check = SafetyCheck.objects.create(
            patient=self.patient,
            checked_at=event.at,
            systolic=124,
            diastolic=80,
            pulse=72,
            **dict.fromkeys(CHECKLIST_ITEMS, True),
            passed=True,
        )
        fill = (
            Fill.objects.filter(
                prescription=prescription,
                shipment__status=ShipmentStatus.DELIVERED,
                shipment__delivered_at__lte=event.at,
            )
            .order_by("-shipment__delivered_at")
            .first()
            if prescription
            else None
        )
        logging_now = self.scenario.action.kind == "after_session" and event is self.sessions[-1]
        logged = event["after_log"] and not logging_now
        HomeSession.objects.create(
            patient=self.patient,
            prescription=prescription,
            fill=fill,
            safety_check=check,
            started_at=event.at,
            units_taken=units,
            mg=dose,
            finished_at=event.at if logged else None,
            pain_now=3 if logged else None,
            dissociation=4 if logged else None,
        )

    def _check_in(self, event: Event) -> None:
        code = InstrumentCode(event["instrument"])
        definition = INSTRUMENTS[code]
        responses: dict[str, int | bool] = {
            item.id: bool(value) if code is InstrumentCode.PC_PTSD5 else value
            for item, value in zip(definition.items, event["items"], strict=True)
        }
        score = score_responses(definition, responses)
        CheckIn.objects.create(
            patient=self.patient,
            instrument=code,
            due_on=patient_today(self.patient, event.at),
            completed_at=event.at,
            responses=responses,
            score=score.as_record(),
        )
        if score.crisis:
            self._flag(FlagKind.SUICIDALITY, event.at)

    def _flag(self, kind: FlagKind, at: dt.datetime) -> None:
        ClinicianFlag.objects.create(patient=self.patient, reason=str(kind), raised_at=at)

    def _adverse_event(self, event: Event) -> None:
        AdverseEvent.objects.create(
            patient=self.patient,
            reported_by=self.world.prescriber,
            reported_at=event.at,
            grade=event["severity"],
            description="Recorded in the scenario.",
        )

    def _red_flag(self, event: Event) -> None:
        self._flag(FlagKind(event["kind"]), event.at)

    def _cleared(self, event: Event) -> None:
        HoldClearance.objects.create(
            patient=self.patient,
            hold=event["hold"],
            note=event["note"],
            cleared_by=self.world.prescriber,
            cleared_at=event.at,
        )

    def _waiting_request(self, prescription: Prescription) -> RefillRequest | None:
        return RefillRequest.objects.filter(
            prescription=prescription, status=RefillStatus.AWAITING_CLINICIAN
        ).first()

    def _refill_request(self, event: Event) -> None:
        prescription = self._latest_prescription(event.at, active=True)
        if prescription is None or self._waiting_request(prescription) is not None:
            return
        RefillRequest.objects.create(
            prescription=prescription,
            requested_at=event.at,
            requested_by=self.patient.user,
            status=RefillStatus.AWAITING_CLINICIAN,
        )

    def _refill_approved(self, event: Event) -> None:
        prescription = self._latest_prescription(event.at, active=True)
        if prescription is None:
            return
        request = self._waiting_request(prescription) or RefillRequest(
            prescription=prescription, requested_at=event.at, requested_by=self.patient.user
        )
        request.status = RefillStatus.APPROVED
        request.decided_by = self.world.prescriber
        request.decided_at = event.at
        request.save()
        Fill.objects.create(
            prescription=prescription,
            kind=FillKind.REFILL,
            refill_request=request,
            queued_at=event.at,
        )
