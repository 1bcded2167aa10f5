"""The payment provider's webhook, and the local gateway's checkout and card pages."""

from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import signed_in
from billing.models import Invoice, InvoiceStatus, Subscription
from billing.webhooks import receive_webhook
from foundation.forms import PortalForm
from integrations.payments import stripe_configured
from integrations.payments.base import WebhookRejected
from integrations.payments.local_gateway import TEST_CARDS, CardDeclined, LocalGateway


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, provider: str) -> HttpResponse:
    """Signed events from the provider. A bad signature changes nothing (400); a
    replayed event is acknowledged and changes nothing (200)."""
    try:
        _, new = receive_webhook(
            provider, request.body, request.headers.get("Stripe-Signature", "")
        )
    except WebhookRejected:
        return JsonResponse({"received": False}, status=400)
    return JsonResponse({"received": True, "duplicate": not new})


# The local gateway's own pages --------------------------------------------------------


class CardForm(PortalForm):
    card_number = forms.CharField(
        label="Card number",
        max_length=30,
        help_text="Test mode: no real card is charged and no number is kept.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "Enter one of the test card numbers."},
    )


def _local_only() -> LocalGateway:
    if stripe_configured():
        raise Http404("The local payment pages are off while Stripe is configured.")
    return LocalGateway()


def _safe(url: str, request: HttpRequest) -> str:
    allowed = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
    return url if allowed else "/"


def _subscription_for(request: HttpRequest, reference: str) -> Subscription:
    user = signed_in(request)
    subscription = (
        Subscription.objects.select_related("plan", "patient").filter(public_id=reference).first()
    )
    if subscription is None or subscription.patient.user_id != user.pk:
        raise Http404("No such checkout")
    return subscription


def _deliver(events: list[tuple[str, str]]) -> None:
    """Send the gateway's events through the same webhook path Stripe's take."""
    for payload, signature in events:
        receive_webhook("local", payload.encode(), signature)


def _card_page(
    request: HttpRequest,
    subscription: Subscription,
    pay: Callable[[str], list[tuple[str, str]]],
    *,
    done: str,
    cancel: str,
    title: str,
    button: str,
) -> HttpResponse:
    """The local gateway's card form: a declined test card is said next to the field."""
    form = CardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            events = pay(form.cleaned_data["card_number"])
        except CardDeclined as problem:
            form.add_error("card_number", problem.message)
        else:
            _deliver(events)
            return redirect(_safe(done, request))
    return render(
        request,
        "billing/local_checkout.html",
        {
            "form": form,
            "plan": subscription.plan,
            "cards": TEST_CARDS,
            "cancel_url": _safe(cancel, request),
            "title": title,
            "button": button,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def local_checkout(request: HttpRequest, token: str) -> HttpResponse:
    gateway = _local_only()
    try:
        data = gateway.read_token(token)
    except WebhookRejected:
        raise Http404("This checkout link has expired.") from None
    subscription = _subscription_for(request, data["reference"])
    return _card_page(
        request,
        subscription,
        lambda card: gateway.complete_checkout(
            reference=str(subscription.public_id), plan=subscription.plan, card=card
        ),
        done=data["success"],
        cancel=data["cancel"],
        title="Pay for your plan",
        button=f"Pay {subscription.plan.price_display}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def local_payment_details(request: HttpRequest, token: str) -> HttpResponse:
    gateway = _local_only()
    try:
        data = gateway.read_token(token)
    except WebhookRejected:
        raise Http404("This link has expired.") from None
    subscription = _subscription_for(request, data["reference"])
    overdue = (
        Invoice.objects.filter(subscription=subscription, status=InvoiceStatus.FAILED)
        .order_by("-period_start", "-issued_at")
        .first()
    )
    return _card_page(
        request,
        subscription,
        lambda card: gateway.pay_overdue(subscription, overdue, card=card) if overdue else [],
        done=data["success"],
        cancel=data["success"],
        title="Update your payment details",
        button=f"Save and pay {overdue.amount_display}" if overdue else "Save",
    )
