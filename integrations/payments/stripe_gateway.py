"""Stripe, through the official library: Checkout for the first payment, Subscriptions
for the rest, the customer portal for card changes, and signed webhooks.

Stripe learns the patient's email address (for receipts) and the plan's name and
price; never a name, a diagnosis or anything else from the record.
"""

from typing import Any

import stripe

from integrations.payments.base import (
    Checkout,
    PaymentNotice,
    PaymentProviderError,
)
from integrations.payments.events import parse_signed_event

# Stripe's own default: a signature older than five minutes is refused, so a captured
# webhook cannot be replayed later.
SIGNATURE_TOLERANCE_SECONDS = 300


class StripeGateway:
    name = "stripe"

    def __init__(self, *, secret_key: str, webhook_secret: str, http_client: Any = None) -> None:
        self.webhook_secret = webhook_secret
        self.client = stripe.StripeClient(secret_key, http_client=http_client)

    def _call(self, what: str, request: Any) -> Any:
        try:
            return request()
        except stripe.StripeError as problem:
            raise PaymentProviderError(
                f"Our payment provider could not {what} just now. Please try again in a "
                "few minutes; nothing has been charged twice."
            ) from problem

    def start_checkout(
        self,
        *,
        reference: str,
        plan: Any,
        customer_email: str,
        success_url: str,
        cancel_url: str,
    ) -> Checkout:
        params: dict[str, Any] = {
            "mode": "subscription",
            "client_reference_id": reference,
            "customer_email": customer_email,
            "success_url": success_url,
            "cancel_url": cancel_url,
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "usd",
                        "unit_amount": plan.price_cents,
                        "recurring": {"interval": plan.interval},
                        "product_data": {"name": f"ketaclinic {plan.name} plan"},
                    },
                }
            ],
            "subscription_data": {"metadata": {"reference": reference}},
        }
        session = self._call(
            "start the payment",
            lambda: self.client.v1.checkout.sessions.create(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": f"checkout-{reference}"},
            ),
        )
        return Checkout(url=str(session.url), reference=str(session.id))

    def cancel_at_period_end(self, subscription: Any) -> None:
        self._call(
            "cancel the plan",
            lambda: self.client.v1.subscriptions.update(
                subscription.provider_subscription_id, params={"cancel_at_period_end": True}
            ),
        )

    def pause(self, subscription: Any) -> None:
        self._call(
            "pause the plan",
            lambda: self.client.v1.subscriptions.update(
                subscription.provider_subscription_id,
                params={"pause_collection": {"behavior": "void"}},
            ),
        )

    def resume(self, subscription: Any) -> None:
        self._call(
            "resume the plan",
            lambda: self.client.v1.subscriptions.update(
                subscription.provider_subscription_id,
                params={"pause_collection": ""},  # Stripe: an empty value unsets it
            ),
        )

    def payment_details_url(self, subscription: Any, *, return_url: str) -> str:
        session = self._call(
            "open your payment details",
            lambda: self.client.v1.billing_portal.sessions.create(
                params={"customer": subscription.provider_customer_id, "return_url": return_url}
            ),
        )
        return str(session.url)

    def parse_webhook(self, payload: bytes, signature: str) -> PaymentNotice:
        return parse_signed_event(payload, signature, self.webhook_secret)
