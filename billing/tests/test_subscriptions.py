"""Subscriptions through the local gateway, which behaves as Stripe does: paying,
declined cards, failed renewals (past due), paying what is overdue, cancelling at the
period end, pausing and resuming."""

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from billing.actions import (
    BillingRefused,
    do_cancel_subscription,
    do_pause_subscription,
    do_resume_subscription,
)
from billing.models import Invoice, Subscription
from billing.standing import (
    SubscriptionNotInGoodStanding,
    check_subscription_allows_treatment,
    current_subscription,
)
from billing.webhooks import receive_webhook
from integrations.payments.local_gateway import DECLINED, FAILS_LATER, PAYS, LocalGateway
from patients.models import Patient
from patients.tests.helpers import fill_profile, join, standard_plan, subscribe
from tests.personas import client_for

PLAN = reverse("billing:plan")


@pytest.fixture
def patient(db: Any) -> Patient:
    return fill_profile(join())


def live(patient: Patient) -> Subscription:
    subscription = current_subscription(patient)
    assert subscription is not None
    return subscription


def deliver(events: list[tuple[str, str]]) -> None:
    for payload, signature in events:
        receive_webhook("local", payload.encode(), signature)


def test_choosing_a_plan_opens_the_local_checkout_then_activates(patient: Patient) -> None:
    standard_plan()
    client = client_for(patient.user)
    page = client.get(PLAN).content.decode()
    assert "$250" in page
    response = client.post(reverse("billing:start", args=["standard"]))
    assert response.status_code == 302
    checkout = response["Location"]
    assert checkout.startswith("/integrations/payments/local/checkout/")
    assert client.get(checkout).status_code == 200

    declined = client.post(checkout, {"card_number": DECLINED})
    assert declined.status_code == 400
    assert "declined" in declined.content.decode()
    assert declined.context["form"]["card_number"].value() == DECLINED
    assert live(patient).status == "incomplete"

    paid = client.post(checkout, {"card_number": "4242 4242 4242 4242"})
    assert paid.status_code == 302
    assert paid["Location"].endswith(reverse("billing:welcome"))
    subscription = live(patient)
    assert subscription.status == "active"
    assert subscription.current_period_end is not None
    assert Invoice.objects.get(subscription=subscription).status == "paid"
    welcome = client.get(reverse("billing:welcome")).content.decode()
    assert "Your plan is active" in welcome
    check_subscription_allows_treatment(patient)


def test_a_card_that_fails_leaves_the_plan_past_due(patient: Patient) -> None:
    subscription = subscribe(patient, card=FAILS_LATER)
    assert subscription.status == "past_due"
    with pytest.raises(SubscriptionNotInGoodStanding):
        check_subscription_allows_treatment(patient)
    email = mail.outbox[-1]
    assert email.subject == "We could not take your payment"
    assert "ketamine" not in email.body.lower()
    page = client_for(patient.user).get(PLAN).content.decode()
    assert "Your payment did not go through" in page


def test_a_failed_renewal_then_a_new_card(patient: Patient) -> None:
    subscription = subscribe(patient)
    first_end = subscription.current_period_end
    gateway = LocalGateway()
    deliver(gateway.renew(subscription, card=FAILS_LATER))
    subscription.refresh_from_db()
    assert subscription.status == "past_due"
    assert subscription.current_period_end == first_end

    client = client_for(patient.user)
    response = client.post(reverse("billing:payment_details"))
    details = response["Location"]
    assert details.startswith("/integrations/payments/local/payment-details/")
    assert client.post(details, {"card_number": FAILS_LATER}).status_code == 400
    assert client.post(details, {"card_number": PAYS}).status_code == 302
    subscription.refresh_from_db()
    assert subscription.status == "active"
    assert subscription.current_period_end > first_end
    assert [invoice.status for invoice in Invoice.objects.order_by("pk")] == ["paid", "paid"]


def test_cancelling_takes_effect_at_the_period_end(patient: Patient) -> None:
    subscription = subscribe(patient)
    response = client_for(patient.user).post(reverse("billing:cancel"))
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.cancel_at_period_end
    assert subscription.status == "active", "still running until the period ends"
    check_subscription_allows_treatment(patient)
    deliver(LocalGateway().end_period(subscription))
    subscription.refresh_from_db()
    assert subscription.status == "canceled"
    with pytest.raises(SubscriptionNotInGoodStanding):
        check_subscription_allows_treatment(patient)


