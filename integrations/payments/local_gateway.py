"""A payment provider that runs on one machine, for development and tests.

It behaves like Stripe where billing can tell: a checkout page to pay at, events of
the same shape signed the same way (with a key derived from SECRET_KEY, checked by
the same library function), successful, declined and failing cards, renewals that
succeed or fail (leaving the subscription past due), cancelling at the period end,
pausing and resuming. No card number is kept.

Test cards:
    4242 4242 4242 4242  pays
    4000 0000 0000 0002  declined at checkout: nothing is created
    4000 0000 0000 0341  accepted at checkout, but the payment fails: past due
"""

import datetime
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from integrations.payments.base import Checkout, PaymentNotice, WebhookRejected
from integrations.payments.events import parse_signed_event

PAYS = "4242424242424242"
DECLINED = "4000000000000002"
FAILS_LATER = "4000000000000341"
TEST_CARDS = (
    (PAYS, "pays"),
    (DECLINED, "is declined"),
    (FAILS_LATER, "is accepted, but the payment then fails"),
)
TOKEN_MAX_AGE = 60 * 60 * 2
_SALT = "integrations.payments.local"
SIGNATURE_TOLERANCE_SECONDS = 300


def webhook_secret() -> str:
    return "whsec_local_" + salted_hmac(_SALT, "webhook-secret", algorithm="sha256").hexdigest()


