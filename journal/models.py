"""The at-home journal's records: safety checks, home sessions, check-ins, exercise logs.

Rows are written only by the verbs in ``journal.actions``; the rules they apply live in the
pure modules beside this one (``safety``, ``dosing``, ``instruments``, ``fhir``,
``exercises``).

A home session is recorded against the signed ``care.Prescription`` and the pharmacy's
``Fill`` it was taken from, so the supply left in each fill is always known (sessions from
before fills were recorded have no fill). Reminders and the missed check-in flag are sent
once each: ``reminded_at`` and ``missed_flagged_at`` say when.
"""

import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from questionnaires.instruments import ADAPTED


class SafetyCheck(models.Model):
    """One attempt to start a session: the readings, the checklist and the verdict.

    A refused attempt is kept: two refused on one day mean no dose that day.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="safety_checks"
    )
    checked_at = models.DateTimeField(default=timezone.now, db_index=True)
    systolic = models.PositiveSmallIntegerField()
    diastolic = models.PositiveSmallIntegerField()
    pulse = models.PositiveSmallIntegerField()
    monitor_present = models.BooleanField()
    fasted_2h = models.BooleanField()
    no_driving_today = models.BooleanField()
    safe_place = models.BooleanField()
    no_alcohol_or_sedatives_24h = models.BooleanField(default=False)
    no_self_harm_thoughts = models.BooleanField(default=False)
    feeling_well = models.BooleanField(default=False)
    not_pregnant = models.BooleanField(default=False)
    passed = models.BooleanField()
    refusals = models.JSONField(
        default=list, blank=True, help_text="The codes of every rule that refused the start."
    )

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"Safety check {self.public_id} ({'passed' if self.passed else 'failed'})"


class HomeSession(models.Model):
    """One at-home dose: the passing safety check, the dose taken, and the after-log."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="home_sessions"
    )
    prescription = models.ForeignKey(
        "care.Prescription",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="home_sessions",
        help_text="Empty only for doses on record from before the practice's prescriptions.",
    )
    fill = models.ForeignKey(
        "pharmacy.Fill",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="home_sessions",
        help_text="The fill the dose was taken from (empty only on sessions recorded before).",
    )
    safety_check = models.OneToOneField(
        SafetyCheck, on_delete=models.PROTECT, related_name="home_session"
    )
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    units_taken = models.PositiveSmallIntegerField()
    mg = models.PositiveSmallIntegerField()
    finished_at = models.DateTimeField(null=True, blank=True)
    pain_now = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    dissociation = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    side_effects = models.JSONField(default=list, blank=True)
    after_systolic = models.PositiveSmallIntegerField(null=True, blank=True)
    after_diastolic = models.PositiveSmallIntegerField(null=True, blank=True)
    self_harm_thoughts = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    red_flags = models.JSONField(
        default=list, blank=True, help_text="The clinician flags the after-log raised."
    )
    welfare_flagged_at = models.DateTimeField(
        null=True, blank=True, help_text="When no after-log came and the clinician was flagged."
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Home session {self.public_id}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class CheckIn(models.Model):
    """A scheduled instrument, and once completed its responses, score and Observation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="check_ins"
    )
    instrument = models.CharField(
        max_length=20, choices=[(code.value, i.title) for code, i in ADAPTED.items()]
    )
    due_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the patient was emailed that it is due."
    )
    missed_flagged_at = models.DateTimeField(
        null=True, blank=True, help_text="When the clinician was flagged that it was missed."
    )
    responses = models.JSONField(default=dict, blank=True)
    score = models.JSONField(default=dict, blank=True)
    observation = models.JSONField(
        default=dict, blank=True, help_text="The FHIR R4 Observation of the completed check-in."
    )
    wording = models.CharField(
        max_length=40,
        blank=True,
        default="",
        help_text=(
            "The wording the check-in was answered in: adapted-1 (our own), own-1 (our own "
            "question) or published-<first 12 hex digits of the wording file's SHA-256>."
        ),
    )
    language = models.CharField(
        max_length=8,
        blank=True,
        default="",
        help_text="The language the check-in was answered in: en (English) or es (Spanish).",
    )

    class Meta:
        ordering = ["-completed_at", "-due_on"]
        indexes = [
            # The clinicians' queue and the worker: check-ins not done and not yet flagged.
            # The queue's missed check-ins, read a page at a time in this order.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(completed_at__isnull=True, missed_flagged_at__isnull=True),
                name="check_in_due_unflagged_by_id",
            )
        ]

    def __str__(self) -> str:
        return f"Check-in {self.public_id} ({self.instrument})"


class ExerciseLog(models.Model):
    """An exercise scheduled in the window after a session, and once done, how it went."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="exercise_logs"
    )
    session = models.ForeignKey(
        HomeSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exercise_logs",
    )
    exercise = models.CharField(max_length=40)
    phase = models.PositiveSmallIntegerField(null=True, blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the patient was emailed that it is waiting."
    )
    completed = models.BooleanField(default=False)
    discomfort = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["scheduled_for", "done_at"]

    def __str__(self) -> str:
        return f"Exercise log {self.public_id} ({self.exercise})"
