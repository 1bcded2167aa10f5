import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PatientStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    READY_FOR_CONSULT = "ready_for_consult", "Ready for consult"
    APPROVED = "approved", "Approved"
    IN_TREATMENT = "in_treatment", "In treatment"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    DISCHARGED = "discharged", "Discharged"
    DECLINED = "declined", "Declined"
    REFERRED = "referred", "Referred"


class Patient(models.Model):
    """The clinical record of a person in care.

    `public_id` is the only identifier that appears in URLs: it reveals nothing
    and cannot be guessed from its neighbours.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patient"
    )
    legal_name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=2, help_text="USPS code of the state the patient lives in.")
    status = models.CharField(
        max_length=20, choices=PatientStatus.choices, default=PatientStatus.CANDIDATE
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [models.Index(fields=["state", "status"])]

    def __str__(self) -> str:
        return self.legal_name
