"""A carrier with an HTTPS API: the shape a real adapter takes.

Booking: one POST of JSON to ``{CARRIER_API_URL}/trackers`` with a bearer key::

    {"carrier": "UPS", "tracking_number": "1Z…", "reference": "<fill public id>",
     "signature": "adult"}

and the answer ``{"carrier": …, "tracking_number": …, "tracking_url": …,
"signature_required": true}``. The carrier learns the parcel's number and our order's
random reference, nothing about the patient or what is inside.

Events come back as signed webhook posts (``integrations.carrier.webhooks``).
"""

from typing import Any

import requests

from integrations.carrier.base import Booking, CarrierRefused
from integrations.carrier.local import LocalCarrier

TIMEOUT_SECONDS = 10


class NotConfigured(CarrierRefused):
    """The HTTP carrier was asked for without its address or key."""


class HttpCarrier:
    def __init__(self, *, api_url: str, api_key: str, session: Any = None) -> None:
        if not api_url.startswith("https://") or not api_key:
            raise NotConfigured(
                "The carrier's API is not configured: set CARRIER_API_URL and CARRIER_API_KEY."
            )
        self.api_url = api_url.rstrip("/")
        self.api_key = api_key
        self.session = session or requests.Session()

    @classmethod
    def from_settings(cls, settings: object) -> "HttpCarrier":
        return cls(
            api_url=str(getattr(settings, "CARRIER_API_URL", "") or ""),
            api_key=str(getattr(settings, "CARRIER_API_KEY", "") or ""),
        )

    def book(self, *, carrier: str, tracking_number: str, reference: str) -> Booking:
        # The same checks of what staff typed as the local carrier, before any call.
        typed = LocalCarrier().book(
            carrier=carrier, tracking_number=tracking_number, reference=reference
        )
        try:
            response = self.session.post(
                f"{self.api_url}/trackers",
                json={
                    "carrier": typed.carrier,
                    "tracking_number": typed.tracking_number,
                    "reference": reference,
                    "signature": "adult",
                },
                headers={"Authorization": f"Bearer {self.api_key}"},
                timeout=TIMEOUT_SECONDS,
            )
            answer = response.json()
        except (requests.RequestException, ValueError):
            raise CarrierRefused(
                "The carrier could not be reached. Try again in a few minutes."
            ) from None
        if response.status_code >= 400 or not isinstance(answer, dict):
            raise CarrierRefused("The carrier would not book this parcel. Check the number.")
        # The link goes in emails and texts: only an https address, else the carrier's own page.
        tracking_url = str(answer.get("tracking_url") or "")
        return Booking(
            carrier=str(answer.get("carrier") or typed.carrier),
            tracking_number=str(answer.get("tracking_number") or typed.tracking_number),
            tracking_url=tracking_url
            if tracking_url.startswith("https://")
            else typed.tracking_url,
            signature_required=answer.get("signature_required") is True,
        )
