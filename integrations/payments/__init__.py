"""Payments behind one small interface (base.PaymentGateway).

Stripe (stripe_gateway.py) when ``PAYMENTS_BACKEND`` is "stripe" (the settings demand its
keys, and production demands Stripe); otherwise the local gateway (local_gateway.py), which
behaves the same way on one machine, including declined cards and failed renewals.
"""

from django.conf import settings

from integrations.payments.base import PaymentGateway
from integrations.payments.local_gateway import LocalGateway
from integrations.payments.stripe_gateway import StripeGateway


def stripe_configured() -> bool:
    return bool(getattr(settings, "PAYMENTS_BACKEND", "local") == "stripe")


def payment_gateway() -> PaymentGateway:
    """The gateway new subscriptions use."""
    if stripe_configured():
        return StripeGateway(
            secret_key=getattr(settings, "STRIPE_SECRET_KEY", ""),
            webhook_secret=getattr(settings, "STRIPE_WEBHOOK_SECRET", ""),
        )
    return LocalGateway()


def gateway_named(name: str) -> PaymentGateway | None:
    """The gateway behind a webhook URL; the local one only while Stripe is not configured."""
    if name == "stripe" and stripe_configured():
        return payment_gateway()
    if name == "local" and not stripe_configured():
        return LocalGateway()
    return None
