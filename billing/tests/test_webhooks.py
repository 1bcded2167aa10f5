"""Payment webhooks: signed by the provider, applied once. A replayed or badly signed
webhook changes nothing."""

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from billing.models import Invoice, PaymentEvent, Subscription
from integrations.payments.tests.fakes import (
    SECRET_KEY,
    WEBHOOK_SECRET,
    stripe_event,
    stripe_signature,
)
from patients.tests.helpers import fill_profile, join, standard_plan

STRIPE_HOOK = reverse("payments:webhook", args=["stripe"])


@pytest.fixture
def stripe_keys(settings: Any) -> None:
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.PAYMENTS_BACKEND = "stripe"


@pytest.fixture
def subscription(db: Any, stripe_keys: None) -> Subscription:
    patient = fill_profile(join())
    return Subscription.objects.create(
        patient=patient,
        plan=standard_plan(),
        provider="stripe",
        provider_customer_id="cus_1",
        provider_subscription_id="sub_1",
        status="active",
    )


def failed_invoice(event_id: str = "evt_failed_1", invoice_id: str = "in_1") -> str:
    return stripe_event(
        "invoice.payment_failed",
        {
            "id": invoice_id,
            "customer": "cus_1",
            "parent": {"subscription_details": {"subscription": "sub_1"}},
            "amount_due": 25000,
            "currency": "usd",
            "attempt_count": 1,
            "lines": {"data": [{"period": {"start": 1764000000, "end": 1766592000}}]},
        },
        event_id=event_id,
    )


def post(payload: str, signature: str) -> Any:
    return Client().post(
        STRIPE_HOOK, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


def snapshot(subscription: Subscription) -> tuple[Any, ...]:
    subscription.refresh_from_db()
    return (
        subscription.status,
        subscription.current_period_end,
        Invoice.objects.count(),
        PaymentEvent.objects.count(),
        subscription.patient.timeline.count(),
    )


def test_a_genuine_webhook_is_applied(subscription: Subscription) -> None:
    payload = failed_invoice()
    response = post(payload, stripe_signature(payload))
    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": False}
    subscription.refresh_from_db()
    assert subscription.status == "past_due"
    invoice = Invoice.objects.get(provider_invoice_id="in_1")
    assert invoice.status == "failed"
    assert invoice.amount_cents == 25000


def test_a_replayed_webhook_changes_nothing(subscription: Subscription) -> None:
    payload = failed_invoice()
    post(payload, stripe_signature(payload))
    paid = stripe_event(
        "invoice.paid",
        {
            "id": "in_1",
            "customer": "cus_1",
            "parent": {"subscription_details": {"subscription": "sub_1"}},
            "amount_paid": 25000,
            "currency": "usd",
            "lines": {"data": [{"period": {"start": 1764000000, "end": 1766592000}}]},
        },
        event_id="evt_paid_1",
    )
    post(paid, stripe_signature(paid))
    before = snapshot(subscription)
    assert before[0] == "active"

    response = post(payload, stripe_signature(payload))  # the old failure, sent again
    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": True}
    assert snapshot(subscription) == before


def test_a_late_failure_never_undoes_a_payment(subscription: Subscription) -> None:
    paid = stripe_event(
        "invoice.paid",
        {
            "id": "in_1",
            "parent": {"subscription_details": {"subscription": "sub_1"}},
            "amount_paid": 25000,
            "lines": {"data": [{"period": {"start": 1764000000, "end": 1766592000}}]},
        },
        event_id="evt_paid_1",
    )
    post(paid, stripe_signature(paid))
    late = failed_invoice(event_id="evt_failed_late")
    post(late, stripe_signature(late))
    subscription.refresh_from_db()
    assert subscription.status == "active"
    assert Invoice.objects.get(provider_invoice_id="in_1").status == "paid"


@pytest.mark.parametrize(
    "signature",
    [
        "",
        "t=1700000000,v1=0000",
        stripe_signature(failed_invoice(), secret="whsec_not_ours"),
        stripe_signature(failed_invoice(), at=1_600_000_000),
    ],
    # Named, not by value: a signature holds the time it was made and the event's own ids.
    ids=["none", "not-ours", "another-secret", "replayed"],
)
def test_a_badly_signed_webhook_changes_nothing(subscription: Subscription, signature: str) -> None:
    before = snapshot(subscription)
    response = post(failed_invoice(), signature)
    assert response.status_code == 400
    assert snapshot(subscription) == before


def test_a_tampered_body_changes_nothing(subscription: Subscription) -> None:
    payload = failed_invoice()
    signature = stripe_signature(payload)
    before = snapshot(subscription)
    response = post(payload.replace("25000", "1"), signature)
    assert response.status_code == 400
    assert snapshot(subscription) == before


def test_stripe_webhooks_are_refused_when_stripe_is_not_configured(db: Any) -> None:
    payload = failed_invoice()
    assert post(payload, stripe_signature(payload)).status_code == 400


def test_local_webhooks_are_refused_while_stripe_is_configured(subscription: Subscription) -> None:
    from integrations.payments.local_gateway import sign

    payload = failed_invoice()
    response = Client().post(
        reverse("payments:webhook", args=["local"]),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload),
    )
    assert response.status_code == 400
    assert snapshot(subscription)[0] == "active"


def test_a_webhook_takes_no_get(db: Any) -> None:
    assert Client().get(STRIPE_HOOK).status_code == 405


def test_an_event_for_no_subscription_is_kept_and_ignored(subscription: Subscription) -> None:
    payload = stripe_event("customer.subscription.deleted", {"id": "sub_unknown"}, event_id="evt_x")
    assert post(payload, stripe_signature(payload)).status_code == 200
    assert PaymentEvent.objects.get(event_id="evt_x").outcome == "no matching subscription"
    assert snapshot(subscription)[0] == "active"


def test_a_signature_dated_in_the_future_changes_nothing(subscription: Subscription) -> None:
    payload = failed_invoice()
    before = snapshot(subscription)
    later = int(time.time()) + 301
    assert post(payload, stripe_signature(payload, at=later)).status_code == 400
    assert snapshot(subscription) == before
    soon = int(time.time()) + 60
    assert post(payload, stripe_signature(payload, at=soon)).status_code == 200


def test_a_signed_body_nested_too_deep_is_refused_not_a_500(subscription: Subscription) -> None:
    payload = "[" * 100_000 + "]" * 100_000
    response = post(payload, stripe_signature(payload))
    assert response.status_code == 400


def test_a_body_that_is_no_utf8_is_refused_not_a_500(subscription: Subscription) -> None:
    before = snapshot(subscription)
    response = Client().post(
        STRIPE_HOOK, b"\xff\xfe\xfd", content_type="application/json", HTTP_STRIPE_SIGNATURE="t=1"
    )
    assert response.status_code == 400
    assert snapshot(subscription) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount_due", 1e999),  # infinity: no whole number of cents
        ("amount_due", 10**30),  # more cents than the column holds
        ("attempt_count", -1),
        ("id", "\ud800"),  # a lone surrogate no database can store
        ("id", "in_" + "9" * 200),  # longer than any provider id the column holds
        ("currency", "usd\x00"),
        ("created", 10**30),  # a time past the year 9999
    ],
)
def test_a_signed_event_with_values_that_cannot_be_kept_is_refused(
    subscription: Subscription, field: str, value: Any
) -> None:
    import json

    event = json.loads(failed_invoice())
    event["data"]["object"][field] = value
    payload = json.dumps(event)
    before = snapshot(subscription)
    assert post(payload, stripe_signature(payload)).status_code == 400
    assert snapshot(subscription) == before
