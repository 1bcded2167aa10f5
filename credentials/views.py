"""Clinicians' licences and DEA registrations: administrators record and renew them,
and each clinician sees their own, with a warning before one stops counting.

The administrator's pages ask "confirm it's you" first; every change goes through a
verb in credentials.actions, which writes the audit event.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import require_recent_auth, role_required, signed_in
from accounts.models import User
from accounts.roles import Role
from credentials import actions as credentials
from credentials.forms import DeaRegistrationForm, LicenceForm, RenewalForm
from credentials.models import DeaRegistration, Licence

Save = Callable[[Any], Any]


def _form_page(
    request: HttpRequest, form: Any, *, title: str, intro: str, save: Save, done: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except credentials.CredentialRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, done)
            return redirect("credentials:credentials")
    return render(
        request,
        "credentials/form.html",
        {"form": form, "title": title, "intro": intro},
        status=400 if form.is_bound and form.errors else 200,
    )


def _clinician(clinician_id: int) -> User:
    clinician = User.objects.filter(pk=clinician_id, role_grants__role=Role.CLINICIAN).first()
    if clinician is None:
        raise Http404("No such clinician")
    return clinician


def _bound(form_class: type, request: HttpRequest) -> Any:
    return form_class(request.POST if request.method == "POST" else None)


@role_required(Role.ADMIN)
@require_recent_auth
@require_GET
def clinician_credentials(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    clinicians = [
        (clinician, credentials.credentials_of(clinician, today))
        for clinician in credentials.clinicians_with_credentials()
    ]
    return render(
        request,
        "credentials/list.html",
        {"clinicians": clinicians, "warning_days": credentials.WARNING_DAYS},
    )


@role_required(Role.ADMIN)
@require_recent_auth
@require_http_methods(["GET", "POST"])
def add_licence(request: HttpRequest, clinician_id: int) -> HttpResponse:
    clinician = _clinician(clinician_id)
    return _form_page(
        request,
        _bound(LicenceForm, request),
        title=f"Add a state licence for {clinician}",
        intro="The licence counts up to the day before its expiry date.",
        save=lambda data: credentials.do_record_licence(clinician, by=signed_in(request), **data),
        done=f"The licence is recorded for {clinician}.",
    )


@role_required(Role.ADMIN)
@require_recent_auth
@require_http_methods(["GET", "POST"])
def add_dea_registration(request: HttpRequest, clinician_id: int) -> HttpResponse:
    clinician = _clinician(clinician_id)
    return _form_page(
        request,
        _bound(DeaRegistrationForm, request),
        title=f"Add a DEA registration for {clinician}",
        intro="The registration counts up to the day before its expiry date. Ketamine "
        "needs Schedule III non-narcotic (3N).",
        save=lambda data: credentials.do_record_dea_registration(
            clinician, by=signed_in(request), **data
        ),
        done=f"The DEA registration is recorded for {clinician}.",
    )


@role_required(Role.ADMIN)
@require_recent_auth
@require_http_methods(["GET", "POST"])
def renew_licence(request: HttpRequest, licence_id: int) -> HttpResponse:
    licence = Licence.objects.select_related("clinician").filter(pk=licence_id).first()
    if licence is None:
        raise Http404("No such licence")
    return _form_page(
        request,
        _bound(RenewalForm, request),
        title=f"Renew {licence.clinician}'s {licence.state} licence {licence.number}",
        intro=f"It expires on {licence.expires_on:%m/%d/%Y} now.",
        save=lambda data: credentials.do_renew_licence(licence, by=signed_in(request), **data),
        done="The licence's new expiry date is recorded.",
    )


@role_required(Role.ADMIN)
@require_recent_auth
@require_http_methods(["GET", "POST"])
def renew_dea_registration(request: HttpRequest, registration_id: int) -> HttpResponse:
    registration = (
        DeaRegistration.objects.select_related("clinician").filter(pk=registration_id).first()
    )
    if registration is None:
        raise Http404("No such DEA registration")
    return _form_page(
        request,
        _bound(RenewalForm, request),
        title=f"Renew {registration.clinician}'s DEA registration {registration.number} "
        f"({registration.state})",
        intro=f"It expires on {registration.expires_on:%m/%d/%Y} now.",
        save=lambda data: credentials.do_renew_dea_registration(
            registration, by=signed_in(request), **data
        ),
        done="The DEA registration's new expiry date is recorded.",
    )


@role_required(Role.CLINICIAN)
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    """The clinician's own licences and DEA registrations."""
    today = timezone.localdate()
    user = signed_in(request)
    clinician = User.objects.prefetch_related("licences", "dea_registrations").get(pk=user.pk)
    return render(
        request,
        "credentials/profile.html",
        {"credentials": credentials.credentials_of(clinician, today)},
    )
