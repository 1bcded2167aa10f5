"""What the pharmacy dispenses and sends: fills, shipments and their events, refill requests.

These rows change only through `pharmacy.actions` (`do_fill`, `do_ship`,
`do_record_delivery_event`, the refill verbs). The database itself refuses a second fill
for one refill request, a second open request for one prescription, and an empty fill.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from clinical.refills import RefillRefusal


class FillKind(models.TextChoices):
    ORIGINAL = "original", "Original"
    REFILL = "refill", "Refill"


class FillStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be verified"
    VERIFIED = "verified", "Verified"
    FILLED = "filled", "Filled"
    SHIPPED = "shipped", "Shipped"


class RefillStatus(models.TextChoices):
    REFUSED = "refused", "Refused"
    AWAITING_CLINICIAN = "awaiting_clinician", "Waiting for the clinician"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class RefillRequest(models.Model):
    """A patient's ask for the next fill, the gate's answer, and the clinician's."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    prescription = models.ForeignKey(
        "care.Prescription", on_delete=models.PROTECT, related_name="refill_requests"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=RefillStatus.choices)
    reasons = models.JSONField(default=list, blank=True)
    flags = models.JSONField(default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at"]
        indexes = [
            # The clinicians' queue: the requests waiting for them, oldest first.
            models.Index(
                fields=["requested_at"],
                condition=models.Q(status="awaiting_clinician"),
                name="refill_request_awaiting",
            )
        ]
        constraints = [
            # At most one request waiting for the clinician per prescription.
            models.UniqueConstraint(
                "prescription",
                condition=models.Q(status="awaiting_clinician"),
                name="refill_request_one_open_per_prescription",
            )
        ]

    def __str__(self) -> str:
        return f"Refill request {self.public_id} ({self.status})"

    @property
    def plain_reasons(self) -> list[str]:
        """Why the gate refused, in the words the patient reads."""
        known = {refusal.value for refusal in RefillRefusal}
        return [RefillRefusal(code).plain for code in self.reasons if code in known]


class NewPrescription(models.Model):
    """A signed prescription the pharmacy has not started an order for yet.

    The fill queue's new prescriptions are read from these few rows, never by passing every
    prescription ever signed to find those without a fill. One is written whenever a
    prescription is first saved (``pharmacy.receivers``) and removed when its first order
    is queued (``do_queue_original_fill``); ``note_new_prescriptions`` writes them again for
    prescriptions written in bulk (an import, a migration). The queue still checks that no
    fill exists, so one left behind by a fill written some other way shows nothing.
    """

    prescription = models.OneToOneField(
        "care.Prescription",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="new_for_pharmacy",
    )

    def __str__(self) -> str:
        return f"New prescription {self.prescription_id}"


class Fill(models.Model):
    """One dispensing of a prescription, original or refill."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    prescription = models.ForeignKey(
        "care.Prescription", on_delete=models.PROTECT, related_name="fills"
    )
    kind = models.CharField(max_length=10, choices=FillKind.choices)
    refill_request = models.ForeignKey(
        RefillRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="fills"
    )
    status = models.CharField(max_length=10, choices=FillStatus.choices, default=FillStatus.QUEUED)
    queued_at = models.DateTimeField(default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    lot_number = models.CharField(max_length=40, blank=True)
    beyond_use_date = models.DateField(null=True, blank=True)
    quantity_dispensed = models.PositiveSmallIntegerField(null=True, blank=True)
    filled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        indexes = [
            # The pharmacy's queue: the orders not shipped yet, oldest first.
            models.Index(
                fields=["queued_at"], condition=~models.Q(status="shipped"), name="fill_not_shipped"
            )
        ]
        constraints = [
            # One refill request makes at most one fill, however the race goes.
            models.UniqueConstraint(
                "refill_request",
                condition=models.Q(refill_request__isnull=False),
                name="fill_one_per_refill_request",
            ),
            # A prescription has one original fill.
            models.UniqueConstraint(
                "prescription",
                condition=models.Q(kind="original"),
                name="fill_one_original_per_prescription",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_dispensed__isnull=True)
                | models.Q(quantity_dispensed__gt=0),
                name="fill_quantity_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="original", refill_request__isnull=True)
                | models.Q(kind="refill", refill_request__isnull=False),
                name="fill_refill_has_request",
            ),
        ]

    def __str__(self) -> str:
        return f"Fill {self.public_id} ({self.status})"


class ShipmentStatus(models.TextChoices):
    SHIPPED = "shipped", "Shipped"
    OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
    DELIVERED = "delivered", "Delivered"
    FAILED_ATTEMPT = "failed_attempt", "Delivery attempt failed"
    RETURNED = "returned", "Returned to the pharmacy"


class Shipment(models.Model):
    """A fill on its way to the patient, always needing an adult's signature."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fill = models.OneToOneField(Fill, on_delete=models.PROTECT, related_name="shipment")
    carrier = models.CharField(max_length=40)
    tracking_number = models.CharField(max_length=60)
    tracking_url = models.URLField(blank=True)
    signature_required = models.BooleanField(default=True, editable=False)
    status = models.CharField(
        max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.SHIPPED
    )
    shipped_at = models.DateTimeField(default=timezone.now)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.CharField(max_length=200, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-shipped_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(signature_required=True), name="shipment_signature_required"
            ),
            models.UniqueConstraint("carrier", "tracking_number", name="shipment_tracking_unique"),
        ]

    def __str__(self) -> str:
        return f"Shipment {self.carrier} {self.tracking_number} ({self.status})"


class ShipmentEvent(models.Model):
    """One event of a shipment, recorded by staff or posted by a carrier."""

    shipment = models.ForeignKey(Shipment, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=ShipmentStatus.choices)
    at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carrier_event_id = models.CharField(
        max_length=80, blank=True, help_text="The carrier's own id of a webhook event."
    )

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            # A carrier's event is recorded once, however often its webhook is sent.
            models.UniqueConstraint(
                "carrier_event_id",
                condition=~models.Q(carrier_event_id=""),
                name="shipment_event_carrier_event_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"
