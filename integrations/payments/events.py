"""Reading Stripe-shaped events (the local gateway speaks the same shape) into notices.

Handles the API versions before and after Stripe moved `subscription` off invoices
(to `parent.subscription_details`) and the period off subscriptions (to their items).
"""

import datetime
import json
import time
from typing import Any

import stripe

from integrations.payments.base import InvoiceFacts, NoticeKind, PaymentNotice, WebhookRejected

SIGNATURE_TOLERANCE_SECONDS = 300
"""How far a webhook's signed time may be from now, either way."""


def parse_signed_event(
    payload: bytes, signature: str, secret: str, *, now: float | None = None
) -> PaymentNotice:
    """The notice in a signed webhook; ``WebhookRejected`` when the signature is wrong, its
    time is more than the tolerance in the past or the future, or the body is not a
    readable event (including JSON nested too deep to read, and bytes that are no UTF-8,
    which Stripe's library would otherwise fail to decode before it checks anything)."""
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError:
        raise WebhookRejected("the body is not UTF-8") from None
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, secret, SIGNATURE_TOLERANCE_SECONDS
        )
    except stripe.SignatureVerificationError as problem:
        raise WebhookRejected(str(problem)) from None
    signed_at = _signed_time(signature)
    if signed_at - (time.time() if now is None else now) > SIGNATURE_TOLERANCE_SECONDS:
        raise WebhookRejected("the signature is dated in the future")
    try:
        return notice_from_event(json.loads(payload))
    except (ValueError, AttributeError, TypeError, RecursionError, OverflowError) as problem:
        raise WebhookRejected(f"unreadable event: {type(problem).__name__}") from None


def _signed_time(header: str) -> int:
    for item in header.split(","):
        key, _, value = item.strip().partition("=")
        if key == "t" and value.isdigit():
            return int(value)
    raise WebhookRejected("the signature has no time")


_STATUS = {
    "active": "active",
    "trialing": "active",
    "past_due": "past_due",
    "unpaid": "past_due",
    "paused": "paused",
    "canceled": "canceled",
    "incomplete_expired": "canceled",
    "incomplete": "incomplete",
}


# What a column holds: a value that does not fit is no genuine event, and is refused
# rather than left to fail in the database.
ID_MOST = 100
LARGEST_AMOUNT = 2**31 - 1
LARGEST_COUNT = 2**15 - 1


def _text(value: Any, most: int = ID_MOST) -> str:
    """A text value as stored: ValueError when it is too long, holds a NUL, or a lone
    surrogate (which no database encodes)."""
    text = str(value or "")
    if len(text) > most or "\x00" in text:
        raise ValueError(f"a text longer than {most} characters, or with a NUL")
    text.encode("utf-8")
    return text


def _count(value: Any, most: int) -> int:
    number = int(value or 0)
    if not 0 <= number <= most:
        raise ValueError(f"a number outside 0 to {most}")
    return number


def _when(value: Any) -> datetime.datetime | None:
    if isinstance(value, int | float) and value > 0:
        try:
            return datetime.datetime.fromtimestamp(value, tz=datetime.UTC)
        except (OverflowError, OSError) as problem:
            raise ValueError("a time out of range") from problem
    return None


def _id(value: Any) -> str:
    """An id field that may be expanded into an object."""
    if isinstance(value, dict):
        return _text(value.get("id", ""))
    return _text(value)


def _invoice_subscription(invoice: dict[str, Any]) -> str:
    if invoice.get("subscription"):
        return _id(invoice["subscription"])
    parent = invoice.get("parent") or {}
    details = parent.get("subscription_details") or {}
    return _id(details.get("subscription"))


def _invoice_reference(invoice: dict[str, Any]) -> str:
    parent = invoice.get("parent") or {}
    details = parent.get("subscription_details") or {}
    metadata = details.get("metadata") or invoice.get("subscription_details", {}).get(
        "metadata", {}
    )
    return _text((metadata or {}).get("reference", ""))


