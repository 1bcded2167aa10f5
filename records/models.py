"""An export someone asked for through the web: a patient's own record, or an
administrator's export of one patient or the whole practice, made by the worker and kept,
sealed, for a limited time (records/exports.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExportKind(models.TextChoices):
    OWN_RECORD = "own_record", "The patient's own record"
    PATIENT = "patient", "One patient's record"
    PRACTICE = "practice", "The whole practice"


class ExportState(models.TextChoices):
    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Being prepared"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Could not be made"
    EXPIRED = "expired", "Expired and deleted"


class RecordExport(models.Model):
    # The only id that appears in an address: random, saying nothing of whose it is.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=ExportKind.choices)
    state = models.CharField(max_length=20, choices=ExportState.choices, default=ExportState.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    patient = models.ForeignKey(
        "patients.Patient",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="record_exports",
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    resources_written = models.PositiveIntegerField(default=0)
    # What each download is called and where its sealed bytes are in private storage.
    files = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["requested_by", "requested_at"], name="records_export_by_idx"),
            models.Index(fields=["state", "expires_at"], name="records_export_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display()})"
