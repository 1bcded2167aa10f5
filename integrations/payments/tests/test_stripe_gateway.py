"""The Stripe gateway, through the official library against a recording HTTP client."""

from types import SimpleNamespace
from typing import Any

import pytest

from integrations.payments.base import NoticeKind, PaymentProviderError, WebhookRejected
from integrations.payments.stripe_gateway import StripeGateway
from integrations.payments.tests.fakes import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    RecordingStripe,
    stripe_event,
    stripe_signature,
)

PLAN = SimpleNamespace(name="Standard", price_cents=25000, interval="month")


def gateway(http: RecordingStripe) -> StripeGateway:
    return StripeGateway(secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET, http_client=http)


def test_checkout_is_a_subscription_for_the_plan_price() -> None:
    http = RecordingStripe(
        {
            "/v1/checkout/sessions": {
                "id": "cs_test_1",
                "object": "checkout.session",
                "url": "https://checkout.stripe.com/c/pay/cs_test_1",
            }
        }
    )
    checkout = gateway(http).start_checkout(
        reference="6f1c7d5e-0000-4000-8000-000000000001",
        plan=PLAN,
        customer_email="rosa@example.com",
        success_url="https://ketaclinic.example/billing/welcome/",
        cancel_url="https://ketaclinic.example/billing/",
    )
    assert checkout.url == "https://checkout.stripe.com/c/pay/cs_test_1"
    ((method, url, form, headers),) = http.requests
    assert method == "post"
    assert url.endswith("/v1/checkout/sessions")
    assert form["mode"] == ["subscription"]
    assert form["client_reference_id"] == ["6f1c7d5e-0000-4000-8000-000000000001"]
    assert form["line_items[0][price_data][unit_amount]"] == ["25000"]
    assert form["line_items[0][price_data][recurring][interval]"] == ["month"]
    assert form["subscription_data[metadata][reference]"] == [
        "6f1c7d5e-0000-4000-8000-000000000001"
    ]
    assert headers["Authorization"] == f"Bearer {SECRET_KEY}"
    assert headers["Idempotency-Key"].startswith("checkout-")
    sent = " ".join(" ".join(values) for values in form.values()).lower()
    assert "ketamine" not in sent and "crps" not in sent, "no health data goes to Stripe"


def test_cancel_pause_and_resume_update_the_subscription() -> None:
    http = RecordingStripe({"/v1/subscriptions/": {"id": "sub_1", "object": "subscription"}})
    subscription = SimpleNamespace(provider_subscription_id="sub_1")
    gateway(http).cancel_at_period_end(subscription)
    gateway(http).pause(subscription)
    gateway(http).resume(subscription)
    forms = [form for _, _, form, _ in http.requests]
    assert forms[0] == {"cancel_at_period_end": ["true"]}
    assert forms[1] == {"pause_collection[behavior]": ["void"]}
    assert all(url.endswith("/v1/subscriptions/sub_1") for _, url, _, _ in http.requests)


def test_a_provider_error_is_a_plain_message() -> None:
    class Failing(RecordingStripe):
        def request(self, *args: Any, **kwargs: Any) -> tuple[str, int, dict[str, str]]:
            return (
                '{"error": {"message": "No such customer", "type": "invalid_request_error"}}',
                400,
                {},
            )

    with pytest.raises(PaymentProviderError, match="could not cancel the plan"):
        gateway(Failing()).cancel_at_period_end(SimpleNamespace(provider_subscription_id="sub_x"))


def test_a_signed_event_is_read() -> None:
    payload = stripe_event(
        "invoice.payment_failed",
        {
            "id": "in_1",
            "customer": "cus_1",
            "parent": {
                "subscription_details": {"subscription": "sub_1", "metadata": {"reference": "r"}}
            },
            "amount_due": 25000,
            "currency": "usd",
            "lines": {"data": [{"period": {"start": 1764000000, "end": 1766592000}}]},
        },
    )
    notice = gateway(RecordingStripe()).parse_webhook(payload.encode(), stripe_signature(payload))
    assert notice.kind == NoticeKind.INVOICE_FAILED
    assert notice.subscription_id == "sub_1"
    assert notice.invoice is not None and notice.invoice.amount_cents == 25000


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "t=1,v1=deadbeef",
        stripe_signature("{}", secret="whsec_someone_else"),
        stripe_signature("{}", at=1),  # far too old: a replay
    ],
    # Named, not by value: one signature holds the time it was made.
    ids=["none", "not-ours", "another-secret", "replayed"],
)
def test_a_badly_signed_or_stale_event_is_rejected(signature: str) -> None:
    with pytest.raises(WebhookRejected):
        gateway(RecordingStripe()).parse_webhook(b"{}", signature)


def test_older_api_versions_are_read_too() -> None:
    payload = stripe_event(
        "customer.subscription.updated",
        {
            "id": "sub_1",
            "status": "active",
            "current_period_start": 1764000000,
            "current_period_end": 1766592000,
            "cancel_at_period_end": True,
            "pause_collection": None,
            "metadata": {"reference": "r"},
        },
    )
    notice = gateway(RecordingStripe()).parse_webhook(payload.encode(), stripe_signature(payload))
    assert notice.status == "active"
    assert notice.cancel_at_period_end is True
    assert notice.paused is False
    assert notice.period_end is not None
