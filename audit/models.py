from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who did what to which record, when and from where.

    Rows are only ever added (on PostgreSQL a trigger refuses UPDATE and DELETE).
    Each row carries the hash of the row before it and a hash of its own content,
    so an edited or deleted row breaks the chain; `manage.py verify_audit_chain`
    finds the first broken link.
    """

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    actor_email = models.CharField(max_length=254, blank=True, editable=False)
    actor_roles = models.CharField(max_length=120, blank=True, editable=False)
    action = models.CharField(max_length=80, db_index=True, editable=False)
    object_type = models.CharField(max_length=80, blank=True, editable=False)
    object_id = models.CharField(max_length=64, blank=True, editable=False)
    patient = models.ForeignKey(
        "patients.Patient",
        null=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
        editable=False,
    )
    ip = models.GenericIPAddressField(null=True, editable=False)
    user_agent = models.CharField(max_length=300, blank=True, editable=False)
    request_id = models.CharField(max_length=64, blank=True, editable=False)
    detail = models.JSONField(default=dict, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} by {self.actor_email or 'system'}"
