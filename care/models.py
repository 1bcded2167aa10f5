import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from clinical import plan as plan_rules
from clinical.directions import DosageForm
from foundation.refusals import Refused
from integrations.video import video_rooms


class ClinicianAvailability(models.Model):
    """A stretch of time a clinician offers for video visits, cut into slots when booked."""

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="availability"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "clinician availability"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="availability_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clinician} {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%H:%M} UTC"


class ConsultStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Completed"
    MISSED = "missed", "Missed"


def new_video_room() -> str:
    return video_rooms().new_room_name()


class Consult(models.Model):
    """A booked audio-video visit with a clinician.

    `video_room` is a long random name, unrelated to any id; the link to it is given
    out only by `care.views.consult_join`, to the visit's patient and clinician, in
    the visit's window.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="consults"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consults"
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=ConsultStatus.choices, default=ConsultStatus.BOOKED
    )
    video_room = models.CharField(max_length=100, unique=True, default=new_video_room)
    booked_at = models.DateTimeField(default=timezone.now)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    times_rescheduled = models.PositiveSmallIntegerField(default=0)
    reminder_day_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_hour_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            # One booked visit per clinician per start time, however the race goes.
            models.UniqueConstraint(
                "clinician",
                "starts_at",
                condition=models.Q(status="booked"),
                name="consult_one_booking_per_slot",
            )
        ]

    def __str__(self) -> str:
        return f"Consult {self.public_id} ({self.status})"

    @property
    def is_booked(self) -> bool:
        return self.status == ConsultStatus.BOOKED


class ConsultNote(models.Model):
    """The clinician's note of one consult, and that it was an audio-video visit."""

    consult = models.OneToOneField(Consult, on_delete=models.PROTECT, related_name="note")
    subjective = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    audio_video_confirmed = models.BooleanField(default=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Note of {self.consult}"


class BudapestExam(models.Model):
    """A structured exam under the Budapest criteria, with the result computed when recorded.

    `symptoms` and `signs` hold values of `clinical.budapest.Finding`.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="budapest_exams"
    )
    consult = models.ForeignKey(
        Consult, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    examined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    examined_at = models.DateTimeField(default=timezone.now)
    continuing_disproportionate_pain = models.BooleanField()
    symptoms = models.JSONField(default=list)
    signs = models.JSONField(default=list)
    better_explained_by_another_diagnosis = models.BooleanField()
    clinical_criteria_met = models.BooleanField()
    research_criteria_met = models.BooleanField()
    explanation = models.TextField()

    class Meta:
        ordering = ["-examined_at"]

    def __str__(self) -> str:
        return f"Budapest exam {self.pk}"


class CrpsSeverityRecord(models.Model):
    """One CRPS Severity Score: items present (values of `clinical.severity`), total."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="severity_scores"
    )
    consult = models.ForeignKey(
        Consult, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scored_at = models.DateTimeField(default=timezone.now)
    symptoms = models.JSONField(default=list)
    signs = models.JSONField(default=list)
    total = models.PositiveSmallIntegerField()
    baseline = models.BooleanField(default=False)

    class Meta:
        ordering = ["-scored_at"]

    def __str__(self) -> str:
        return f"CRPS Severity Score {self.total}"


class Diagnosis(models.Model):
    """An ICD-10-CM coded finding from the practice's list (`clinical.icd10`)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="diagnoses"
    )
    code = models.CharField(max_length=10)
    description = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["made_at"]
        verbose_name_plural = "diagnoses"

    def __str__(self) -> str:
        return self.code


class Decision(models.TextChoices):
    APPROVE = "approve", "Approve for treatment"
    DECLINE = "decline", "Decline"
    REFER = "refer", "Refer"
    PAUSE = "pause", "Pause treatment"


class Referral(models.TextChoices):
    IV_INFUSION_CLINIC = "iv_infusion_clinic", "An IV infusion clinic"
    PSYCHIATRY = "psychiatry", "Psychiatry"
    OWN_DOCTOR = "own_doctor", "Their own doctor"


class CandidateDecision(models.Model):
    """What the clinician decided about a candidate, and why."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="decisions"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    referral = models.CharField(max_length=30, choices=Referral.choices, blank=True)
    reason_for_patient = models.TextField(
        blank=True, help_text="When declining or referring: the reason, in words the patient sees."
    )
    why = models.TextField(help_text="The clinician's reasoning, for the record.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.decided_at:%Y-%m-%d})"


class ExerciseProgramme(models.TextChoices):
    GRADED_MOTOR_IMAGERY_LATERALITY = "gmi_laterality", "Graded motor imagery: left/right judgement"
    GRADED_MOTOR_IMAGERY_IMAGINED = "gmi_imagined", "Graded motor imagery: imagined movements"
    GRADED_MOTOR_IMAGERY_MIRROR = "gmi_mirror", "Graded motor imagery: mirror therapy"
    DESENSITISATION = "desensitisation", "Desensitisation"
    NONE = "none", "No programme"


class TreatmentPlan(models.Model):
    """Indication, induction and maintenance dose limits, safety limits, check-ins, exercise."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="treatment_plans"
    )
    indication = models.CharField(max_length=200)
    phase = models.CharField(
        max_length=20,
        choices=[(p.value, p.value.capitalize()) for p in plan_rules.Phase],
        default=plan_rules.Phase.INDUCTION,
    )
    induction_mg_per_session = models.PositiveSmallIntegerField()
    induction_sessions_per_week = models.PositiveSmallIntegerField()
    maintenance_mg_per_session = models.PositiveSmallIntegerField()
    maintenance_sessions_per_week = models.PositiveSmallIntegerField()
    no_dose_systolic_from = models.PositiveSmallIntegerField(
        default=plan_rules.PRACTICE_SYSTOLIC_LIMIT
    )
    no_dose_diastolic_from = models.PositiveSmallIntegerField(
        default=plan_rules.PRACTICE_DIASTOLIC_LIMIT
    )
    no_dose_heart_rate_above = models.PositiveSmallIntegerField(
        default=plan_rules.PRACTICE_HEART_RATE_LIMIT
    )
    check_in_every_days = models.PositiveSmallIntegerField(default=7)
    exercise_programme = models.CharField(
        max_length=30, choices=ExerciseProgramme.choices, default=ExerciseProgramme.NONE
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When a clinician ended the plan: no doses under it."
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-written_at"]

    def __str__(self) -> str:
        return f"Treatment plan {self.public_id}"

    @property
    def limits(self) -> plan_rules.PlanLimits:
        return plan_rules.PlanLimits(
            induction=plan_rules.PhaseDoseLimits(
                self.induction_mg_per_session, self.induction_sessions_per_week
            ),
            maintenance=plan_rules.PhaseDoseLimits(
                self.maintenance_mg_per_session, self.maintenance_sessions_per_week
            ),
            safety=plan_rules.SessionSafetyLimits(
                self.no_dose_systolic_from,
                self.no_dose_diastolic_from,
                self.no_dose_heart_rate_above,
            ),
        )

    @property
    def current_limits(self) -> plan_rules.PhaseDoseLimits:
        limits = self.limits
        return (
            limits.maintenance if self.phase == plan_rules.Phase.MAINTENANCE else limits.induction
        )


class PdmpCheck(models.Model):
    """A recorded look-up of the state's prescription-monitoring programme."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="pdmp_checks"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=2)
    programme = models.CharField(max_length=60)
    checked_at = models.DateTimeField()
    reference = models.CharField(max_length=100)
    summary = models.TextField()
    attested = models.BooleanField(default=True)

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.programme} check {self.reference}"


class InPersonEvaluation(models.Model):
    """An in-person medical evaluation of the patient, on record for telemedicine rules."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="in_person_evaluations"
    )
    evaluated_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"In-person evaluation on {self.evaluated_on}"


class PrescriptionStatus(models.TextChoices):
    SIGNED = "signed", "Signed"
    CANCELLED = "cancelled", "Cancelled"


class SignedPrescriptionChanged(Refused):
    """A signed prescription never changes; cancel it and issue a new one."""

    code = "signed_prescription_changed"


_CANCELLING_FIELDS = frozenset({"status", "cancelled_at", "cancelled_by_id", "cancel_reason"})


class Prescription(models.Model):
    """What the clinician signed. Made only by `care.actions.do_issue_prescription`.

    Once signed it never changes, except that `do_cancel_prescription` cancels it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="prescriptions"
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="prescriptions"
    )
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="prescriptions")
    form = models.CharField(
        max_length=30,
        choices=[(f.value, f.value.replace("_", " ").capitalize()) for f in DosageForm],
    )
    dose_mg = models.PositiveSmallIntegerField(
        help_text="The dose in mg, written by the clinician and checked against the units."
    )
    strength_mg = models.PositiveSmallIntegerField()
    units_per_dose = models.PositiveSmallIntegerField()
    doses_per_week = models.PositiveSmallIntegerField()
    hold_minutes = models.PositiveSmallIntegerField()
    quantity = models.PositiveSmallIntegerField()
    days_supply = models.PositiveSmallIntegerField()
    refills = models.PositiveSmallIntegerField()
    pharmacy_name = models.CharField(max_length=200)
    directions = models.TextField()
    issued_at = models.DateTimeField()
    issued_on = models.DateField()
    expires_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=PrescriptionStatus.choices, default=PrescriptionStatus.SIGNED
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(refills__gte=0, refills__lte=5),
                name="prescription_refills_at_most_5",
            )
        ]

    def __str__(self) -> str:
        return f"Prescription {self.public_id} ({self.status})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            self._refuse_change_once_signed()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def _refuse_change_once_signed(self) -> None:
        names = [f.attname for f in self._meta.concrete_fields]
        stored = type(self).objects.filter(pk=self.pk).values(*names).first()
        if stored is None:
            return
        changed = {name for name in names if stored[name] != getattr(self, name)}
        cancelling = (
            stored["status"] == PrescriptionStatus.SIGNED
            and self.status == PrescriptionStatus.CANCELLED
            and changed <= _CANCELLING_FIELDS
        )
        if changed and not cancelling:
            raise SignedPrescriptionChanged(
                ["A signed prescription cannot be changed. Cancel it and issue a new one."]
            )


