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

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class CarrierRefused(Exception):
    """The carrier would not book the shipment; the message says why in plain words."""


@dataclass(frozen=True)
class Booking:
    """A booked shipment: the carrier's name, its tracking number and a public tracking link."""

    carrier: str
    tracking_number: str
    tracking_url: str
    signature_required: bool


@dataclass(frozen=True)
class CarrierEvent:
    """One step on the way, as a carrier (or staff, for the local carrier) reports it.

    ``kind`` is one of "out_for_delivery", "delivered", "failed_attempt", "returned".
    """

    kind: str
    at: dt.datetime
    detail: str = ""
    signed_by: str = ""


@dataclass(frozen=True)
class CarrierNotice:
    """One webhook post: the carrier's own id for the event, which parcel, what happened."""

    event_id: str
    tracking_number: str
    event: CarrierEvent


class WebhookRejected(Exception):
    """A webhook post that is not from the carrier, too old, or unreadable."""


class BadSignature(WebhookRejected):
    """The signature is missing, wrong, or too old to trust."""


class Carrier(Protocol):
    def book(self, *, carrier: str, tracking_number: str, reference: str) -> Booking:
        """Book a signature-required shipment; `reference` is the fill's public id."""
        ...


def carrier() -> Carrier:
    """The carrier in use: ``CARRIER_BACKEND`` "http", or the local one."""
    from django.conf import settings

    if getattr(settings, "CARRIER_BACKEND", "local") == "http":
        from integrations.carrier.http_carrier import HttpCarrier

        return HttpCarrier.from_settings(settings)
    from integrations.carrier.local import LocalCarrier

    return LocalCarrier()
