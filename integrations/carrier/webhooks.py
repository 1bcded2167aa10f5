"""Checking and reading a carrier's webhook post.

The carrier signs each post with the shared secret (``CARRIER_WEBHOOK_SECRET``)::

    Carrier-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + the raw body>

The timestamp is inside what is signed, so an old post cannot be replayed with a new
time; one older (or newer) than ``CARRIER_WEBHOOK_TOLERANCE_SECONDS`` is refused. The
comparison takes constant time. The body is JSON::

    {"id": "evt_…", "tracking_number": "1Z…", "status": "delivered",
     "occurred_at": "2026-11-26T15:04:00Z", "signed_by": "R DELGADO", "detail": "…"}

``status`` is one of out_for_delivery, delivered, failed_attempt, returned; any other
(in transit, label created…) is read but not recorded. A repeat of an event id changes
nothing: the pharmacy keeps each carrier event id once.
"""

import datetime as dt
import hashlib
import hmac
import json
import re
import time

from integrations.carrier import BadSignature, CarrierEvent, CarrierNotice, WebhookRejected

SIGNATURE_HEADER = "Carrier-Signature"
RECORDED_KINDS = frozenset({"out_for_delivery", "delivered", "failed_attempt", "returned"})
_EVENT_ID = re.compile(r"[A-Za-z0-9_.:-]{1,80}")


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """The header value a carrier sends for `body` at `timestamp` (tests use it too)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(
    body: bytes, header: str, secret: str, *, tolerance: int, now: float | None = None
) -> None:
    """Raise ``BadSignature`` unless `header` signs `body` with `secret`, recently."""
    if not secret:
        raise BadSignature("no webhook secret is configured")
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        parts.setdefault(key, []).append(value)
    try:
        timestamp = int(parts["t"][0])
    except (KeyError, ValueError):
        raise BadSignature("no timestamp") from None
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise BadSignature("timestamp outside the tolerance")
    expected = sign(body, secret, timestamp).partition("v1=")[2]
    # Every v1 the header carries is compared, in constant time (a secret being rotated).
    if not any(hmac.compare_digest(expected, given) for given in parts.get("v1", [])):
        raise BadSignature("signature does not match")


def _storable(text: str) -> bool:
    """Text a database keeps: no NUL, and no lone surrogate (which JSON can spell)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def read_notice(body: bytes) -> CarrierNotice:
    """The post as a ``CarrierNotice``; ``WebhookRejected`` when it cannot be read."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise WebhookRejected("the body is not JSON that can be read") from None
    if not isinstance(data, dict):
        raise WebhookRejected("the body is not a JSON object")
    event_id, number, status = (data.get(key) for key in ("id", "tracking_number", "status"))
    if not isinstance(event_id, str) or not _EVENT_ID.fullmatch(event_id):
        raise WebhookRejected("id is missing or not a carrier event id")
    if not isinstance(number, str) or not number.strip():
        raise WebhookRejected("tracking_number is missing")
    if not isinstance(status, str) or not status:
        raise WebhookRejected("status is missing")
    try:
        at = dt.datetime.fromisoformat(str(data.get("occurred_at", "")))
    except ValueError:
        raise WebhookRejected("occurred_at is not an ISO 8601 time") from None
    if at.tzinfo is None:
        raise WebhookRejected("occurred_at has no time zone")
    try:
        at = at.astimezone(dt.UTC)
    except OverflowError:
        raise WebhookRejected("occurred_at is out of range") from None
    signed_by, detail = (data.get(key) or "" for key in ("signed_by", "detail"))
    if not isinstance(signed_by, str) or not isinstance(detail, str):
        raise WebhookRejected("signed_by and detail must be text")
    if not all(_storable(text) for text in (number, status, signed_by, detail)):
        raise WebhookRejected("a text holds a NUL or a lone surrogate")
    return CarrierNotice(
        event_id=event_id,
        tracking_number=re.sub(r"\s+", "", number).upper(),
        event=CarrierEvent(kind=status, at=at, detail=detail[:300], signed_by=signed_by[:200]),
    )
