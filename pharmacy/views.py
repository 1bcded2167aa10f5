"""The pharmacist's pages and the patient's orders: thin, every patient fetched through
`access_patient` (the pharmacist with the pharmacy scope, which opens no notes or messages)."""

import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import require_recent_auth, role_required, signed_in
from accounts.roles import Role
from audit.events import record_event
from care.models import Prescription, PrescriptionStatus
from care.records import current_prescription
from credentials.actions import licensed_states
from credentials.models import DeaRegistration, Licence
from foundation.replica import reads_from_replica
from patients.access import Scope, access_patient
from patients.models import Patient
from patients.portal import patient_page
from pharmacy import actions, records
from pharmacy.forms import DeclineForm, DeliveryEventForm, FillForm, MonthForm, ShipForm
from pharmacy.models import Fill, FillStatus, RefillRequest, Shipment

pharmacist_only = role_required(Role.PHARMACIST)


def _fill_for_pharmacist(request: HttpRequest, fill_id: uuid.UUID, action: str) -> Fill:
    fill = (
        Fill.objects.select_related("prescription__patient", "prescription__prescriber")
        .filter(public_id=fill_id)
        .first()
    )
    if fill is None:
        raise Http404("No such order")
    access_patient(
        signed_in(request), fill.prescription.patient.public_id, scope=Scope.PHARMACY, action=action
    )
    return fill


@pharmacist_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    queue = records.fill_queue()
    record_event("pharmacy.queue_viewed", actor=request.user, detail={"items": len(queue.items)})
    return render(
        request,
        "pharmacy/queue.html",
        {"items": queue.items, "more": queue.more, "most_per_kind": records.MOST_PER_KIND},
    )


@pharmacist_only
@require_POST
def start(request: HttpRequest, prescription_id: uuid.UUID) -> HttpResponse:
    prescription = Prescription.objects.filter(public_id=prescription_id).first()
    if prescription is None:
        raise Http404("No such prescription")
    access_patient(
        signed_in(request),
        prescription.patient.public_id,
        scope=Scope.PHARMACY,
        action="pharmacy.order_started",
    )
    try:
        fill = actions.do_queue_original_fill(prescription)
    except actions.PharmacyRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
        return redirect("pharmacy:queue")
    return redirect("pharmacy:order", fill.public_id)


def _order_page(
    request: HttpRequest, fill: Fill, *, forms: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    prescription = fill.prescription
    patient = prescription.patient
    today = timezone.localdate()
    shipment = Shipment.objects.filter(fill=fill).prefetch_related("events").first()
    context = {
        "fill": fill,
        "prescription": prescription,
        "patient": patient,
        "reasons": actions.check_fill(fill) if fill.status != FillStatus.SHIPPED else [],
        "licences": Licence.objects.filter(
            clinician_id=prescription.prescriber_id, state=patient.state
        ),
        "registrations": DeaRegistration.objects.filter(
            clinician_id=prescription.prescriber_id, state=patient.state
        ),
        "today": today,
        "shipment": shipment,
        "fill_form": FillForm(initial={"quantity": prescription.quantity}),
        "ship_form": ShipForm(),
        "event_form": DeliveryEventForm(),
        **(forms or {}),
    }
    return render(request, "pharmacy/order.html", context, status=status)


@pharmacist_only
@require_GET
def order(request: HttpRequest, fill_id: uuid.UUID) -> HttpResponse:
    fill = _fill_for_pharmacist(request, fill_id, "pharmacy.order_viewed")
    return _order_page(request, fill)


def _refused(request: HttpRequest, fill: Fill, refused: actions.PharmacyRefused) -> HttpResponse:
    for reason in refused.reasons:
        messages.error(request, reason)
    return redirect("pharmacy:order", fill.public_id)


@pharmacist_only
@require_POST
def verify(request: HttpRequest, fill_id: uuid.UUID) -> HttpResponse:
    fill = _fill_for_pharmacist(request, fill_id, "pharmacy.order_viewed")
    try:
        actions.do_verify_fill(fill, by=signed_in(request))
    except actions.PharmacyRefused as refused:
        return _refused(request, fill, refused)
    messages.success(request, "Order verified.")
    return redirect("pharmacy:order", fill.public_id)


def _act_on_order(
    request: HttpRequest,
    fill: Any,
    form: Any,
    form_name: str,
    act: Callable[..., Any],
    done: str,
) -> HttpResponse:
    """Run one pharmacy verb from a posted form: refusals go back beside the form, with
    what was typed; success returns to the order."""
    if form.is_valid():
        try:
            act(by=request.user, **form.cleaned_data)
        except actions.PharmacyRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, done)
            return redirect("pharmacy:order", fill.public_id)
    return _order_page(request, fill, forms={form_name: form}, status=400)


