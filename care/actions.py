"""The clinician's verbs: every change to a consult note, an exam, a diagnosis, a
decision, a plan, a PDMP check, a prescription or an adverse event goes through here.

Each writes its rows, an audit event and a timeline entry in one transaction. Timeline
summaries and emails never carry health details.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from billing.models import SubscriptionStatus
from billing.standing import current_subscription
from care.access import ClinicalRecordRefused, check_may_treat
from care.holds import open_holds
from care.models import (
    AdverseEvent,
    AdverseEventGrade,
    BodyWeight,
    BudapestExam,
    CandidateDecision,
    ClinicianFlag,
    Consult,
    ConsultNote,
    ConsultStatus,
    CrpsSeverityRecord,
    Decision,
    Diagnosis,
    ExerciseProgramme,
    FlagReason,
    InPersonEvaluation,
    PdmpCheck,
    PlanReview,
    Prescription,
    PrescriptionStatus,
    Referral,
    SuicideRisk,
    SuicideRiskAssessment,
    TreatmentPlan,
)
from care.records import current_plan, has_active_prescription, is_approved, latest_weight
from care.times import patient_today
from clinical import budapest, chronic_pain, icd10, severity
from clinical.directions import (
    LONGEST_HOLD_MINUTES,
    SHORTEST_HOLD_MINUTES,
    Directions,
    DosageForm,
    UnclearDirections,
    write_directions,
)
from clinical.holds import FlagKind
from clinical.plan import PhaseDoseLimits, PlanLimits, SessionSafetyLimits, check_plan_limits
from clinical.policy import SafetyPolicy
from clinical.prescribing import (
    DeaRegistrationOnRecord,
    PrescribingFacts,
    PrescriptionRequest,
    Refusal,
    RefusalCode,
    TelemedicinePolicy,
    check_prescribing_rules,
    parse_schedules,
    prescription_expiry,
)
from credentials.actions import licensed_states
from credentials.models import DeaRegistration
from foundation.notices import send_notice, site_link
from foundation.refusals import Reason, Refused
from integrations.pdmp import PdmpGateway
from patients.actions import latest_identity_document, monitor_ready
from patients.consents import consents_complete
from patients.models import IdentityStatus, Patient, PatientStatus
from patients.rules import age_on
from patients.timeline import record_step

__all__ = ["ClinicalRecordRefused", "check_may_treat"]


class PrescribingRefused(Refused):
    """The prescription cannot be signed; `refusals` lists every rule it does not meet."""

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__([Reason(str(refusal.code), refusal.reason) for refusal in refusals])
        self.refusals = refusals

    @property
    def codes(self) -> set[RefusalCode]:
        return {refusal.code for refusal in self.refusals}


def safety_policy() -> SafetyPolicy:
    """The practice's safety policy: the contract's defaults, made stricter in settings."""
    policy: SafetyPolicy = settings.CLINICAL_SAFETY_POLICY
    return policy


@transaction.atomic
def do_record_consult_note(
    consult: Consult,
    *,
    by: User,
    subjective: str,
    objective: str,
    assessment: str,
    plan: str,
    audio_video_confirmed: bool,
) -> ConsultNote:
    if consult.clinician_id != by.pk:
        raise ClinicalRecordRefused(["Only the visit's clinician can sign its note."])
    if consult.status == ConsultStatus.CANCELLED:
        raise ClinicalRecordRefused(["This visit was cancelled, so it has no note."])
    if ConsultNote.objects.filter(consult=consult).exists():
        raise ClinicalRecordRefused(["This visit's note is already signed."])
    note = ConsultNote.objects.create(
        consult=consult,
        subjective=subjective.strip(),
        objective=objective.strip(),
        assessment=assessment.strip(),
        plan=plan.strip(),
        audio_video_confirmed=audio_video_confirmed,
        signed_by=by,
    )
    consult.status = ConsultStatus.COMPLETED
    consult.save(update_fields=["status"])
    record_step(
        consult.patient, "care.consult_note_signed", note, by=by, summary="Consult note signed"
    )
    return note


def _findings(values: Iterable[str], kind: type[Any]) -> frozenset[Any]:
    try:
        return frozenset(kind(value) for value in values)
    except ValueError as error:
        raise ClinicalRecordRefused([f"{error}."]) from error


@transaction.atomic
def do_record_budapest_exam(
    patient: Patient,
    *,
    by: User,
    continuing_disproportionate_pain: bool,
    symptoms: Iterable[str],
    signs: Iterable[str],
    better_explained_by_another_diagnosis: bool,
    consult: Consult | None = None,
) -> BudapestExam:
    check_may_treat(by, patient)
    try:
        exam = budapest.BudapestExam(
            continuing_disproportionate_pain=continuing_disproportionate_pain,
            symptoms=_findings(symptoms, budapest.Finding),
            signs=_findings(signs, budapest.Finding),
            better_explained_by_another_diagnosis=better_explained_by_another_diagnosis,
        )
    except ValueError as error:
        raise ClinicalRecordRefused([str(error)]) from error
    result = budapest.evaluate_budapest(exam)
    record = BudapestExam.objects.create(
        patient=patient,
        consult=consult,
        examined_by=by,
        continuing_disproportionate_pain=continuing_disproportionate_pain,
        symptoms=sorted(exam.symptoms),
        signs=sorted(exam.signs),
        better_explained_by_another_diagnosis=better_explained_by_another_diagnosis,
        clinical_criteria_met=result.clinical_criteria_met,
        research_criteria_met=result.research_criteria_met,
        explanation=result.explanation,
    )
    record_step(
        patient, "care.budapest_exam_recorded", record, by=by, summary="Budapest exam recorded"
    )
    return record


@transaction.atomic
def do_record_severity(
    patient: Patient,
    *,
    by: User,
    symptoms: Iterable[str],
    signs: Iterable[str],
    consult: Consult | None = None,
) -> CrpsSeverityRecord:
    check_may_treat(by, patient)
    try:
        score = severity.CrpsSeverityScore(
            symptoms=_findings(symptoms, severity.ReportedSymptom),
            signs=_findings(signs, severity.SignSeen),
        )
    except ValueError as error:
        raise ClinicalRecordRefused([str(error)]) from error
    record = CrpsSeverityRecord.objects.create(
        patient=patient,
        consult=consult,
        scored_by=by,
        symptoms=sorted(score.symptoms),
        signs=sorted(score.signs),
        total=score.total,
        baseline=not CrpsSeverityRecord.objects.filter(patient=patient).exists(),
    )
    record_step(
        patient, "care.severity_scored", record, by=by, summary="CRPS Severity Score recorded"
    )
    return record


@transaction.atomic
def do_add_diagnosis(patient: Patient, *, by: User, code: str) -> Diagnosis:
    check_may_treat(by, patient)
    written = icd10.normalise_code(code)
    active = list(patient.diagnoses.filter(active=True).values_list("code", flat=True))
    problems = icd10.check_diagnosis_codes([*active, written])
    if problems:
        raise ClinicalRecordRefused(problems)
    diagnosis = Diagnosis.objects.create(
        patient=patient, code=written, description=icd10.describe(written), made_by=by
    )
    record_step(patient, "care.diagnosis_added", diagnosis, by=by, summary="Diagnosis recorded")
    return diagnosis


_STATUS_AFTER = {
    Decision.APPROVE: PatientStatus.APPROVED,
    Decision.DECLINE: PatientStatus.DECLINED,
    Decision.REFER: PatientStatus.REFERRED,
    Decision.PAUSE: PatientStatus.PAUSED,
}


@transaction.atomic
def do_decide_candidate(
    patient: Patient,
    *,
    by: User,
    decision: str,
    why: str,
    reason_for_patient: str = "",
    referral: str = "",
) -> CandidateDecision:
    check_may_treat(by, patient)
    problems = _check_decision(decision, why, reason_for_patient, referral)
    if decision == Decision.APPROVE:
        problems += _check_suicide_risk_assessed(patient)
    if problems:
        raise ClinicalRecordRefused(problems)
    record = CandidateDecision.objects.create(
        patient=patient,
        decision=decision,
        referral=referral if decision == Decision.REFER else "",
        reason_for_patient=reason_for_patient.strip(),
        why=why.strip(),
        decided_by=by,
    )
    patient.status = _STATUS_AFTER[Decision(decision)]
    if decision == Decision.APPROVE and patient.prescriptions.exists():
        patient.status = PatientStatus.IN_TREATMENT
    patient.save(update_fields=["status"])
    record_step(patient, "care.candidate_decided", record, by=by, summary="Candidate decided")
    return record


SUICIDE_RISK_REASON = "suicidal_ideation"
"""The assessment rule after which approval needs a recorded risk assessment and safety plan."""


def _check_suicide_risk_assessed(patient: Patient) -> list[str]:
    """Approving after the assessment found thoughts of suicide needs the clinician's own
    suicide risk assessment and a safety plan on record, made after that assessment; a
    high risk is not treated at home."""
    assessment = patient.assessment
    if assessment is None or SUICIDE_RISK_REASON not in assessment.reasons:
        return []
    latest = (
        SuicideRiskAssessment.objects.filter(
            patient=patient, assessed_at__gte=assessment.completed_at
        )
        .order_by("-assessed_at")
        .first()
    )
    if latest is None:
        return [
            "The assessment found thoughts of death or suicide: record a suicide risk "
            "assessment and a safety plan with the patient before approving."
        ]
    if latest.risk == SuicideRisk.HIGH:
        return [
            "The latest suicide risk assessment found a high risk: home treatment is not "
            "safe; refer the patient instead."
        ]
    return []


def _check_decision(decision: str, why: str, reason_for_patient: str, referral: str) -> list[str]:
    if decision not in Decision.values:
        return ["Choose approve, decline or refer."]
    problems = [] if why.strip() else ["Say why, for the record."]
    if decision in (Decision.DECLINE, Decision.REFER) and not reason_for_patient.strip():
        problems.append("Write the reason the patient will read.")
    if decision == Decision.REFER and referral not in Referral.values:
        problems.append("Choose where to refer the patient.")
    return problems


@dataclass(frozen=True)
class PlanChoices:
    """What the clinician chose for a treatment plan."""

    indication: str
    induction_mg_per_session: int
    induction_sessions_per_week: int
    maintenance_mg_per_session: int
    maintenance_sessions_per_week: int
    no_dose_systolic_from: int = 160
    no_dose_diastolic_from: int = 100
    no_dose_heart_rate_above: int = 100
    check_in_every_days: int = 7
    exercise_programme: str = ExerciseProgramme.NONE

    @property
    def limits(self) -> PlanLimits:
        return PlanLimits(
            induction=PhaseDoseLimits(
                self.induction_mg_per_session, self.induction_sessions_per_week
            ),
            maintenance=PhaseDoseLimits(
                self.maintenance_mg_per_session, self.maintenance_sessions_per_week
            ),
            safety=SessionSafetyLimits(
                self.no_dose_systolic_from,
                self.no_dose_diastolic_from,
                self.no_dose_heart_rate_above,
            ),
        )


@transaction.atomic
def do_write_treatment_plan(patient: Patient, *, by: User, choices: PlanChoices) -> TreatmentPlan:
    check_may_treat(by, patient)
    problems = check_plan_limits(choices.limits)
    if not choices.indication.strip():
        problems.insert(0, "Name the indication.")
    if not 1 <= choices.check_in_every_days <= 28:
        problems.append("Check-ins are due every 1 to 28 days.")
    if choices.exercise_programme not in ExerciseProgramme.values:
        problems.append("Choose an exercise programme, or none.")
    if problems:
        raise ClinicalRecordRefused(problems)
    plan = TreatmentPlan.objects.create(
        patient=patient,
        indication=choices.indication.strip(),
        induction_mg_per_session=choices.induction_mg_per_session,
        induction_sessions_per_week=choices.induction_sessions_per_week,
        maintenance_mg_per_session=choices.maintenance_mg_per_session,
        maintenance_sessions_per_week=choices.maintenance_sessions_per_week,
        no_dose_systolic_from=choices.no_dose_systolic_from,
        no_dose_diastolic_from=choices.no_dose_diastolic_from,
        no_dose_heart_rate_above=choices.no_dose_heart_rate_above,
        check_in_every_days=choices.check_in_every_days,
        exercise_programme=choices.exercise_programme,
        written_by=by,
    )
    record_step(patient, "care.plan_written", plan, by=by, summary="Treatment plan written")
    return plan


@transaction.atomic
def do_record_pdmp_check(patient: Patient, *, by: User, gateway: PdmpGateway) -> PdmpCheck:
    check_may_treat(by, patient)
    try:
        report = gateway.look_up(str(patient.public_id), str(by.pk), patient.state)
    except ValueError as error:
        raise ClinicalRecordRefused([str(error)]) from error
    check = PdmpCheck.objects.create(
        patient=patient,
        clinician=by,
        state=report.state,
        programme=report.programme,
        checked_at=report.checked_at,
        reference=report.reference,
        summary=report.summary,
        attested=report.attested,
    )
    record_step(patient, "care.pdmp_checked", check, by=by, summary="PDMP check recorded")
    return check


@transaction.atomic
def do_record_in_person_evaluation(
    patient: Patient, *, by: User, evaluated_on: dt.date, today: dt.date | None = None
) -> InPersonEvaluation:
    """An in-person medical evaluation of the patient, on record for the telemedicine rule."""
    check_may_treat(by, patient)
    day = today or timezone.localdate()
    if evaluated_on > day:
        raise ClinicalRecordRefused(
            ["The evaluation date is in the future: enter the day it took place."]
        )
    if patient.date_of_birth and evaluated_on < patient.date_of_birth:
        raise ClinicalRecordRefused(["The evaluation date is before the patient's date of birth."])
    evaluation = InPersonEvaluation.objects.create(
        patient=patient, evaluated_on=evaluated_on, recorded_by=by
    )
    record_step(
        patient,
        "care.in_person_evaluation_recorded",
        evaluation,
        by=by,
        summary="In-person evaluation recorded",
    )
    return evaluation


@dataclass(frozen=True)
class PrescriptionChoices:
    """What the clinician asks to sign. The quantity follows from the rest."""

    form: str
    dose_mg: int
    strength_mg: int
    units_per_dose: int
    doses_per_week: int
    hold_minutes: int
    days_supply: int
    refills: int
    pharmacy_name: str

    def request(self) -> PrescriptionRequest:
        return PrescriptionRequest(
            dose_mg=self.dose_mg,
            unit_mg=self.strength_mg,
            units_per_dose=self.units_per_dose,
            doses_per_week=self.doses_per_week,
            days_supply=self.days_supply,
            refills=self.refills,
        )

    def directions(self) -> Directions:
        return Directions(
            form=DosageForm(self.form),
            strength_mg=self.strength_mg,
            units_per_dose=self.units_per_dose,
            max_doses_per_week=self.doses_per_week,
            hold_minutes=self.hold_minutes,
        )


def telemedicine_policy() -> TelemedicinePolicy:
    return TelemedicinePolicy.federal(
        in_person_required_from=settings.TELEMEDICINE_IN_PERSON_REQUIRED_FROM
    )


def _subscription_active(patient: Patient) -> bool:
    subscription = current_subscription(patient)
    return subscription is not None and subscription.status == SubscriptionStatus.ACTIVE


def _id_verified(patient: Patient) -> bool:
    document = latest_identity_document(patient)
    return document is not None and document.status == IdentityStatus.VERIFIED


def _latest_video_visit(patient: Patient, clinician: User, at: dt.datetime) -> dt.datetime | None:
    """When the prescriber last held an audio-video visit with the patient: the moment its
    note was signed, as the visit is on record from then."""
    return (
        ConsultNote.objects.filter(
            consult__patient=patient,
            consult__clinician_id=clinician.pk,
            consult__status=ConsultStatus.COMPLETED,
            audio_video_confirmed=True,
            signed_at__lte=at,
        )
        .order_by("-signed_at")
        .values_list("signed_at", flat=True)
        .first()
    )


def prescribing_facts(
    patient: Patient, *, by: User, request: PrescriptionRequest, issued_at: dt.datetime
) -> PrescribingFacts:
    """Everything `check_prescribing_rules` looks at, read from the database."""
    issued_on = patient_today(patient, issued_at)
    registrations = list(DeaRegistration.objects.filter(clinician_id=by.pk))
    pdmp_checked_at = (
        PdmpCheck.objects.filter(
            patient=patient, clinician_id=by.pk, state=patient.state, checked_at__lte=issued_at
        )
        .order_by("-checked_at")
        .values_list("checked_at", flat=True)
        .first()
    )
    weight = latest_weight(patient, issued_on)
    plan = current_plan(patient, issued_at)
    return PrescribingFacts(
        issued_at=issued_at,
        issued_on=issued_on,
        patient_state=patient.state,
        patient_age=age_on(patient.date_of_birth, issued_on) if patient.date_of_birth else None,
        approved=is_approved(patient),
        diagnosis_on_record=patient.diagnoses.filter(active=True).exists(),
        monitor_confirmed=monitor_ready(patient),
        id_verified=_id_verified(patient),
        consents_current=consents_complete(patient),
        subscription_active=_subscription_active(patient),
        weight_kg=Fraction(weight.kg) if weight else None,
        weight_on=weight.measured_on if weight else None,
        plan_limits=plan.current_limits if plan else None,
        active_prescription_exists=has_active_prescription(patient, issued_on),
        licensed_states=licensed_states(by.pk, on=issued_on),
        dea_registrations=tuple(
            DeaRegistrationOnRecord(r.state, parse_schedules(r.schedules), r.expires_on)
            for r in registrations
        ),
        pdmp_checked_at=pdmp_checked_at,
        video_visit_at=_latest_video_visit(patient, by, issued_at),
        in_person_evaluation_on_record=patient.in_person_evaluations.filter(
            evaluated_on__lte=issued_on
        ).exists(),
        special_registration_on_record=any(
            r.special_telemedicine_registration
            and r.state == patient.state
            and r.is_active_on(issued_on)
            for r in registrations
        ),
        doses_taken_mg=tuple(
            patient.home_sessions.filter(started_at__lte=issued_at).values_list("mg", flat=True)
        ),
        open_holds=open_holds(patient, issued_at),
        request=request,
        plan_review_due_since=_plan_review_due_since(patient, plan, issued_on),
    )


def plan_last_reviewed_on(patient: Patient, plan: TreatmentPlan) -> dt.date:
    """The day the plan was written or last reviewed, on the patient's calendar."""
    reviewed = plan.reviews.order_by("-reviewed_at").values_list("reviewed_at", flat=True).first()
    return patient_today(patient, reviewed or plan.written_at)