def _invoice_period(invoice: dict[str, Any]) -> tuple[Any, Any]:
    lines = (invoice.get("lines") or {}).get("data") or []
    for line in lines:
        period = line.get("period") or {}
        if period.get("start") and period.get("end"):
            return _when(period["start"]), _when(period["end"])
    return _when(invoice.get("period_start")), _when(invoice.get("period_end"))


def _invoice_facts(invoice: dict[str, Any], *, paid: bool) -> InvoiceFacts:
    start, end = _invoice_period(invoice)
    amount = invoice.get("amount_paid") if paid else invoice.get("amount_due")
    return InvoiceFacts(
        provider_invoice_id=_text(invoice.get("id", "")),
        amount_cents=_count(amount or invoice.get("total"), LARGEST_AMOUNT),
        currency=_text(invoice.get("currency") or "usd", 3),
        period_start=start,
        period_end=end,
        issued_at=_when(invoice.get("created")),
        attempts=_count(invoice.get("attempt_count"), LARGEST_COUNT),
        hosted_url=_text(invoice.get("hosted_invoice_url"), 500),
    )


def _subscription_period(subscription: dict[str, Any]) -> tuple[Any, Any]:
    if subscription.get("current_period_end"):
        return (
            _when(subscription.get("current_period_start")),
            _when(subscription.get("current_period_end")),
        )
    items = (subscription.get("items") or {}).get("data") or []
    for item in items:
        if item.get("current_period_end"):
            return _when(item.get("current_period_start")), _when(item["current_period_end"])
    return None, None


def notice_from_event(event: dict[str, Any]) -> PaymentNotice:
    event_id, kind = _text(event.get("id", "")), _text(event.get("type", ""), 60)
    obj: dict[str, Any] = (event.get("data") or {}).get("object") or {}
    if not event_id:
        raise ValueError("an event without an id")
    if kind == "checkout.session.completed":
        return PaymentNotice(
            event_id=event_id,
            kind=NoticeKind.CHECKOUT_COMPLETED,
            provider_type=kind,
            reference=_text(obj.get("client_reference_id")),
            customer_id=_id(obj.get("customer")),
            subscription_id=_id(obj.get("subscription")),
        )
    if kind in {"invoice.paid", "invoice.payment_failed"}:
        paid = kind == "invoice.paid"
        return PaymentNotice(
            event_id=event_id,
            kind=NoticeKind.INVOICE_PAID if paid else NoticeKind.INVOICE_FAILED,
            provider_type=kind,
            reference=_invoice_reference(obj),
            customer_id=_id(obj.get("customer")),
            subscription_id=_invoice_subscription(obj),
            invoice=_invoice_facts(obj, paid=paid),
        )
    if kind in {"customer.subscription.updated", "customer.subscription.created"}:
        start, end = _subscription_period(obj)
        return PaymentNotice(
            event_id=event_id,
            kind=NoticeKind.SUBSCRIPTION_UPDATED,
            provider_type=kind,
            reference=_text((obj.get("metadata") or {}).get("reference", "")),
            customer_id=_id(obj.get("customer")),
            subscription_id=_text(obj.get("id", "")),
            status=_STATUS.get(str(obj.get("status", ""))),
            period_start=start,
            period_end=end,
            cancel_at_period_end=bool(obj.get("cancel_at_period_end")),
            paused=bool(obj.get("pause_collection")) or obj.get("status") == "paused",
        )
    if kind == "customer.subscription.deleted":
        return PaymentNotice(
            event_id=event_id,
            kind=NoticeKind.SUBSCRIPTION_ENDED,
            provider_type=kind,
            reference=_text((obj.get("metadata") or {}).get("reference", "")),
            customer_id=_id(obj.get("customer")),
            subscription_id=_text(obj.get("id", "")),
            status="canceled",
        )
    return PaymentNotice(event_id=event_id, kind=NoticeKind.IGNORED, provider_type=kind)
