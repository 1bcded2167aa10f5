"""Receiving a provider's event: verify it, then record it once."""

from billing.actions import do_record_payment_event
from billing.models import PaymentEvent
from integrations.payments import gateway_named
from integrations.payments.base import WebhookRejected


def receive_webhook(provider: str, payload: bytes, signature: str) -> tuple[PaymentEvent, bool]:
    """(the event, whether it was new). WebhookRejected for anything not genuine."""
    gateway = gateway_named(provider)
    if gateway is None:
        raise WebhookRejected(f"no {provider} gateway is configured")
    notice = gateway.parse_webhook(payload, signature)
    return do_record_payment_event(provider, notice)