def test_pausing_and_resuming(patient: Patient) -> None:
    subscription = subscribe(patient)
    client = client_for(patient.user)
    client.post(reverse("billing:pause"))
    subscription.refresh_from_db()
    assert subscription.status == "paused"
    with pytest.raises(SubscriptionNotInGoodStanding):
        check_subscription_allows_treatment(patient)
    client.post(reverse("billing:resume"))
    subscription.refresh_from_db()
    assert subscription.status == "active"


def test_a_past_due_plan_cannot_be_paused(patient: Patient) -> None:
    subscription = subscribe(patient, card=FAILS_LATER)
    with pytest.raises(BillingRefused, match="overdue"):
        do_pause_subscription(subscription, by=patient.user)


def test_one_plan_at_a_time(patient: Patient) -> None:
    subscribe(patient)
    response = client_for(patient.user).post(reverse("billing:start", args=["standard"]))
    assert response["Location"] == PLAN
    assert Subscription.objects.filter(patient=patient).count() == 1


def test_invoices_and_history_are_shown(patient: Patient) -> None:
    subscription = subscribe(patient)
    do_cancel_subscription(subscription, by=patient.user)
    page = client_for(patient.user).get(PLAN).content.decode()
    assert "Invoices" in page
    assert "$250" in page
    assert "Asked to end the plan at the end of the period" in page


def test_resume_needs_a_paused_plan(patient: Patient) -> None:
    subscription = subscribe(patient)
    with pytest.raises(BillingRefused):
        do_resume_subscription(subscription, by=patient.user)


def test_a_coordinator_sees_billing_but_a_clinician_does_not(
    patient: Patient, coordinator: Any, clinician_fl: Any
) -> None:
    subscribe(patient)
    url = reverse("billing:patient_billing", args=[patient.public_id])
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(clinician_fl).get(url).status_code == 403


@pytest.mark.parametrize("persona", ["patient_fl", "patient_nj"])
def test_another_patient_cannot_use_someone_elses_checkout(
    request: Any, patient: Patient, persona: str
) -> None:
    standard_plan()
    checkout = client_for(patient.user).post(reverse("billing:start", args=["standard"]))[
        "Location"
    ]
    other = client_for(request.getfixturevalue(persona))
    assert other.get(checkout).status_code == 404
    assert other.post(checkout, {"card_number": PAYS}).status_code == 404
    assert live(patient).status == "incomplete"


def test_a_tampered_checkout_link_is_refused(patient: Patient) -> None:
    response = client_for(patient.user).get(
        reverse("payments:local_checkout", args=["not-a-real-token"])
    )
    assert response.status_code == 404


def test_paying_twice_in_two_tabs_keeps_one_plan_and_flags_the_other(patient: Patient) -> None:
    from billing.actions import do_start_subscription
    from billing.models import PaymentEvent

    plan = standard_plan()
    do_start_subscription(patient, plan, by=patient.user, success_url="/", cancel_url="/")
    first = patient.subscriptions.get()
    second = Subscription.objects.create(patient=patient, plan=plan, provider="local")
    gateway = LocalGateway()
    deliver(gateway.complete_checkout(reference=str(first.public_id), plan=plan, card=PAYS))
    deliver(gateway.complete_checkout(reference=str(second.public_id), plan=plan, card=PAYS))
    second.refresh_from_db()
    assert live(patient).pk == first.pk
    assert second.status == "incomplete"
    assert PaymentEvent.objects.filter(subscription=second, outcome__contains="refund").exists()


def test_an_invoice_before_the_checkout_event_still_activates(patient: Patient) -> None:
    from billing.actions import do_start_subscription

    plan = standard_plan()
    do_start_subscription(patient, plan, by=patient.user, success_url="/", cancel_url="/")
    pending = patient.subscriptions.get()
    events = LocalGateway().complete_checkout(
        reference=str(pending.public_id), plan=plan, card=PAYS
    )
    deliver([events[1], events[2], events[0]])  # invoice, update, then checkout
    subscription = live(patient)
    assert subscription.status == "active"
    assert subscription.provider_subscription_id.startswith("sub_local_")