@pharmacist_only
@require_POST
def fill_order(request: HttpRequest, fill_id: uuid.UUID) -> HttpResponse:
    fill = _fill_for_pharmacist(request, fill_id, "pharmacy.order_viewed")
    return _act_on_order(
        request,
        fill,
        FillForm(request.POST),
        "fill_form",
        partial(actions.do_fill, fill),
        "Order filled. Print the label and leaflet.",
    )


@pharmacist_only
@require_POST
def ship(request: HttpRequest, fill_id: uuid.UUID) -> HttpResponse:
    fill = _fill_for_pharmacist(request, fill_id, "pharmacy.order_viewed")
    return _act_on_order(
        request,
        fill,
        ShipForm(request.POST),
        "ship_form",
        partial(actions.do_ship, fill),
        "Order shipped; the patient has been told.",
    )


@pharmacist_only
@require_POST
def delivery_event(request: HttpRequest, fill_id: uuid.UUID) -> HttpResponse:
    fill = _fill_for_pharmacist(request, fill_id, "pharmacy.order_viewed")
    shipment = Shipment.objects.filter(fill=fill).first()
    if shipment is None:
        raise Http404("Not shipped")
    return _act_on_order(
        request,
        fill,
        DeliveryEventForm(request.POST),
        "event_form",
        partial(actions.do_record_delivery_event, shipment),
        "Event recorded.",
    )


@pharmacist_only
@require_GET
def label(request: HttpRequest, fill_id: uuid.UUID) -> HttpResponse:
    fill = _fill_for_pharmacist(request, fill_id, "pharmacy.label_printed")
    if fill.status not in (FillStatus.FILLED, FillStatus.SHIPPED):
        raise Http404("Not filled yet")
    return render(
        request,
        "pharmacy/label.html",
        {"fill": fill, "prescription": fill.prescription, "patient": fill.prescription.patient},
    )


# The controlled-substance dispensing record: the pharmacist's, and the administrator's
# for inspections.
dispensing_roles = role_required(Role.PHARMACIST, Role.ADMIN)


def _dispensing_form(
    request: HttpRequest, form: MonthForm, patient: Patient | None
) -> HttpResponse:
    user = signed_in(request)
    return render(
        request,
        "pharmacy/dispensing.html",
        {"form": form, "patient": patient, "is_pharmacist": Role.PHARMACIST in user.roles},
        status=400 if form.is_bound else 200,
    )