def _plan_review_due_since(
    patient: Patient, plan: TreatmentPlan | None, today: dt.date
) -> dt.date | None:
    if plan is None:
        return None
    codes = patient.diagnoses.filter(active=True).values_list("code", flat=True)
    return chronic_pain.review_overdue_since(
        patient.state, icd10.is_chronic_pain(codes), plan_last_reviewed_on(patient, plan), today
    )


def check_prescription_form(choices: PrescriptionChoices) -> list[str]:
    """What makes the request unreadable before any rule is asked: the form, the time
    under the tongue, whole numbers, the pharmacy. [] when it can go to the gate."""
    problems: list[str] = []
    if choices.form not in DosageForm.__members__.values():
        problems.append("Choose a troche or a rapid-dissolve tablet.")
    if not SHORTEST_HOLD_MINUTES <= choices.hold_minutes <= LONGEST_HOLD_MINUTES:
        problems.append(
            "The time under the tongue must be a whole number of minutes from "
            f"{SHORTEST_HOLD_MINUTES} to {LONGEST_HOLD_MINUTES}."
        )
    numbers = {
        "The dose": choices.dose_mg,
        "The strength": choices.strength_mg,
        "Units a dose": choices.units_per_dose,
        "Doses a week": choices.doses_per_week,
        "The days' supply": choices.days_supply,
    }
    problems += [
        f"{name} must be a whole number, at least 1."
        for name, value in numbers.items()
        if not isinstance(value, int) or isinstance(value, bool) or value < 1
    ]
    if not isinstance(choices.refills, int) or choices.refills < 0:
        problems.append("Refills must be a whole number, 0 or more.")
    if not choices.pharmacy_name.strip():
        problems.append("Name the pharmacy.")
    return problems


