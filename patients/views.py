"""The patient portal (joining, profile, monitor, ID, consents, messages) and the staff
pages that serve it. Each view parses, calls one verb, renders."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required, signed_in
from accounts.models import User
from accounts.roles import Role
from audit.events import record_event
from credentials.actions import licensed_states
from patients import actions
from patients.access import Scope, access_patient, can_access
from patients.consents import (
    current_document,
    current_documents,
    current_signatures,
    unsigned_documents,
)
from patients.forms import (
    ConsentSignatureForm,
    IdentityReviewForm,
    IdentityUploadForm,
    MonitorForm,
    NewThreadForm,
    ProfileForm,
    ReplyForm,
    TriageForm,
)
from patients.joining import claim_from_session, completed_assessment, joinable
from patients.models import (
    Consent,
    ConsentKind,
    IdentityDocument,
    IdentityStatus,
    MessageThread,
    MessageTopic,
    Patient,
    TreatmentMonitor,
)
from patients.portal import patient_page
from patients.rules import format_phone
from patients.text import monitor_guide, monitor_guide_es, render_markdown

# Joining ------------------------------------------------------------------------------


@never_cache  # it speaks of the outcome of the visitor's assessment
@require_GET
def join(request: HttpRequest) -> HttpResponse:
    """Explains joining, then sends the visitor to sign up (or in); see patients.joining."""
    user = request.user
    assessment = completed_assessment(request)
    if isinstance(user, User):  # signed in
        if claim_from_session(request, user) is not None:
            return redirect("workspace:home")
        if Patient.objects.filter(user=user).exists():
            return redirect("workspace:home")
    if joinable(assessment):
        record_event(
            "assessment.result_viewed", actor=user, target=assessment, detail={"page": "join"}
        )
    dashboard = reverse("workspace:home")
    return render(
        request,
        "patients/join.html",
        {
            "assessment": assessment if joinable(assessment) else None,
            "signup_url": f"{reverse('account_signup')}?next={dashboard}",
            "login_url": f"{reverse('account_login')}?next={reverse('patients:join')}",
        },
    )


# Dashboard and profile -------------------------------------------------------------------


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    return render(request, template, context, status=status)


@patient_page(action="patient.profile_viewed")
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, patient: Patient) -> HttpResponse:
    assessment_dob = actions.assessment_date_of_birth(patient)
    if request.method == "GET":
        form = ProfileForm(initial=ProfileForm.initial_for(patient), assessment_dob=assessment_dob)
        return _form_page(request, "patients/profile.html", {"form": form, "patient": patient})
    form = ProfileForm(request.POST, assessment_dob=assessment_dob)
    if form.is_valid():
        data = form.cleaned_data
        change = actions.ProfileChange(
            **{
                name: data[name]
                for name in actions.ProfileChange.__dataclass_fields__
                if name != "date_of_birth_differs"
            },
            date_of_birth_differs=data["date_of_birth_differs"],
        )
        try:
            actions.do_update_profile(patient, change, by=signed_in(request))
        except actions.PatientRuleError as problem:
            form.add_error(problem.field, problem.message)
        else:
            messages.success(request, _("Your details are saved."))
            return redirect("workspace:home")
    return _form_page(
        request, "patients/profile.html", {"form": form, "patient": patient}, status=400
    )


# Treatment monitor -------------------------------------------------------------------


@patient_page(action="patient.monitor_viewed")
@require_http_methods(["GET", "POST"])
def monitor(request: HttpRequest, patient: Patient) -> HttpResponse:
    current = TreatmentMonitor.objects.filter(patient=patient).first()
    guide_version = monitor_guide()[2]
    if request.method == "GET":
        initial = {}
        if current is not None:
            initial = {
                "name": current.name,
                "relationship": current.relationship,
                "phone": format_phone(current.phone),
                "confirmed_adult": current.confirmed_adult,
                "guide_read": current.guide_version == guide_version,
            }
        form = MonitorForm(initial=initial)
        return render(request, "patients/monitor.html", {"form": form, "monitor": current})
    form = MonitorForm(request.POST)
    if form.is_valid():
        try:
            actions.do_name_monitor(patient, by=signed_in(request), **form.cleaned_data)
        except actions.PatientRuleError as problem:
            form.add_error(problem.field, problem.message)
        else:
            messages.success(request, _("Your treatment monitor is saved."))
            return redirect("workspace:home")
    return render(request, "patients/monitor.html", {"form": form, "monitor": current}, status=400)


@require_GET
def monitor_guide_page(request: HttpRequest) -> HttpResponse:
    """The monitor guide: no patient data, so anyone may read it (monitors have no account)."""
    title, body, version = monitor_guide()
    guide_language = ""
    if get_language() == "es":
        title, body = monitor_guide_es()
        guide_language = "es"
    return render(
        request,
        "patients/monitor_guide.html",
        {
            "title": title,
            "body": render_markdown(body),
            "version": version,
            "guide_language": guide_language,
        },
    )


# Photo ID -------------------------------------------------------------------------------


@patient_page(scope=Scope.IDENTITY, action="patient.identity_viewed")
@require_http_methods(["GET", "POST"])
def identity(request: HttpRequest, patient: Patient) -> HttpResponse:
    latest = actions.latest_identity_document(patient)
    form = IdentityUploadForm()
    status = 200
    if request.method == "POST":
        form = IdentityUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                actions.do_upload_id(patient, form.cleaned_data["document"], by=signed_in(request))
            except actions.PatientRuleError as problem:
                form.add_error(problem.field, problem.message)
            else:
                messages.success(request, _("Thank you: your ID is uploaded."))
                return redirect("workspace:home")
        status = 400
    return render(
        request,
        "patients/identity.html",
        {
            "form": form,
            "latest": latest,
            "can_upload": latest is None or latest.status != IdentityStatus.VERIFIED,
        },
        status=status,
    )


@login_required
@require_GET
def identity_file(request: HttpRequest, document_id: uuid.UUID) -> HttpResponseBase:
    """The only way an uploaded ID leaves storage: to its patient and to coordinators."""
    document = IdentityDocument.objects.filter(public_id=document_id).first()
    if document is None:
        raise Http404("No such document")
    access_patient(
        signed_in(request),
        document.patient.public_id,
        scope=Scope.IDENTITY,
        action="patient.identity_document_opened",
    )
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    extension = str(document.file.name).rsplit(".", 1)[-1]
    # A PDF is never opened inside the practice's pages: it is downloaded, sandboxed.
    disposition = "attachment" if document.content_type == "application/pdf" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="photo-id.{extension}"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.COORDINATOR)
@require_GET
def identity_queue(request: HttpRequest) -> HttpResponse:
    waiting = (
        IdentityDocument.objects.filter(status=IdentityStatus.SUBMITTED)
        .select_related("patient")
        .order_by("uploaded_at")
    )
    record_event("patient.identity_queue_viewed", actor=request.user)
    return render(request, "patients/identity_queue.html", {"documents": waiting})


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def identity_review(request: HttpRequest, document_id: uuid.UUID) -> HttpResponse:
    document = get_object_or_404(IdentityDocument, public_id=document_id)
    patient = access_patient(
        signed_in(request),
        document.patient.public_id,
        scope=Scope.IDENTITY,
        action="patient.identity_review_opened",
    )
    form = IdentityReviewForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == "verify":
                    actions.do_verify_id(document, by=signed_in(request))
                    messages.success(request, "The ID is marked verified.")
                else:
                    actions.do_ask_for_id_again(
                        document, by=signed_in(request), reason=form.cleaned_data["reason"]
                    )
                    messages.success(request, "The patient is asked to upload their ID again.")
            except actions.PatientRuleError as problem:
                messages.error(request, problem.message)
            return redirect("patients:identity_queue")
        status = 400
    return render(
        request,
        "patients/identity_review.html",
        {"document": document, "patient": patient, "form": form},
        status=status,
    )


# Consents ---------------------------------------------------------------------------------


@patient_page(action="patient.consents_viewed")
@require_GET
def consents(request: HttpRequest, patient: Patient) -> HttpResponse:
    documents = current_documents(get_language())
    signatures = current_signatures(patient)
    rows = [
        {
            "kind": kind,
            "document": documents.get(kind),
            "signed": kind in signatures,
            "signature": signatures.get(kind),
            "signed_note": _signed_note(signatures.get(kind)),
        }
        for kind in ConsentKind
    ]
    return render(
        request,
        "patients/consents.html",
        {"rows": rows, "patient": patient, "all_signed": all(row["signed"] for row in rows)},
    )


@patient_page(action="patient.consent_viewed")
@require_http_methods(["GET", "POST"])
def consent_sign(request: HttpRequest, patient: Patient, kind: str) -> HttpResponse:
    if kind not in ConsentKind.values:
        raise Http404("No such document")
    # The current version the patient signed, in the language they signed it; else the
    # current version in the language of the page.
    signature = current_signatures(patient).get(kind)
    document = signature.document if signature else current_document(kind, get_language())
    if document is None:
        raise Http404("No such document")
    form = ConsentSignatureForm(initial={"document_sha256": document.sha256})
    status = 200
    if request.method == "POST" and signature is None:
        form = ConsentSignatureForm(request.POST)
        if form.is_valid():
            try:
                actions.do_sign_consent(
                    patient,
                    document,
                    by=signed_in(request),
                    typed_name=form.cleaned_data["typed_name"],
                    shown_sha256=form.cleaned_data["document_sha256"],
                )
            except actions.PatientRuleError as problem:
                form.add_error(problem.field, problem.message)
                # A changed document: show the new one with its own hash to sign.
                shown = request.POST.copy()
                shown["document_sha256"] = document.sha256
                form.data = shown
            else:
                messages.success(request, _("Signed: %(title)s.") % {"title": document.title})
                return redirect(_next_unsigned_url(patient))
        status = 400
    return render(
        request,
        "patients/consent_sign.html",
        {
            "document": document,
            "body": render_markdown(document.body),
            "form": form,
            "signature": signature,
            "signed_note": _signed_note(signature),
            "patient": patient,
        },
        status=status,
    )


def _signed_note(signature: Consent | None) -> str:
    """Which language and version the patient signed, in the language of the page."""
    if signature is None:
        return ""
    # Spanish writes a language's name in lower case within a sentence.
    names = {"en": _("English"), "es": _("Spanish")}
    language = signature.document.language
    return _("Signed in %(language)s, version %(version)s.") % {
        "language": names.get(language) or get_language_info(language)["name_translated"],
        "version": signature.document.version,
    }


def _next_unsigned_url(patient: Patient) -> str:
    unsigned = unsigned_documents(patient)
    if unsigned:
        return reverse("patients:consent_sign", args=[unsigned[0].kind])
    return reverse("workspace:home")


# Messages ---------------------------------------------------------------------------------


def _staff_threads(user: User) -> QuerySet[MessageThread]:
    threads = MessageThread.objects.select_related("patient").order_by(
        "-awaiting_care_team", "-last_message_at"
    )
    if Role.COORDINATOR in user.roles:
        return threads
    return threads.filter(topic=MessageTopic.CLINICAL, patient__state__in=licensed_states(user.pk))


@login_required
@require_GET
def message_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if user.roles & {Role.COORDINATOR, Role.CLINICIAN}:
        record_event("patient.inbox_viewed", actor=user)
        show_closed = request.GET.get("show") == "closed"
        threads = _staff_threads(user).filter(is_open=not show_closed)[:200]
        return render(
            request,
            "patients/inbox.html",
            {"threads": threads, "show_closed": show_closed},
        )
    return _patient_threads(request)


@patient_page(scope=Scope.MESSAGES, action="patient.messages_viewed")
def _patient_threads(request: HttpRequest, patient: Patient) -> HttpResponse:
    threads = MessageThread.objects.filter(patient=patient)
    return render(request, "patients/messages.html", {"threads": threads, "patient": patient})


@patient_page(scope=Scope.MESSAGES, action="patient.messages_viewed")
@require_http_methods(["GET", "POST"])
def message_new(request: HttpRequest, patient: Patient) -> HttpResponse:
    form = NewThreadForm(
        request.POST if request.method == "POST" else None,
        initial={"topic": request.GET.get("topic", "")},
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                thread = actions.do_start_thread(
                    patient, by=signed_in(request), **form.cleaned_data
                )
            except actions.PatientRuleError as problem:
                form.add_error(problem.field, problem.message)
            else:
                messages.success(request, _("Your message is sent. The care team will reply here."))
                return redirect("patients:thread", thread_id=thread.public_id)
        return render(request, "patients/message_new.html", {"form": form}, status=400)
    return render(request, "patients/message_new.html", {"form": form})


def _access_thread(request: HttpRequest, thread_id: uuid.UUID) -> MessageThread:
    thread = MessageThread.objects.select_related("patient").filter(public_id=thread_id).first()
    user = signed_in(request)
    if thread is None:
        raise Http404("No such conversation")
    if not can_access(user, thread.patient, Scope.MESSAGES) or not actions.can_see_thread(
        user, thread
    ):
        record_event(
            "patient.access_refused",
            actor=user,
            target=thread.patient,
            patient=thread.patient,
            detail={"scope": str(Scope.MESSAGES), "thread": str(thread.public_id)},
        )
        raise Http404("No such conversation")
    access_patient(
        user, thread.patient.public_id, scope=Scope.MESSAGES, action="patient.thread_viewed"
    )
    return thread


@login_required
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, thread_id: uuid.UUID) -> HttpResponse:
    conversation = _access_thread(request, thread_id)
    user = signed_in(request)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.do_send_message(conversation, by=user, body=form.cleaned_data["body"])
            except actions.PatientRuleError as problem:
                form.add_error(problem.field, problem.message)
            else:
                messages.success(request, _("Your message is sent."))
                return redirect("patients:thread", thread_id=conversation.public_id)
        status = 400
    is_coordinator = Role.COORDINATOR in user.roles
    return render(
        request,
        "patients/thread.html",
        {
            "thread": conversation,
            "thread_messages": conversation.messages.select_related("author"),
            "form": form,
            "is_patient": conversation.patient.user_id == user.pk,
            "triage_form": TriageForm(
                initial={
                    "topic": conversation.topic,
                    "is_open": "1" if conversation.is_open else "0",
                }
            )
            if is_coordinator
            else None,
        },
        status=status,
    )


@role_required(Role.COORDINATOR)
@require_POST
def thread_triage(request: HttpRequest, thread_id: uuid.UUID) -> HttpResponse:
    conversation = _access_thread(request, thread_id)
    form = TriageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a topic and a status.")
    else:
        actions.do_triage_thread(conversation, by=signed_in(request), **form.cleaned_data)
        messages.success(request, "The conversation is updated.")
    return redirect("patients:thread", thread_id=conversation.public_id)


# Staff view of a record --------------------------------------------------------------------