def _dispensing_csv(fills: list[Fill], name: str) -> HttpResponse:
    response = HttpResponse(records.dispensing_csv(fills), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@reads_from_replica
@dispensing_roles
@require_recent_auth
@require_http_methods(["GET"])
def dispensing_record(request: HttpRequest) -> HttpResponse:
    form = MonthForm(request.GET or None)
    if not form.is_valid():
        return _dispensing_form(request, form, None)
    year, month = (int(part) for part in form.cleaned_data["month"].split("-"))
    fills = list(records.dispensed_in(year, month))
    for patient_id in sorted({fill.prescription.patient.public_id for fill in fills}):
        access_patient(
            signed_in(request),
            patient_id,
            scope=Scope.PHARMACY,
            action="pharmacy.dispensing_exported",
        )
    return _dispensing_csv(fills, f"dispensing-{year:04d}-{month:02d}")


@dispensing_roles
@require_recent_auth
@require_http_methods(["GET"])
def patient_dispensing_record(request: HttpRequest, patient_id: uuid.UUID) -> HttpResponse:
    """One patient's dispensing record for a month, as CSV."""
    form = MonthForm(request.GET or None)
    valid = form.is_valid()
    patient = access_patient(
        signed_in(request),
        patient_id,
        scope=Scope.PHARMACY,
        action="pharmacy.dispensing_exported" if valid else "pharmacy.dispensing_opened",
    )
    if not valid:
        return _dispensing_form(request, form, patient)
    year, month = (int(part) for part in form.cleaned_data["month"].split("-"))
    fills = list(records.dispensed_in(year, month).filter(prescription__patient=patient))
    return _dispensing_csv(fills, f"dispensing-{year:04d}-{month:02d}-{patient.public_id}")


# --- The patient's orders ---------------------------------------------------------------


@patient_page(scope=Scope.PHARMACY, action="pharmacy.orders_viewed")
@require_GET
def orders(request: HttpRequest, patient: Patient) -> HttpResponse:
    prescriptions = (
        Prescription.objects.filter(patient=patient)
        .prefetch_related("fills__shipment", "refill_requests")
        .order_by("-issued_at")
    )
    return render(
        request,
        "pharmacy/orders.html",
        {"patient": patient, "prescriptions": prescriptions, "SIGNED": PrescriptionStatus.SIGNED},
    )


@patient_page(scope=Scope.PHARMACY, action="pharmacy.refill_asked")
@require_POST
def ask_for_refill(
    request: HttpRequest, patient: Patient, prescription_id: uuid.UUID
) -> HttpResponse:
    prescription = Prescription.objects.filter(public_id=prescription_id, patient=patient).first()
    if prescription is None:
        raise Http404("No such prescription")
    if prescription != current_prescription(patient):
        messages.error(request, _("Only your current prescription can be refilled."))
        return redirect("pharmacy:orders")
    asked = actions.do_request_refill(patient, by=signed_in(request))
    if not asked.allowed:
        for reason in asked.decision.reasons:
            messages.error(request, _(reason))
    else:
        messages.success(request, _("Your request is with your clinician. We will let you know."))
    return redirect("pharmacy:orders")


# --- The clinician's refill decisions ------------------------------------------------------

clinician_only = role_required(Role.CLINICIAN)


@clinician_only
@require_GET
def refills(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    waiting = records.refills_awaiting(licensed_states(user.pk))
    record_event("pharmacy.refills_viewed", actor=user, detail={"items": len(waiting)})
    return render(request, "pharmacy/refills.html", {"requests": waiting})


def _refill_for_clinician(request: HttpRequest, request_id: uuid.UUID) -> RefillRequest:
    refill = (
        RefillRequest.objects.select_related("prescription__patient")
        .filter(public_id=request_id)
        .first()
    )
    if refill is None:
        raise Http404("No such request")
    access_patient(
        signed_in(request),
        refill.prescription.patient.public_id,
        scope=Scope.CLINICAL,
        action="pharmacy.refill_request_viewed",
    )
    return refill


@clinician_only
@require_recent_auth  # the decision page itself, so the approval is one click
@require_http_methods(["GET", "POST"])
def refill_request(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    refill = _refill_for_clinician(request, request_id)
    form = DeclineForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.do_decline_refill(
                    refill, by=signed_in(request), reason=form.cleaned_data["reason"]
                )
            except actions.PharmacyRefused as refused:
                for reason in refused.reasons:
                    form.add_error(None, reason)
            else:
                messages.success(request, "Refill declined; the patient will see your reason.")
                return redirect("pharmacy:refills")
        status = 400
    patient = refill.prescription.patient
    return render(
        request,
        "pharmacy/refill_request.html",
        {
            "refill": refill,
            "prescription": refill.prescription,
            "patient": patient,
            "flags": [FLAG_WORDS.get(flag, flag) for flag in refill.flags],
            "fills": refill.prescription.fills.filter(filled_at__isnull=False),
            "form": form,
            **records.recent_journal(patient),
        },
        status=status,
    )


FLAG_WORDS = {
    "early_refill": "Early: less than three quarters of the fill on hand has been taken.",
}


@clinician_only
@require_recent_auth
@require_POST
def approve_refill(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    refill = _refill_for_clinician(request, request_id)
    try:
        actions.do_approve_refill(
            refill.prescription.patient, by=signed_in(request), request=refill
        )
    except actions.PharmacyRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
        return redirect("pharmacy:refill_request", refill.public_id)
    messages.success(request, "Refill approved; the pharmacy has it.")
    return redirect("pharmacy:refills")