def do_issue_prescription(
    patient: Patient,
    *,
    by: User,
    choices: PrescriptionChoices,
    issued_at: dt.datetime | None = None,
) -> Prescription:
    """The only way a prescription comes to exist: signed, or refused with every reason.

    The patient's row is locked first, so two signs at the same moment run one after the
    other and the second meets ``active_prescription_exists``.
    """
    if problems := check_prescription_form(choices):
        raise ClinicalRecordRefused(problems)
    if Role.CLINICIAN not in by.roles:
        raise ClinicalRecordRefused(["Only a clinician can sign a prescription."])
    request = choices.request()
    with transaction.atomic():
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        # The clock is read once the lock is held, so what another sign wrote is in the past.
        moment = issued_at or timezone.now()
        facts = prescribing_facts(patient, by=by, request=request, issued_at=moment)
        refusals = check_prescribing_rules(facts, telemedicine_policy(), safety_policy())
        if refusals:
            raise PrescribingRefused(refusals)
        plan = current_plan(patient, moment)
        assert plan is not None  # no_plan refused above
        try:
            directions = write_directions(choices.directions(), plan.current_limits)
        except UnclearDirections as unclear:
            raise ClinicalRecordRefused(unclear.reasons) from unclear
        prescription = Prescription.objects.create(
            patient=patient,
            prescriber=by,
            plan=plan,
            form=choices.form,
            dose_mg=choices.dose_mg,
            strength_mg=choices.strength_mg,
            units_per_dose=choices.units_per_dose,
            doses_per_week=choices.doses_per_week,
            hold_minutes=choices.hold_minutes,
            quantity=request.quantity,
            days_supply=choices.days_supply,
            refills=choices.refills,
            pharmacy_name=choices.pharmacy_name.strip(),
            directions=directions,
            issued_at=moment,
            issued_on=facts.issued_on,
            expires_on=prescription_expiry(facts.issued_on),
        )
        if patient.status == PatientStatus.APPROVED:
            patient.status = PatientStatus.IN_TREATMENT
            patient.save(update_fields=["status"])
        record_step(
            patient, "care.prescription_issued", prescription, by=by, summary="Prescription signed"
        )
    return prescription


