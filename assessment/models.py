import secrets
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

DRAFT_LIFETIME = timedelta(days=30)


def new_draft_key() -> str:
    return secrets.token_urlsafe(32)


def draft_expiry() -> datetime:
    return timezone.now() + DRAFT_LIFETIME


class AssessmentOutcome(models.TextChoices):
    ELIGIBLE = "eligible", "May qualify"
    CLINICIAN_REVIEW = "clinician_review", "Needs a clinician's review"
    INELIGIBLE = "ineligible", "Not eligible"
    CRISIS = "crisis", "Crisis"


class AssessmentDraft(models.Model):
    """Answers in progress, found again by the key in a signed cookie. Expires."""

    key = models.CharField(max_length=64, unique=True, default=new_draft_key, editable=False)
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=draft_expiry, db_index=True)

    def __str__(self) -> str:
        return f"Draft {self.pk}"


class Assessment(models.Model):
    """One completed run of the questionnaire: answers, version, outcome, reasons, scores.

    Answers are kept in their JSON form (dates as ISO strings), exactly as the engine
    read them, so the outcome can be re-derived and exported as a FHIR
    QuestionnaireResponse at any time.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    questionnaire = models.CharField(max_length=80)
    as_of = models.DateField()
    answers = models.JSONField()
    outcome = models.CharField(max_length=20, choices=AssessmentOutcome.choices)
    reasons = models.JSONField(default=list)
    referrals = models.JSONField(default=list)
    pathways = models.JSONField(default=list)
    scores = models.JSONField(default=dict)
    state = models.CharField(max_length=2, help_text="The state given in the answers.")
    questionnaire_response = models.JSONField(
        default=dict, help_text="The answers and outcome as a FHIR R4 QuestionnaireResponse."
    )
    completed_at = models.DateTimeField(default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
        help_text="Set when the person creates an account and the assessment joins their record.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["outcome", "state", "completed_at"]),
            # The clinician's queue orders candidates by when their assessment was done,
            # reading this beside the patients' index rather than each assessment's row.
            models.Index(fields=["id", "completed_at", "outcome"], name="assessment_done_at"),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.public_id} ({self.outcome})"
