"""Booking, moving, cancelling and joining video visits; clinicians' availability."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required, signed_in
from accounts.roles import Role
from audit.events import record_event
from care import consults
from care.forms import AvailabilityForm, SlotForm, ZoneForm
from care.models import ClinicianAvailability, Consult, ConsultStatus
from care.times import STAFF_ZONE_SESSION_KEY, describe, viewer_zone, zone_name
from integrations.video import video_rooms
from patients.access import Scope, access_patient
from patients.models import Patient
from patients.portal import patient_page


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """Render with every time in the viewer's own zone."""
    where = viewer_zone(request)
    with timezone.override(where):
        return render(
            request,
            template,
            {**context, "viewer_zone": where, "viewer_zone_name": _(zone_name(where))},
            status=status,
        )


def _access_consult(request: HttpRequest, consult_id: uuid.UUID) -> Consult:
    consult = (
        Consult.objects.select_related("patient", "clinician").filter(public_id=consult_id).first()
    )
    if consult is None:
        raise Http404("No such visit")
    access_patient(
        signed_in(request),
        consult.patient.public_id,
        scope=Scope.DEMOGRAPHICS,
        action="care.consult_viewed",
    )
    return consult


@patient_page(action="care.booking_viewed")
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, patient: Patient) -> HttpResponse:
    upcoming = consults.upcoming_consult(patient)
    if upcoming is not None:
        return redirect("care:consult", consult_id=upcoming.public_id)
    blockers = consults.check_can_book(patient)
    where = viewer_zone(request)
    if blockers:
        return _render(request, "care/book.html", {"blockers": blockers, "patient": patient})
    slots = consults.open_slots(patient)
    form = SlotForm(request.POST if request.method == "POST" else None, slots=slots, where=where)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consult = consults.do_book_consult(
                    patient, form.cleaned_data["slot"], by=signed_in(request)
                )
            except consults.BookingRefused as problem:
                form.add_error("slot" if problem.field else None, _(problem.message))
            else:
                messages.success(
                    request, _("Your video visit is booked. We have emailed you the time.")
                )
                return redirect("care:consult", consult_id=consult.public_id)
        status = 400
    return _render(
        request,
        "care/book.html",
        {"form": form, "groups": form.grouped(), "patient": patient},
        status=status,
    )