@transaction.atomic
def do_record_weight(
    patient: Patient, *, by: User, kg: Decimal | str, measured_on: dt.date | None = None
) -> BodyWeight:
    """The patient's weight on a day, as a clinician measured or took it at a visit."""
    check_may_treat(by, patient)
    day = measured_on or patient_today(patient)
    try:
        weight = Decimal(str(kg)).quantize(Decimal("0.1"))
    except InvalidOperation as error:
        raise ClinicalRecordRefused(["Enter the weight in kg, like 72.5."]) from error
    problems = []
    if not Decimal("20") <= weight <= Decimal("350"):
        problems.append("A weight from 20 to 350 kg, please: check the number and the unit.")
    if day > patient_today(patient):
        problems.append("The day it was measured is in the future.")
    if problems:
        raise ClinicalRecordRefused(problems)
    record = BodyWeight.objects.create(patient=patient, kg=weight, measured_on=day, recorded_by=by)
    record_step(patient, "care.weight_recorded", record, by=by, summary="Weight recorded")
    return record


@transaction.atomic
def do_end_treatment_plan(plan: TreatmentPlan, *, by: User, reason: str) -> TreatmentPlan:
    """Stop the plan now: no dose is offered under it until a new plan is written."""
    check_may_treat(by, plan.patient)
    if plan.ended_at is not None:
        raise ClinicalRecordRefused(["This plan has already ended."])
    if not reason.strip():
        raise ClinicalRecordRefused(["Say why the plan ends."])
    plan.ended_at = timezone.now()
    plan.ended_by = by
    plan.end_reason = reason.strip()
    plan.save(update_fields=["ended_at", "ended_by", "end_reason"])
    record_step(plan.patient, "care.plan_ended", plan, by=by, summary="Treatment plan ended")
    return plan


