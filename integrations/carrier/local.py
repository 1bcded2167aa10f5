"""The local carrier: staff book with a real carrier by hand and type what it gives them."""

import re
from urllib.parse import quote

from integrations.carrier.base import Booking, CarrierRefused

# Public tracking pages of the carriers the pharmacy uses; the number goes on the end.
TRACKING_PAGES = {
    "UPS": "https://www.ups.com/track?tracknum=",
    "FedEx": "https://www.fedex.com/fedextrack/?trknbr=",
    "USPS": "https://tools.usps.com/go/TrackConfirmAction?tLabels=",
}

_TRACKING_NUMBER = re.compile(r"[A-Za-z0-9]{8,40}")


class LocalCarrier:
    def book(self, *, carrier: str, tracking_number: str, reference: str) -> Booking:
        name = carrier.strip()
        if name not in TRACKING_PAGES:
            raise CarrierRefused(f"Choose one of: {', '.join(sorted(TRACKING_PAGES))}.")
        number = re.sub(r"\s+", "", tracking_number)
        if not _TRACKING_NUMBER.fullmatch(number):
            raise CarrierRefused(
                "Type the tracking number as the carrier gives it: 8 to 40 letters and digits."
            )
        return Booking(
            carrier=name,
            tracking_number=number.upper(),
            tracking_url=TRACKING_PAGES[name] + quote(number.upper()),
            signature_required=True,
        )
