"""What the patient has on hand from the pharmacy, read the contract's way.

*The fill on hand* of a prescription is its latest fill delivered (by ``now``); one past
its beyond-use date is not on hand, and an older fill does not take its place. *Units
used* are the units of every home session started at or after that delivery. The session
gate and the refill gate both read the supply from here.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from care.models import Prescription
from care.times import patient_today
from pharmacy.models import Fill, ShipmentStatus


@dataclass(frozen=True)
class OnHand:
    """The fill on hand, its units dispensed and the units taken since it was delivered."""

    fill: Fill
    delivered_at: dt.datetime
    units: int
    units_used: int

    @property
    def units_left(self) -> int:
        return max(self.units - self.units_used, 0)


def fill_on_hand(prescription: Prescription, now: dt.datetime) -> OnHand | None:
    """The prescription's fill on hand at ``now``, or None."""
    fill = (
        Fill.objects.filter(
            prescription=prescription,
            shipment__status=ShipmentStatus.DELIVERED,
            shipment__delivered_at__lte=now,
            quantity_dispensed__isnull=False,
        )
        .select_related("shipment")
        .order_by("-shipment__delivered_at", "-pk")
        .first()
    )
    if fill is None or fill.shipment.delivered_at is None:
        return None
    patient = prescription.patient
    if fill.beyond_use_date is not None and fill.beyond_use_date < patient_today(patient, now):
        return None
    delivered_at = fill.shipment.delivered_at
    used = patient.home_sessions.filter(
        started_at__gte=delivered_at, started_at__lte=now
    ).aggregate(units=Sum("units_taken"))["units"]
    return OnHand(fill, delivered_at, fill.quantity_dispensed or 0, used or 0)