@transaction.atomic
def do_cancel_prescription(prescription: Prescription, *, by: User, reason: str) -> Prescription:
    check_may_treat(by, prescription.patient)
    if prescription.status != PrescriptionStatus.SIGNED:
        raise ClinicalRecordRefused(["This prescription is already cancelled."])
    if not reason.strip():
        raise ClinicalRecordRefused(["Say why the prescription is cancelled."])
    prescription.status = PrescriptionStatus.CANCELLED
    prescription.cancelled_at = timezone.now()
    prescription.cancelled_by = by
    prescription.cancel_reason = reason.strip()
    prescription.save()
    record_step(
        prescription.patient,
        "care.prescription_cancelled",
        prescription,
        by=by,
        summary="Prescription cancelled",
    )
    return prescription


def clinicians_to_alert(patient: Patient) -> list[User]:
    """The patient's clinicians licensed in their state; every such clinician if none yet."""
    states_ok = User.objects.filter(
        licences__state=patient.state, licences__expires_on__gt=timezone.localdate()
    )
    own = states_ok.filter(consults__patient=patient) | states_ok.filter(
        prescriptions__patient=patient
    )
    chosen = own.distinct() if own.exists() else states_ok.distinct()
    return [user for user in chosen if Role.CLINICIAN in user.roles]


