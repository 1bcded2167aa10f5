"""Verbs of billing: starting, cancelling, pausing and resuming a subscription, and
recording what the payment provider tells us (once per event, however often it is
sent)."""

import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from audit.events import record_event
from background.queue import enqueue
from billing.models import (
    LIVE_STATUSES,
    Invoice,
    InvoiceStatus,
    PaymentEvent,
    Plan,
    Subscription,
    SubscriptionStatus,
)
from foundation.refusals import Refused
from integrations.payments import gateway_named, payment_gateway
from integrations.payments.base import Checkout, NoticeKind, PaymentNotice
from patients.models import Patient
from patients.signals import joining_step_changed
from patients.timeline import add_timeline_event, record_step


class BillingRefused(Refused):
    """The plan cannot be started or changed as asked; `message` says why."""

    code = "billing"

    def __init__(self, message: str) -> None:
        super().__init__([message])
        self.message = message


def _live(patient: Patient) -> Subscription | None:
    return Subscription.objects.filter(patient=patient, status__in=LIVE_STATUSES).first()


@transaction.atomic
def do_start_subscription(
    patient: Patient, plan: Plan, *, by: User, success_url: str, cancel_url: str
) -> Checkout:
    """Open a checkout for `plan`; the subscription becomes active when the provider
    reports the first payment."""
    Patient.objects.select_for_update().filter(pk=patient.pk).first()
    if not plan.active:
        raise BillingRefused("That plan is no longer offered. Please choose another.")
    if _live(patient) is not None:
        raise BillingRefused("You already have a plan. You can change it from this page.")
    gateway = payment_gateway()
    subscription = Subscription.objects.filter(
        patient=patient, plan=plan, provider=gateway.name, status=SubscriptionStatus.INCOMPLETE
    ).first() or Subscription.objects.create(patient=patient, plan=plan, provider=gateway.name)
    checkout = gateway.start_checkout(
        reference=str(subscription.public_id),
        plan=plan,
        customer_email=patient.user.email,
        success_url=success_url,
        cancel_url=cancel_url,
    )
    record_event(
        "billing.checkout_started",
        actor=by,
        target=subscription,
        patient=patient,
        detail={"plan": plan.slug, "provider": gateway.name},
    )
    return checkout


# What the provider tells us ---------------------------------------------------------------


def _find_subscription(provider: str, notice: PaymentNotice) -> Subscription | None:
    found = None
    if notice.subscription_id:
        found = (
            Subscription.objects.select_for_update()
            .filter(provider=provider, provider_subscription_id=notice.subscription_id)
            .first()
        )
    if found is None and notice.reference:
        try:
            reference = uuid.UUID(notice.reference)
        except ValueError:  # a reference that is not one of our ids
            return None
        found = (
            Subscription.objects.select_for_update()
            .filter(provider=provider, public_id=reference)
            .first()
        )
    return found


@transaction.atomic
def do_record_payment_event(provider: str, notice: PaymentNotice) -> tuple[PaymentEvent, bool]:
    """Apply a provider's event exactly once. Returns (event, whether it was new);
    a replayed event returns its first record and changes nothing."""
    existing = PaymentEvent.objects.filter(provider=provider, event_id=notice.event_id).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            event = PaymentEvent.objects.create(
                provider=provider,
                event_id=notice.event_id,
                kind=notice.kind,
                summary=notice.summary(),
            )
    except IntegrityError:  # the same event, delivered twice at once
        return PaymentEvent.objects.get(provider=provider, event_id=notice.event_id), False
    subscription = _find_subscription(provider, notice)
    if subscription is None:
        event.outcome = "no matching subscription"
    else:
        before = subscription.status
        event.outcome = _apply(subscription, notice)
        event.subscription = subscription
        _after_change(subscription, before, notice)
    event.save(update_fields=["outcome", "subscription"])
    record_event(
        "billing.payment_event_recorded",
        target=event,
        patient=subscription.patient if subscription else None,
        detail={"kind": notice.kind, "type": notice.provider_type, "outcome": event.outcome},
    )
    return event, True


def _another_is_live(subscription: Subscription) -> bool:
    other = _live(subscription.patient)
    return other is not None and other.pk != subscription.pk


