"""What billing needs from a payment provider, and what a provider tells billing."""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class WebhookRejected(Exception):
    """A webhook whose signature or timestamp does not check out: nothing is done."""


class PaymentProviderError(Exception):
    """The provider refused or could not be reached; the message is safe to show."""


class NoticeKind(StrEnum):
    CHECKOUT_COMPLETED = "checkout_completed"
    INVOICE_PAID = "invoice_paid"
    INVOICE_FAILED = "invoice_failed"
    SUBSCRIPTION_UPDATED = "subscription_updated"
    SUBSCRIPTION_ENDED = "subscription_ended"
    IGNORED = "ignored"


@dataclass(frozen=True)
class InvoiceFacts:
    provider_invoice_id: str
    amount_cents: int
    currency: str
    period_start: datetime.datetime | None
    period_end: datetime.datetime | None
    issued_at: datetime.datetime | None
    attempts: int = 0
    hosted_url: str = ""


@dataclass(frozen=True)
class PaymentNotice:
    """One provider event in billing's words. `reference` is our subscription's public id,
    where the provider carries it back to us."""

    event_id: str
    kind: NoticeKind
    provider_type: str
    reference: str = ""
    customer_id: str = ""
    subscription_id: str = ""
    status: str | None = None
    period_start: datetime.datetime | None = None
    period_end: datetime.datetime | None = None
    cancel_at_period_end: bool | None = None
    paused: bool | None = None
    invoice: InvoiceFacts | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """What is kept of the event: ids, states and amounts, never card or health data."""
        data: dict[str, Any] = {
            "type": self.provider_type,
            "reference": self.reference,
            "subscription_id": self.subscription_id,
            "status": self.status,
            "cancel_at_period_end": self.cancel_at_period_end,
            "paused": self.paused,
        }
        if self.invoice is not None:
            data["invoice"] = {
                "id": self.invoice.provider_invoice_id,
                "amount_cents": self.invoice.amount_cents,
                "currency": self.invoice.currency,
            }
        return {key: value for key, value in data.items() if value not in (None, "")}


@dataclass(frozen=True)
class Checkout:
    url: str
    reference: str


class PaymentGateway(Protocol):
    name: str

    def start_checkout(
        self,
        *,
        reference: str,
        plan: Any,
        customer_email: str,
        success_url: str,
        cancel_url: str,
    ) -> Checkout:
        """Where to send the patient to pay for `plan`; `reference` comes back in events."""
        ...

    def cancel_at_period_end(self, subscription: Any) -> None: ...

    def pause(self, subscription: Any) -> None: ...

    def resume(self, subscription: Any) -> None: ...

    def payment_details_url(self, subscription: Any, *, return_url: str) -> str:
        """Where the patient updates their card (and pays what is overdue)."""
        ...

    def parse_webhook(self, payload: bytes, signature: str) -> PaymentNotice:
        """Verify the signature and read the event; WebhookRejected if it is not genuine."""
        ...