class AdverseEventGrade(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SERIOUS = "serious", "Serious"


class AdverseEvent(models.Model):
    """Something harmful, graded. A serious one opens the adverse-event hold
    (``care.holds``); every one waits in the queue until a clinician has reviewed it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="adverse_events"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(default=timezone.now)
    grade = models.CharField(max_length=20, choices=AdverseEventGrade.choices)
    description = models.TextField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a serious event nobody had reviewed was sent to every clinician "
        "licensed in the state and the medical director.",
    )

    class Meta:
        ordering = ["-reported_at"]
        indexes = [
            # The clinicians' queue: the events nobody has reviewed, longest waiting first.
            models.Index(
                fields=["reported_at"],
                condition=models.Q(reviewed_at__isnull=True),
                name="adverse_event_unreviewed",
            )
        ]

    def __str__(self) -> str:
        return f"Adverse event {self.public_id} ({self.grade})"

    @property
    def is_serious(self) -> bool:
        return self.grade == AdverseEventGrade.SERIOUS


class FlagReason(models.TextChoices):
    """Why a patient was put in front of a clinician outside a visit
    (``clinical.holds.FlagKind``; the values are the same)."""

    SELF_HARM = "self_harm", "Thoughts of self-harm after a session"
    SUICIDALITY = "suicidality", "Thoughts of death or self-harm on a PHQ-9"
    BLADDER = "bladder", "Bladder symptoms after a session"
    SEVERE_REACTION = "severe_reaction", "Severe reaction after a session"
    VERY_HIGH_BP = "very_high_bp", "Very high blood pressure after a session"
    HIGH_DISSOCIATION = "high_dissociation", "Very strong dissociation"
    VOMITING = "vomiting", "Vomiting after a session"
    MISSED_CHECK_IN = "missed_check_in", "Missed a check-in"
    NO_AFTER_LOG = "no_after_log", "No word after a session started: check on the patient"
    VITAL_SIGNS_AGAIN = "vital_signs_again", "Over the blood-pressure or pulse limits again"
    RED_FLAG = "red_flag", "Red flag after a home session"
    """The last two are no longer raised; they name flags from before the contract."""


class ClinicianFlag(models.Model):
    """A patient put in front of their clinicians today, until one of them has looked.

    Raised only through ``care.actions.do_raise_flag``; an open flag sits in the queue.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="clinician_flags"
    )
    reason = models.CharField(max_length=30, choices=FlagReason.choices)
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When an urgent flag nobody acknowledged was sent to every clinician "
        "licensed in the state and the medical director.",
    )

    class Meta:
        ordering = ["raised_at"]
        indexes = [
            models.Index(fields=["acknowledged_at", "raised_at"]),
            # The clinicians' queue: the open flags, raised first first.
            models.Index(
                fields=["raised_at"],
                condition=models.Q(acknowledged_at__isnull=True),
                name="clinician_flag_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Flag {self.public_id} ({self.reason})"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


class BodyWeight(models.Model):
    """The patient's weight on a day; doses are capped per kg of the latest one."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="weights"
    )
    kg = models.DecimalField(max_digits=5, decimal_places=1)
    measured_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-measured_on", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kg__gt=0, kg__lt=500), name="body_weight_plausible"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kg} kg on {self.measured_on}"


class HoldName(models.TextChoices):
    """The holds of ``clinical.holds.Hold``; the values are the same."""

    SUICIDALITY = "suicidality", "Suicidality"
    BLADDER = "bladder", "Bladder"
    ADVERSE_EVENT = "adverse_event", "Adverse event"


class HoldClearance(models.Model):
    """A clinician spoke with the patient and cleared a hold, with a note.

    It clears every cause of the hold up to ``cleared_at``; a later cause opens it again.
    Written only by ``care.holds.do_clear_hold``.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="hold_clearances"
    )
    hold = models.CharField(max_length=20, choices=HoldName.choices)
    note = models.TextField()
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cleared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-cleared_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(note=""), name="hold_clearance_has_note")
        ]

    def __str__(self) -> str:
        return f"{self.hold} hold cleared {self.cleared_at:%Y-%m-%d %H:%M}"