def _apply(subscription: Subscription, notice: PaymentNotice) -> str:
    # Events can arrive in any order: the first to name the provider's ids links them.
    if notice.subscription_id and not subscription.provider_subscription_id:
        subscription.provider_subscription_id = notice.subscription_id
        subscription.provider_customer_id = notice.customer_id or subscription.provider_customer_id
        subscription.save(update_fields=["provider_subscription_id", "provider_customer_id"])
    if subscription.status == SubscriptionStatus.INCOMPLETE and _another_is_live(subscription):
        # Paid twice in two tabs: keep the first, flag this one for a refund.
        return "a second subscription for a patient who has one: refund it"
    if notice.kind == NoticeKind.CHECKOUT_COMPLETED:
        return _checkout_completed(subscription, notice)
    if notice.kind in {NoticeKind.INVOICE_PAID, NoticeKind.INVOICE_FAILED}:
        return _invoice(subscription, notice)
    if notice.kind == NoticeKind.SUBSCRIPTION_UPDATED:
        return _updated(subscription, notice)
    if notice.kind == NoticeKind.SUBSCRIPTION_ENDED:
        if subscription.status != SubscriptionStatus.CANCELED:
            subscription.status = SubscriptionStatus.CANCELED
            subscription.ended_at = timezone.now()
            subscription.save(update_fields=["status", "ended_at"])
        return "ended"
    return "ignored"


def _checkout_completed(subscription: Subscription, notice: PaymentNotice) -> str:
    subscription.provider_customer_id = notice.customer_id or subscription.provider_customer_id
    subscription.provider_subscription_id = (
        notice.subscription_id or subscription.provider_subscription_id
    )
    fields = ["provider_customer_id", "provider_subscription_id"]
    outcome = "linked"
    if subscription.status == SubscriptionStatus.INCOMPLETE:
        subscription.status = SubscriptionStatus.ACTIVE
        fields.append("status")
        outcome = "activated"
    subscription.save(update_fields=fields)
    return outcome


def _invoice(subscription: Subscription, notice: PaymentNotice) -> str:
    facts = notice.invoice
    if facts is None or not facts.provider_invoice_id:
        return "an invoice event without an invoice"
    paid = notice.kind == NoticeKind.INVOICE_PAID
    invoice, created = Invoice.objects.select_for_update().get_or_create(
        provider_invoice_id=facts.provider_invoice_id,
        defaults={
            "subscription": subscription,
            "amount_cents": facts.amount_cents,
            "currency": facts.currency,
            "status": InvoiceStatus.PAID if paid else InvoiceStatus.FAILED,
            "period_start": facts.period_start,
            "period_end": facts.period_end,
            "issued_at": facts.issued_at or timezone.now(),
            "paid_at": timezone.now() if paid else None,
            "attempts": facts.attempts,
            "hosted_url": facts.hosted_url,
        },
    )
    if not created:
        if invoice.status == InvoiceStatus.PAID:
            return "invoice already paid"  # a late failure never undoes a payment
        invoice.status = InvoiceStatus.PAID if paid else InvoiceStatus.FAILED
        invoice.paid_at = timezone.now() if paid else None
        invoice.attempts = max(invoice.attempts, facts.attempts)
        if paid and facts.amount_cents:
            invoice.amount_cents = facts.amount_cents
        invoice.save()
    _settle_status(subscription)
    return "invoice paid" if paid else "invoice failed"


def _settle_status(subscription: Subscription) -> None:
    """The newest invoice decides whether a running subscription is paid up."""
    latest = (
        Invoice.objects.filter(subscription=subscription)
        .order_by("-period_start", "-issued_at", "-pk")
        .first()
    )
    if latest is None:
        return
    fields = []
    if latest.status == InvoiceStatus.PAID:
        if subscription.status in {SubscriptionStatus.INCOMPLETE, SubscriptionStatus.PAST_DUE}:
            subscription.status = SubscriptionStatus.ACTIVE
            fields.append("status")
        if latest.period_end and (
            subscription.current_period_end is None
            or latest.period_end > subscription.current_period_end
        ):
            subscription.current_period_start = latest.period_start
            subscription.current_period_end = latest.period_end
            fields += ["current_period_start", "current_period_end"]
    elif latest.status == InvoiceStatus.FAILED and subscription.status in {
        SubscriptionStatus.INCOMPLETE,
        SubscriptionStatus.ACTIVE,
    }:
        subscription.status = SubscriptionStatus.PAST_DUE
        fields.append("status")
    if fields:
        subscription.save(update_fields=fields)


