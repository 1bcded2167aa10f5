"""The carrier interface: its values, errors and protocol (the adapters and the choice
between them are in the package's __init__)."""

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