class SuicideRisk(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class SuicideRiskAssessment(models.Model):
    """A clinician's suicide risk assessment and the safety plan made with the patient.

    Needed before approving a candidate whose assessment fired ``suicidal_ideation``
    (``care.actions.do_decide_candidate``). Written only by
    ``care.actions.do_record_suicide_risk_assessment``.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="suicide_risk_assessments"
    )
    risk = models.CharField(max_length=20, choices=SuicideRisk.choices)
    findings = models.TextField(
        help_text="Ideation, intent, plan, past attempts, protective factors: what was asked."
    )
    warning_signs = models.TextField()
    coping_steps = models.TextField()
    people_to_contact = models.TextField()
    means_made_safe = models.TextField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_at"]

    def __str__(self) -> str:
        return f"Suicide risk assessment {self.public_id} ({self.risk})"


class PlanReview(models.Model):
    """A review of the treatment plan: for Florida chronic-pain patients, at least every
    3 months (s. 456.44 F.S.; ``clinical.chronic_pain``)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(TreatmentPlan, on_delete=models.PROTECT, related_name="reviews")
    objectives_progress = models.TextField(
        help_text="Progress against the plan's objectives: pain, function, side effects."
    )
    drug_screening = models.TextField(
        help_text="Drug screening done and its result, or why it is not needed now."
    )
    continue_treatment = models.BooleanField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_at"]

    def __str__(self) -> str:
        return f"Plan review {self.public_id}"