@dataclass(frozen=True)
class SafetyPlan:
    """What the clinician and the patient agreed, in the patient's own words where possible."""

    risk: str
    findings: str
    warning_signs: str
    coping_steps: str
    people_to_contact: str
    means_made_safe: str


@transaction.atomic
def do_record_suicide_risk_assessment(
    patient: Patient, *, by: User, plan: SafetyPlan
) -> SuicideRiskAssessment:
    """The clinician's suicide risk assessment and the safety plan made with the patient."""
    check_may_treat(by, patient)
    if plan.risk not in SuicideRisk.values:
        raise ClinicalRecordRefused(["Choose the level of risk: low, moderate or high."])
    missing = [
        words
        for words, text in (
            ("what you asked and found", plan.findings),
            ("the warning signs", plan.warning_signs),
            ("the steps the patient will take", plan.coping_steps),
            ("who the patient will contact, with 988", plan.people_to_contact),
            ("how the means of harm are made safe", plan.means_made_safe),
        )
        if not text.strip()
    ]
    if missing:
        raise ClinicalRecordRefused([f"Write {words}." for words in missing])
    record = SuicideRiskAssessment.objects.create(
        patient=patient,
        risk=plan.risk,
        findings=plan.findings.strip(),
        warning_signs=plan.warning_signs.strip(),
        coping_steps=plan.coping_steps.strip(),
        people_to_contact=plan.people_to_contact.strip(),
        means_made_safe=plan.means_made_safe.strip(),
        assessed_by=by,
    )
    record_step(
        patient,
        "care.suicide_risk_assessed",
        record,
        by=by,
        summary="Suicide risk assessment and safety plan recorded",
    )
    return record


