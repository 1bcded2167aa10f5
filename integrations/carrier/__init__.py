"""Sending a fill to the patient's door, behind one interface.

``Carrier`` is what ``pharmacy.actions.do_ship`` calls to book a shipment; events on
the way (out for delivery, delivered with who signed, a failed attempt, returned) come
back as ``CarrierEvent`` values and go through ``pharmacy.actions.do_record_delivery_event``.

- ``LocalCarrier`` (local.py): no connection to any carrier. Staff hand the parcel to a
  carrier, type its tracking number, and record each event from the carrier's own site.
- ``HttpCarrier`` (http_carrier.py): a carrier (or a tracking service standing for several)
  with an HTTPS API. Booking registers the staff-typed tracking number with it,
  signature required; its webhook posts (webhooks.py, views.py) are checked, turned into
  the same ``CarrierEvent`` values and recorded by the same verb, so the verbs do not
  change. ``CARRIER_BACKEND`` chooses ("local" unless set to "http").

A controlled substance always ships needing an adult's signature: a carrier that
cannot require one must refuse to book.
"""

from django.conf import settings

from integrations.carrier.base import (
    BadSignature,
    Booking,
    Carrier,
    CarrierEvent,
    CarrierNotice,
    CarrierRefused,
    WebhookRejected,
)
from integrations.carrier.http_carrier import HttpCarrier
from integrations.carrier.local import LocalCarrier

__all__ = [
    "BadSignature",
    "Booking",
    "Carrier",
    "CarrierEvent",
    "CarrierNotice",
    "CarrierRefused",
    "HttpCarrier",
    "LocalCarrier",
    "WebhookRejected",
]


def carrier() -> Carrier:
    """The carrier in use: ``CARRIER_BACKEND`` "http", or the local one."""
    if getattr(settings, "CARRIER_BACKEND", "local") == "http":
        return HttpCarrier.from_settings(settings)
    return LocalCarrier()