def sign(payload: str, *, at: int | None = None) -> str:
    """A Stripe-Signature header for the payload, as Stripe would make it."""
    timestamp = at if at is not None else int(time.time())
    signature = hmac.new(
        webhook_secret().encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={signature}"


def _new_id(prefix: str) -> str:
    return f"{prefix}_local_{secrets.token_hex(12)}"


def card_digits(raw: str) -> str:
    return "".join(ch for ch in raw if ch.isdigit())


class LocalGateway:
    name = "local"

    # Checkout ---------------------------------------------------------------------

    def start_checkout(
        self,
        *,
        reference: str,
        plan: Any,
        customer_email: str,
        success_url: str,
        cancel_url: str,
    ) -> Checkout:
        token = signing.dumps(
            {"reference": reference, "success": success_url, "cancel": cancel_url}, salt=_SALT
        )
        return Checkout(
            url=reverse("payments:local_checkout", args=[token]), reference=f"cs_local_{reference}"
        )

    @staticmethod
    def read_token(token: str) -> dict[str, str]:
        try:
            data: dict[str, str] = signing.loads(token, salt=_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            raise WebhookRejected("a checkout link that is not ours or has expired") from None
        return data

    def complete_checkout(
        self, *, reference: str, plan: Any, card: str, now: datetime.datetime | None = None
    ) -> list[tuple[str, str]]:
        """The events Stripe would send after a checkout with this card, signed, in order.

        A declined card raises CardDeclined and produces nothing, as at Stripe's page.
        """
        digits = card_digits(card)
        if digits == DECLINED or digits not in {PAYS, FAILS_LATER}:
            raise CardDeclined(
                "The card was declined." if digits == DECLINED else "Use one of the test cards."
            )
        moment = now or timezone.now()
        customer, subscription = _new_id("cus"), _new_id("sub")
        end = _add_interval(moment, plan.interval)
        events = [
            self._event(
                "checkout.session.completed",
                {
                    "id": _new_id("cs"),
                    "object": "checkout.session",
                    "client_reference_id": reference,
                    "customer": customer,
                    "subscription": subscription,
                },
            )
        ]
        paid = digits == PAYS
        events.append(
            self._invoice_event(
                paid=paid,
                reference=reference,
                customer=customer,
                subscription=subscription,
                amount=plan.price_cents,
                start=moment,
                end=end,
            )
        )
        events.append(
            self._subscription_event(
                "customer.subscription.updated",
                reference=reference,
                customer=customer,
                subscription=subscription,
                status="active" if paid else "past_due",
                start=moment,
                end=end,
            )
        )
        return events

    # Later in a subscription's life -----------------------------------------------------

    def renew(self, subscription: Any, *, card: str = PAYS) -> list[tuple[str, str]]:
        """The next period's invoice, paid or failed by the card on file."""
        start = subscription.current_period_end or timezone.now()
        end = _add_interval(start, subscription.plan.interval)
        paid = card_digits(card) == PAYS
        return [
            self._invoice_event(
                paid=paid,
                reference=str(subscription.public_id),
                customer=subscription.provider_customer_id,
                subscription=subscription.provider_subscription_id,
                amount=subscription.plan.price_cents,
                start=start,
                end=end,
            ),
            self._subscription_event(
                "customer.subscription.updated",
                reference=str(subscription.public_id),
                customer=subscription.provider_customer_id,
                subscription=subscription.provider_subscription_id,
                status="active" if paid else "past_due",
                start=start if paid else subscription.current_period_start,
                end=end if paid else subscription.current_period_end,
            ),
        ]

    def pay_overdue(self, subscription: Any, invoice: Any, *, card: str) -> list[tuple[str, str]]:
        """A new card pays the invoice that failed."""
        digits = card_digits(card)
        if digits != PAYS:
            raise CardDeclined(
                "The card was declined." if digits == DECLINED else "Use the test card that pays."
            )
        return [
            self._event(
                "invoice.paid",
                self._invoice_object(
                    invoice_id=invoice.provider_invoice_id,
                    reference=str(subscription.public_id),
                    customer=subscription.provider_customer_id,
                    subscription=subscription.provider_subscription_id,
                    amount=invoice.amount_cents,
                    start=invoice.period_start,
                    end=invoice.period_end,
                    paid=True,
                ),
            ),
            self._subscription_event(
                "customer.subscription.updated",
                reference=str(subscription.public_id),
                customer=subscription.provider_customer_id,
                subscription=subscription.provider_subscription_id,
                status="active",
                start=invoice.period_start,
                end=invoice.period_end,
            ),
        ]

    def end_period(self, subscription: Any) -> list[tuple[str, str]]:
        """The period ends for a subscription set to cancel at its end."""
        return [
            self._event(
                "customer.subscription.deleted",
                {
                    "id": subscription.provider_subscription_id,
                    "object": "subscription",
                    "customer": subscription.provider_customer_id,
                    "status": "canceled",
                    "metadata": {"reference": str(subscription.public_id)},
                },
            )
        ]

    # The gateway interface ------------------------------------------------------------

    def cancel_at_period_end(self, subscription: Any) -> None:
        """Nothing to tell: billing records the change itself, as it does with Stripe."""

    def pause(self, subscription: Any) -> None:
        """Nothing to tell: billing records the change itself, as it does with Stripe."""

    def resume(self, subscription: Any) -> None:
        """Nothing to tell: billing records the change itself, as it does with Stripe."""

    def payment_details_url(self, subscription: Any, *, return_url: str) -> str:
        token = signing.dumps(
            {"reference": str(subscription.public_id), "success": return_url}, salt=_SALT
        )
        return reverse("payments:local_payment_details", args=[token])

    def parse_webhook(self, payload: bytes, signature: str) -> PaymentNotice:
        return parse_signed_event(payload, signature, webhook_secret())

    # Building events ---------------------------------------------------------------------

    def _event(self, kind: str, obj: dict[str, Any]) -> tuple[str, str]:
        payload = json.dumps(
            {
                "id": _new_id("evt"),
                "object": "event",
                "type": kind,
                "created": int(time.time()),
                "data": {"object": obj},
            }
        )
        return payload, sign(payload)

    def _invoice_object(
        self,
        *,
        invoice_id: str,
        reference: str,
        customer: str,
        subscription: str,
        amount: int,
        start: datetime.datetime | None,
        end: datetime.datetime | None,
        paid: bool,
    ) -> dict[str, Any]:
        period = {"start": _ts(start), "end": _ts(end)}
        return {
            "id": invoice_id,
            "object": "invoice",
            "customer": customer,
            "parent": {
                "subscription_details": {
                    "subscription": subscription,
                    "metadata": {"reference": reference},
                }
            },
            "amount_due": amount,
            "amount_paid": amount if paid else 0,
            "currency": "usd",
            "status": "paid" if paid else "open",
            "attempt_count": 1,
            "created": int(time.time()),
            "lines": {"data": [{"period": period}]},
        }

    def _invoice_event(self, *, paid: bool, **facts: Any) -> tuple[str, str]:
        obj = self._invoice_object(invoice_id=_new_id("in"), paid=paid, **facts)
        return self._event("invoice.paid" if paid else "invoice.payment_failed", obj)

    def _subscription_event(
        self,
        kind: str,
        *,
        reference: str,
        customer: str,
        subscription: str,
        status: str,
        start: datetime.datetime | None,
        end: datetime.datetime | None,
        cancel_at_period_end: bool = False,
        paused: bool = False,
    ) -> tuple[str, str]:
        return self._event(
            kind,
            {
                "id": subscription,
                "object": "subscription",
                "customer": customer,
                "status": status,
                "cancel_at_period_end": cancel_at_period_end,
                "pause_collection": {"behavior": "void"} if paused else None,
                "metadata": {"reference": reference},
                "items": {
                    "data": [{"current_period_start": _ts(start), "current_period_end": _ts(end)}]
                },
            },
        )


class CardDeclined(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _ts(moment: datetime.datetime | None) -> int | None:
    return int(moment.timestamp()) if moment else None


def _add_interval(moment: datetime.datetime, interval: str) -> datetime.datetime:
    if interval == "year":
        return moment + datetime.timedelta(days=365)
    return moment + datetime.timedelta(days=30)
