"""The record's exports on the web: the patient's "Download my whole record" and the
administrator's exports. Each view parses, calls one verb of records/exports.py, renders."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import require_recent_auth, role_required, signed_in
from accounts.models import User
from accounts.roles import Role
from audit.events import record_event
from content.rendering import render_markdown
from patients.access import Scope
from patients.models import Patient
from patients.portal import patient_page
from records import exports as verbs
from records.export import DOCUMENTATION
from records.forms import PATIENT, ExportForm
from records.models import ExportKind, ExportState, RecordExport
from records.sealed import SealBroken

# The readable document opens in the browser to be read and printed, walled off from the
# practice's pages: no scripts, no requests, only its own inline styles.
SANDBOX = "sandbox allow-modals; default-src 'none'; style-src 'unsafe-inline'"


def _no_store(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def format_documentation(request: HttpRequest) -> HttpResponse:
    """docs/ehi-export.md as a public page: what every export holds and how it is laid out,
    linked from the exports themselves (a certified export's format must be documented)."""
    text = (settings.BASE_DIR / "docs" / DOCUMENTATION).read_text(encoding="utf-8")
    title, _newline, body = text.partition("\n")
    return render(
        request,
        "records/format.html",
        {"title": title.lstrip("# "), "documentation": render_markdown(body)},
    )


@never_cache
@patient_page(scope=Scope.CLINICAL, action="records.own_record_page_viewed")
@require_http_methods(["GET", "POST"])
def my_record(request: HttpRequest, patient: Patient) -> HttpResponse:
    """Download my whole record: ask, see it being prepared, then download it."""
    status = 200
    refusal: list[str] = []
    if request.method == "POST":
        try:
            verbs.do_ask_for_own_record(patient, by=signed_in(request))
        except verbs.ExportsRefused as refused:
            refusal = refused.reasons
            status = 429 if "too_often" in refused.codes else 409
        else:
            messages.success(
                request,
                _("Thank you: your record is being prepared. We will email you when it is ready."),
            )
            return redirect("records:my_record")
    copies = verbs.own_exports(patient)
    return render(
        request,
        "records/my_record.html",
        {
            "patient": patient,
            "copies": copies,
            "refusal": refusal,
            "preparing": any(copy.state in verbs.UNFINISHED for copy in copies),
            "days": settings.RECORD_EXPORT_DAYS,
        },
        status=status,
    )


def _gone(request: HttpRequest, export: RecordExport, back: str) -> HttpResponse:
    response = render(request, "records/expired.html", {"export": export, "back": back}, status=410)
    return response


def _download(export: RecordExport, slug: str) -> StreamingHttpResponse:
    filename, content_type = verbs.DOWNLOADS[slug]
    response = StreamingHttpResponse(verbs.opened(export, slug), content_type=content_type)
    if slug == "readable":
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        response["Content-Security-Policy"] = SANDBOX
    else:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    _no_store(response)
    return response


def _refuse(user: User, export: RecordExport | None, action: str) -> Http404:
    record_event(action, actor=user, target=export, patient=export.patient if export else None)
    return Http404("No such download")


@never_cache
@login_required
@require_GET
def my_record_file(request: HttpRequest, export_id: uuid.UUID, file: str) -> HttpResponseBase:
    """One of the patient's two downloads, to that patient only."""
    user = signed_in(request)
    export = (
        RecordExport.objects.select_related("patient")
        .filter(public_id=export_id, kind=ExportKind.OWN_RECORD)
        .first()
    )
    if export is None or export.patient is None or export.patient.user_id != user.pk:
        raise _refuse(user, export, "records.download_refused")
    if file not in ("bundle", "readable"):
        raise Http404("No such download")
    export = verbs.expire_if_due(export)
    record_event(
        "records.own_record_downloaded",
        actor=user,
        target=export,
        patient=export.patient,
        detail={"file": file, "state": export.state},
    )
    if export.state != ExportState.READY:
        return _no_store(_gone(request, export, "records:my_record"))
    try:
        return _download(export, file)
    except SealBroken:
        return _no_store(_gone(request, export, "records:my_record"))


@never_cache
@role_required(Role.ADMIN)
@require_recent_auth
@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    """The administrator's exports: start one, watch it being made, download it."""
    admin = signed_in(request)
    form = ExportForm()
    status = 200
    if request.method == "POST":
        form = ExportForm(request.POST)
        if form.is_valid():
            patient = None
            if form.cleaned_data["scope"] == PATIENT:
                patient = Patient.objects.filter(public_id=form.cleaned_data["patient_id"]).first()
                if patient is None:
                    form.add_error("patient_id", "No patient has this public id.")
            if not form.errors:
                try:
                    verbs.do_start_export(admin, patient)
                except verbs.ExportsRefused as refused:
                    for reason in refused.reasons:
                        form.add_error(None, reason)
                else:
                    messages.success(request, "The export has started: it is listed below.")
                    return redirect("records:exports")
        status = 400
    listed = verbs.exports_by(admin)
    record_event("records.exports_viewed", actor=admin, detail={"listed": len(listed)})
    return render(
        request,
        "records/exports.html",
        {
            "form": form,
            "exports": listed,
            "working": any(export.state in verbs.UNFINISHED for export in listed),
            "days": settings.RECORD_EXPORT_DAYS,
        },
        status=status,
    )


@never_cache
@role_required(Role.ADMIN)
@require_recent_auth
@require_GET
def export_file(request: HttpRequest, export_id: uuid.UUID) -> HttpResponseBase:
    """An administrator's export, opened and zipped, to the administrator who made it."""
    admin = signed_in(request)
    export = (
        RecordExport.objects.select_related("patient")
        .filter(public_id=export_id)
        .exclude(kind=ExportKind.OWN_RECORD)
        .first()
    )
    if export is None or export.requested_by_id != admin.pk:
        raise _refuse(admin, export, "records.download_refused")
    export = verbs.expire_if_due(export)
    record_event(
        "records.export_downloaded",
        actor=admin,
        target=export,
        patient=export.patient,
        detail={"kind": export.kind, "state": export.state},
    )
    if export.state != ExportState.READY:
        return _no_store(_gone(request, export, "records:exports"))
    try:
        return _download(export, "archive")
    except SealBroken:
        return _no_store(_gone(request, export, "records:exports"))
