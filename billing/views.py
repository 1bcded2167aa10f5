"""The patient's plan: choose one, pay, see invoices and history, cancel, pause, resume."""

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required, signed_in
from accounts.roles import Role
from billing import actions
from billing.models import (
    Invoice,
    PaymentEvent,
    Plan,
    Subscription,
    SubscriptionStatus,
    active_plans,
)
from billing.standing import current_subscription, subscription_problem
from integrations.payments import gateway_named
from integrations.payments.base import PaymentProviderError
from patients.access import Scope, access_patient
from patients.models import Patient
from patients.portal import patient_page


def _plan_context(patient: Patient) -> dict[str, Any]:
    subscription = current_subscription(patient)
    invoices = Invoice.objects.filter(subscription__patient=patient).select_related(
        "subscription__plan"
    )
    history = patient.timeline.filter(kind__startswith="billing.")[:20]
    return {
        "patient": patient,
        "subscription": subscription,
        "problem": subscription_problem(patient),
        "plans": active_plans(),
        "invoices": invoices,
        "history": history,
        "live": subscription is not None and subscription.is_live,
    }


@patient_page(action="billing.plan_viewed")
@require_GET
def plan(request: HttpRequest, patient: Patient) -> HttpResponse:
    return render(request, "billing/plan.html", _plan_context(patient))


@patient_page(action="billing.checkout_opened")
@require_POST
def start(request: HttpRequest, patient: Patient, slug: str) -> HttpResponse:
    chosen = get_object_or_404(Plan, slug=slug)
    try:
        checkout = actions.do_start_subscription(
            patient,
            chosen,
            by=signed_in(request),
            success_url=request.build_absolute_uri(reverse("billing:welcome")),
            cancel_url=request.build_absolute_uri(reverse("billing:plan")),
        )
    except (actions.BillingRefused, PaymentProviderError) as problem:
        messages.error(request, str(problem))
        return redirect("billing:plan")
    return redirect(checkout.url)


@patient_page(action="billing.plan_viewed")
@require_GET
def welcome(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Where the checkout returns; the provider's event may arrive a moment later."""
    return render(request, "billing/welcome.html", _plan_context(patient))


def _live_subscription(patient: Patient) -> Subscription:
    subscription = current_subscription(patient)
    if subscription is None or not subscription.is_live:
        raise actions.BillingRefused("You have no running plan.")
    return subscription


def _change_plan(
    request: HttpRequest, patient: Patient, verb: Callable[..., Any], done: str
) -> HttpResponse:
    """Run a verb on the running plan; say how it went on the plan page."""
    try:
        verb(_live_subscription(patient), by=request.user)
    except (actions.BillingRefused, PaymentProviderError) as problem:
        messages.error(request, str(problem))
    else:
        messages.success(request, done)
    return redirect("billing:plan")


@patient_page(action="billing.plan_viewed")
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, patient: Patient) -> HttpResponse:
    if request.method == "GET":
        return render(request, "billing/cancel.html", _plan_context(patient))
    return _change_plan(
        request,
        patient,
        actions.do_cancel_subscription,
        "Your plan will end at the end of the period you have paid for.",
    )


@patient_page(action="billing.plan_viewed")
@require_POST
def pause(request: HttpRequest, patient: Patient) -> HttpResponse:
    return _change_plan(
        request,
        patient,
        actions.do_pause_subscription,
        "Your plan is paused. You are not charged while it is paused.",
    )


@patient_page(action="billing.plan_viewed")
@require_POST
def resume(request: HttpRequest, patient: Patient) -> HttpResponse:
    return _change_plan(
        request, patient, actions.do_resume_subscription, "Your plan is running again."
    )


@patient_page(action="billing.plan_viewed")
@require_POST
def payment_details(request: HttpRequest, patient: Patient) -> HttpResponse:
    try:
        subscription = _live_subscription(patient)
        gateway = gateway_named(subscription.provider)
        if gateway is None:
            raise actions.BillingRefused(
                "Please write to the care team about your payment details."
            )
        url = gateway.payment_details_url(
            subscription, return_url=request.build_absolute_uri(reverse("billing:plan"))
        )
    except (actions.BillingRefused, PaymentProviderError) as problem:
        messages.error(request, str(problem))
        return redirect("billing:plan")
    return redirect(url)


@role_required(Role.COORDINATOR)
@require_GET
def patient_billing(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A coordinator answering a billing question: plan, invoices, provider events."""
    patient = access_patient(
        signed_in(request), public_id, scope=Scope.DEMOGRAPHICS, action="billing.patient_viewed"
    )
    context = _plan_context(patient)
    context["events"] = PaymentEvent.objects.filter(subscription__patient=patient)[:30]
    context["statuses"] = SubscriptionStatus
    return render(request, "billing/patient_billing.html", context)