@transaction.atomic
def do_record_plan_review(
    plan: TreatmentPlan,
    *,
    by: User,
    objectives_progress: str,
    drug_screening: str,
    continue_treatment: bool,
    now: dt.datetime | None = None,
) -> PlanReview:
    """A review of the plan in force: progress, drug screening, and whether to go on."""
    check_may_treat(by, plan.patient)
    if plan.ended_at is not None:
        raise ClinicalRecordRefused(["This plan has ended; review the plan in force."])
    problems = [
        message
        for message, text in (
            ("Write the progress against the plan's objectives.", objectives_progress),
            ("Write the drug screening done, or why none is needed now.", drug_screening),
        )
        if not text.strip()
    ]
    if problems:
        raise ClinicalRecordRefused(problems)
    review = PlanReview.objects.create(
        plan=plan,
        objectives_progress=objectives_progress.strip(),
        drug_screening=drug_screening.strip(),
        continue_treatment=continue_treatment,
        reviewed_by=by,
        reviewed_at=now or timezone.now(),
    )
    record_step(
        plan.patient, "care.plan_reviewed", review, by=by, summary="Treatment plan reviewed"
    )
    return review


def do_report_adverse_event(
    patient: Patient, *, by: User, grade: str, description: str, now: dt.datetime | None = None
) -> AdverseEvent:
    """Record an adverse event; a serious one opens the adverse-event hold at once."""
    if grade not in AdverseEventGrade.values:
        raise ClinicalRecordRefused(["Choose mild, moderate or serious."])
    if not description.strip():
        raise ClinicalRecordRefused(["Describe what happened."])
    with transaction.atomic():
        event = AdverseEvent.objects.create(
            patient=patient,
            reported_by=by,
            grade=grade,
            description=description.strip(),
            reported_at=now or timezone.now(),
        )
        record_step(patient, "care.adverse_event_reported", event, by=by, summary="Adverse event")
    if event.is_serious:
        _tell_clinicians(patient)
    return event