def _updated(subscription: Subscription, notice: PaymentNotice) -> str:
    if subscription.status == SubscriptionStatus.CANCELED:
        return "already ended"
    if notice.period_end and (
        subscription.current_period_end is None
        or notice.period_end >= subscription.current_period_end
    ):
        subscription.current_period_start = notice.period_start
        subscription.current_period_end = notice.period_end
    if notice.cancel_at_period_end is not None:
        subscription.cancel_at_period_end = notice.cancel_at_period_end
    if notice.paused:
        if subscription.status != SubscriptionStatus.PAUSED:
            subscription.status = SubscriptionStatus.PAUSED
            subscription.paused_at = timezone.now()
    elif notice.status in {"active", "past_due"}:
        # A payment event settles the incomplete state; an update only moves a running one.
        if subscription.status != SubscriptionStatus.INCOMPLETE:
            subscription.status = notice.status
    elif notice.status == "canceled":
        subscription.status = SubscriptionStatus.CANCELED
        subscription.ended_at = timezone.now()
    subscription.save()
    return "updated"


_TIMELINE = {
    SubscriptionStatus.ACTIVE: ("billing.subscription_active", "The plan is active"),
    SubscriptionStatus.PAST_DUE: ("billing.payment_failed", "A payment did not go through"),
    SubscriptionStatus.PAUSED: ("billing.subscription_paused", "The plan is paused"),
    SubscriptionStatus.CANCELED: ("billing.subscription_ended", "The plan has ended"),
}


def _after_change(subscription: Subscription, before: str, notice: PaymentNotice) -> None:
    if subscription.status != before and subscription.status in _TIMELINE:
        kind, summary = _TIMELINE[SubscriptionStatus(subscription.status)]
        add_timeline_event(
            subscription.patient,
            kind,
            summary=summary,
            detail={"plan": subscription.plan.slug, "subscription": str(subscription.public_id)},
        )
        if subscription.status == SubscriptionStatus.PAST_DUE:
            enqueue("billing.tasks.send_payment_failed_notice", subscription.patient.user_id)
    elif notice.kind == NoticeKind.INVOICE_PAID and subscription.status == before:
        add_timeline_event(
            subscription.patient,
            "billing.payment_received",
            summary="A payment was received",
            detail={"subscription": str(subscription.public_id)},
        )
    joining_step_changed.send(sender=Subscription, patient=subscription.patient, by=None)


# The patient's choices ------------------------------------------------------------------


def _gateway_for(subscription: Subscription) -> Any:
    gateway = gateway_named(subscription.provider)
    if gateway is None:
        raise BillingRefused(
            "We cannot reach the payment provider for this plan. Please write to the care team."
        )
    return gateway


@transaction.atomic
def do_cancel_subscription(subscription: Subscription, *, by: User) -> Subscription:
    """End the plan at the end of the period already paid for."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if not subscription.is_live:
        raise BillingRefused("This plan is not running, so there is nothing to cancel.")
    if subscription.cancel_at_period_end:
        return subscription
    _gateway_for(subscription).cancel_at_period_end(subscription)
    subscription.cancel_at_period_end = True
    subscription.save(update_fields=["cancel_at_period_end"])
    _record_choice(
        subscription,
        by,
        "billing.subscription_cancelled",
        "Asked to end the plan at the end of the period",
    )
    return subscription


@transaction.atomic
def do_pause_subscription(subscription: Subscription, *, by: User) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status == SubscriptionStatus.PAST_DUE:
        raise BillingRefused("Please settle the overdue payment before pausing your plan.")
    if subscription.status != SubscriptionStatus.ACTIVE:
        raise BillingRefused("Only an active plan can be paused.")
    _gateway_for(subscription).pause(subscription)
    subscription.status = SubscriptionStatus.PAUSED
    subscription.paused_at = timezone.now()
    subscription.save(update_fields=["status", "paused_at"])
    _record_choice(subscription, by, "billing.subscription_paused", "Paused the plan")
    return subscription


@transaction.atomic
def do_resume_subscription(subscription: Subscription, *, by: User) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.PAUSED:
        raise BillingRefused("Only a paused plan can be resumed.")
    _gateway_for(subscription).resume(subscription)
    subscription.status = SubscriptionStatus.ACTIVE
    subscription.paused_at = None
    subscription.save(update_fields=["status", "paused_at"])
    _record_choice(subscription, by, "billing.subscription_resumed", "Resumed the plan")
    return subscription


def _record_choice(subscription: Subscription, by: User, action: str, summary: str) -> None:
    record_step(
        subscription.patient,
        action,
        subscription,
        by=by,
        summary=summary,
        timeline={"subscription": str(subscription.public_id)},
    )