@login_required
@require_GET
def consult(request: HttpRequest, consult_id: uuid.UUID) -> HttpResponse:
    visit = _access_consult(request, consult_id)
    user = signed_in(request)
    is_patient = visit.patient.user_id == user.pk
    opens, _closes = consults.join_window(visit)
    return _render(
        request,
        "care/consult.html",
        {
            "consult": visit,
            "is_patient": is_patient,
            "may_join": consults.may_join(user, visit),
            "join_open": consults.is_join_open(visit),
            "join_opens": opens,
            "can_change": consults.can_change(visit)
            or (visit.is_booked and bool(user.roles & {Role.COORDINATOR, Role.CLINICIAN})),
            "when": describe(visit.starts_at, viewer_zone(request)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, consult_id: uuid.UUID) -> HttpResponse:
    visit = _access_consult(request, consult_id)
    user = signed_in(request)
    is_staff = bool(user.roles & {Role.COORDINATOR, Role.CLINICIAN})
    if not visit.is_booked or not (is_staff or consults.can_change(visit)):
        messages.error(
            request,
            _("This visit can no longer be moved online. Please message the care team."),
        )
        return redirect("care:consult", consult_id=visit.public_id)
    slots = consults.open_slots(visit.patient, exclude=visit)
    form = SlotForm(
        request.POST if request.method == "POST" else None, slots=slots, where=viewer_zone(request)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consults.do_reschedule_consult(visit, form.cleaned_data["slot"], by=user)
            except consults.BookingRefused as problem:
                form.add_error("slot" if problem.field else None, _(problem.message))
            else:
                messages.success(
                    request, _("Your video visit has moved. We have emailed you the new time.")
                )
                return redirect("care:consult", consult_id=visit.public_id)
        status = 400
    return _render(
        request,
        "care/reschedule.html",
        {
            "consult": visit,
            "form": form,
            "groups": form.grouped(),
            "when": describe(visit.starts_at, viewer_zone(request)),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, consult_id: uuid.UUID) -> HttpResponse:
    visit = _access_consult(request, consult_id)
    if request.method == "POST":
        try:
            consults.do_cancel_consult(visit, by=signed_in(request))
        except consults.BookingRefused as problem:
            messages.error(request, _(problem.message))
            return redirect("care:consult", consult_id=visit.public_id)
        messages.success(request, _("The video visit is cancelled."))
        user = signed_in(request)
        if visit.patient.user_id == user.pk:
            return redirect("workspace:home")
        return redirect("care:consult", consult_id=visit.public_id)
    return _render(
        request,
        "care/cancel.html",
        {"consult": visit, "when": describe(visit.starts_at, viewer_zone(request))},
    )


@login_required
@require_GET
def join(request: HttpRequest, consult_id: uuid.UUID) -> HttpResponse:
    """Hands out the room link: only to the visit's patient and clinician, only in its window."""
    visit = Consult.objects.select_related("patient").filter(public_id=consult_id).first()
    user = signed_in(request)
    if visit is None or not consults.may_join(user, visit):
        if visit is not None:
            record_event(
                "care.consult_join_refused",
                actor=user,
                target=visit,
                patient=visit.patient,
                detail={"reason": "not a participant"},
            )
        raise Http404("No such visit")
    if not consults.is_join_open(visit):
        record_event(
            "care.consult_join_refused",
            actor=user,
            target=visit,
            patient=visit.patient,
            detail={"reason": "outside the visit's window"},
        )
        opens, _closes = consults.join_window(visit)
        return _render(
            request,
            "care/join_closed.html",
            {
                "consult": visit,
                "opens": opens,
                "when": describe(visit.starts_at, viewer_zone(request)),
            },
            status=403,
        )
    record_event("care.consult_joined", actor=user, target=visit, patient=visit.patient)
    return redirect(video_rooms().room_url(visit.video_room))


# Clinicians and coordinators -----------------------------------------------------------


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def availability(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    record_event("care.availability_viewed", actor=user)
    where = viewer_zone(request)
    form = AvailabilityForm(
        request.POST if request.method == "POST" else None, initial={"time_zone": where.key}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                consults.do_publish_availability(
                    user,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                )
            except consults.BookingRefused as problem:
                form.add_error(problem.field, problem.message)
            else:
                request.session[STAFF_ZONE_SESSION_KEY] = form.cleaned_data["time_zone"]
                messages.success(request, "Your availability is published.")
                return redirect("care:availability")
        status = 400
    now = timezone.now()
    return _render(
        request,
        "care/availability.html",
        {
            "form": form,
            "blocks": ClinicianAvailability.objects.filter(clinician=user, ends_at__gt=now),
            "booked": Consult.objects.filter(
                clinician=user, status=ConsultStatus.BOOKED, ends_at__gt=now
            ).select_related("patient"),
            "zone_form": ZoneForm(initial={"time_zone": where.key}),
        },
        status=status,
    )


@role_required(Role.CLINICIAN)
@require_POST
def withdraw_availability(request: HttpRequest, block_id: int) -> HttpResponse:
    block = get_object_or_404(ClinicianAvailability, pk=block_id, clinician=request.user)
    consults.do_withdraw_availability(block, by=signed_in(request))
    messages.success(request, "That time is withdrawn. Visits already booked in it stay booked.")
    return redirect("care:availability")


@role_required(Role.COORDINATOR, Role.CLINICIAN)
@require_GET
def schedule(request: HttpRequest) -> HttpResponse:
    """Upcoming visits: every visit for a coordinator, a clinician's own for a clinician."""
    user = signed_in(request)
    record_event("care.schedule_viewed", actor=user)
    upcoming = Consult.objects.filter(
        status=ConsultStatus.BOOKED, ends_at__gt=timezone.now()
    ).select_related("patient__user", "clinician")
    if Role.COORDINATOR not in user.roles:
        upcoming = upcoming.filter(clinician=user)
    upcoming = upcoming[:200]
    return _render(
        request,
        "care/schedule.html",
        {
            "consults": upcoming,
            "zone_form": ZoneForm(initial={"time_zone": viewer_zone(request).key}),
        },
    )


@role_required(Role.CLINICIAN, Role.COORDINATOR)
@require_POST
def choose_zone(request: HttpRequest) -> HttpResponse:
    form = ZoneForm(request.POST)
    if form.is_valid():
        request.session[STAFF_ZONE_SESSION_KEY] = form.cleaned_data["time_zone"]
    back = request.POST.get("next", "")
    local_path = back.startswith("/") and not back.startswith("//")
    if not local_path or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}
    ):
        back = "/"
    return HttpResponseRedirect(back)