@transaction.atomic
def do_review_adverse_event(event: AdverseEvent, *, by: User) -> AdverseEvent:
    """A clinician has reviewed the event: it leaves the queue. A serious event's hold is
    cleared separately, with a note (``care.holds.do_clear_hold``)."""
    check_may_treat(by, event.patient)
    if event.reviewed_at is not None:
        raise ClinicalRecordRefused(["This adverse event has already been reviewed."])
    event.reviewed_by = by
    event.reviewed_at = timezone.now()
    event.save(update_fields=["reviewed_by", "reviewed_at"])
    record_step(event.patient, "care.adverse_event_reviewed", event, by=by, summary="Reviewed")
    return event


def _tell_clinicians(patient: Patient) -> None:
    send_notice(
        [clinician.email for clinician in clinicians_to_alert(patient)],
        "A patient needs your attention",
        "A patient in your care needs your attention today. Sign in to see your queue:\n\n"
        + site_link(reverse("workspace:queue")),
    )


def do_raise_flags(
    patient: Patient,
    kinds: Iterable[FlagKind | FlagReason],
    *,
    by: User | None,
    target: Any,
    now: dt.datetime | None = None,
) -> list[ClinicianFlag]:
    """Put the patient in their clinicians' queue now and email them once (no health details).

    ``target`` is the record that raised the flags (a session, a check-in). A flag that
    opens a hold (``clinical.holds.FLAG_OPENS_HOLD``) holds dosing, prescribing and
    refills from this moment; called inside the caller's transaction, the flag and the
    report that raised it are written together or not at all, and so is the email's task.
    """
    moment = now or timezone.now()
    source = f"{target._meta.label}:{target.pk}"
    with transaction.atomic():
        flags = []
        for kind in kinds:
            flag = ClinicianFlag.objects.create(
                patient=patient, reason=str(kind), raised_by=by, raised_at=moment
            )
            record_step(
                patient,
                "care.clinician_flagged",
                flag,
                by=by,
                summary="Clinician flagged",
                audit={"reason": str(kind), "source": source},
                timeline={"id": flag.pk, "reason": str(kind)},
            )
            flags.append(flag)
        if flags:
            # Queued in the same transaction: the email goes only if the flags were written.
            _tell_clinicians(patient)
    return flags


def do_raise_flag(
    patient: Patient, *, reason: FlagKind | FlagReason, by: User | None, target: Any
) -> ClinicianFlag:
    """One flag; see ``do_raise_flags``."""
    (flag,) = do_raise_flags(patient, [reason], by=by, target=target)
    return flag


@transaction.atomic
def do_acknowledge_flag(flag: ClinicianFlag, *, by: User) -> ClinicianFlag:
    """A clinician has looked at the flag: it leaves the queue; the record stays."""
    flag = ClinicianFlag.objects.select_for_update().get(pk=flag.pk)
    check_may_treat(by, flag.patient)
    if flag.acknowledged_at is not None:
        raise ClinicalRecordRefused(["This flag has already been seen to."])
    flag.acknowledged_by = by
    flag.acknowledged_at = timezone.now()
    flag.save(update_fields=["acknowledged_by", "acknowledged_at"])
    record_step(flag.patient, "care.flag_acknowledged", flag, by=by, summary="Flag seen to")
    return flag
