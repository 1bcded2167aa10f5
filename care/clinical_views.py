"""The clinician's workspace: the queue, the chart and the forms that call care.actions.

Every patient is fetched through `access_patient`, which refuses a clinician outside
the patient's state and audits every look.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import require_recent_auth, role_required, signed_in
from accounts.roles import Role
from care import actions
from care.clinical_forms import (
    BudapestForm,
    CancelPrescriptionForm,
    ClearHoldForm,
    ConsultNoteForm,
    DecisionForm,
    DiagnosisForm,
    EndPlanForm,
    PdmpCheckForm,
    PlanForm,
    PlanReviewForm,
    PrescribeForm,
    ReviewAdverseEventForm,
    SeverityForm,
    SuicideRiskForm,
    WeightForm,
)
from care.holds import HOLD_TITLES, HoldNotCleared, do_clear_hold
from care.models import AdverseEvent, ClinicianFlag, Consult, Prescription, TreatmentPlan
from clinical.holds import Hold
from integrations.pdmp.local import LocalPdmp
from patients.access import access_patient
from patients.models import Patient

Save = Callable[[Patient, Any], Any]


def _form_page(
    request: HttpRequest,
    patient: Patient,
    form: Any,
    *,
    title: str,
    save: Save,
    done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(patient, form)
        except (
            actions.ClinicalRecordRefused,
            HoldNotCleared,
            actions.PrescribingRefused,
        ) as refused:
            for reason in refused.because:
                form.add_error(None, reason.words)
        else:
            messages.success(request, done)
            return redirect("workspace:chart", patient.public_id)
    return render(
        request,
        "care/chart_form.html",
        {"patient": patient, "form": form, "title": title},
        status=400 if form.is_bound and form.errors else 200,
    )


def _chart_form(
    request: HttpRequest, public_id: uuid.UUID, form_class: type, title: str, done: str, save: Save
) -> HttpResponse:
    patient = access_patient(signed_in(request), public_id, action="care.chart_form_viewed")
    form = form_class(request.POST if request.method == "POST" else None)
    return _form_page(request, patient, form, title=title, save=save, done=done)


def _patient_of(
    request: HttpRequest, patient_id: int, action: str = "care.chart_form_viewed"
) -> Patient:
    public_id = Patient.objects.values_list("public_id", flat=True).get(pk=patient_id)
    return access_patient(signed_in(request), public_id, action=action)


@role_required(Role.CLINICIAN)
@require_POST
def acknowledge_flag(request: HttpRequest, flag_id: uuid.UUID) -> HttpResponse:
    """The clinician has seen to a flag: it leaves the queue, the record stays."""
    flag = ClinicianFlag.objects.filter(public_id=flag_id).first()
    if flag is None:
        raise Http404("No such flag")
    patient = _patient_of(request, flag.patient_id, action="care.flag_opened")
    try:
        actions.do_acknowledge_flag(flag, by=signed_in(request))
    except actions.ClinicalRecordRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, "The flag is marked as seen to.")
    return redirect(reverse("workspace:chart", args=[patient.public_id]) + "#flags")


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def cancel_prescription(request: HttpRequest, prescription_id: uuid.UUID) -> HttpResponse:
    prescription = Prescription.objects.filter(public_id=prescription_id).first()
    if prescription is None:
        raise Http404("No such prescription")
    patient = _patient_of(request, prescription.patient_id)
    form = CancelPrescriptionForm(request.POST if request.method == "POST" else None)

    def save(patient: Patient, form: Any) -> Any:
        return actions.do_cancel_prescription(
            prescription, by=signed_in(request), reason=form.cleaned_data["reason"]
        )

    return _form_page(
        request,
        patient,
        form,
        title="Cancel a prescription",
        save=save,
        done="The prescription is cancelled.",
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def review_adverse_event(request: HttpRequest, event_id: uuid.UUID) -> HttpResponse:
    event = AdverseEvent.objects.filter(public_id=event_id).first()
    if event is None:
        raise Http404("No such adverse event")
    patient = _patient_of(request, event.patient_id)
    form = ReviewAdverseEventForm(request.POST if request.method == "POST" else None)

    def save(patient: Patient, form: Any) -> Any:
        return actions.do_review_adverse_event(event, by=signed_in(request))

    return _form_page(
        request,
        patient,
        form,
        title="Mark an adverse event as reviewed",
        save=save,
        done="The adverse event is reviewed.",
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def clear_hold(request: HttpRequest, public_id: uuid.UUID, hold: str) -> HttpResponse:
    """Clear an open hold after speaking with the patient; the note is required."""
    if hold not in Hold.__members__.values():
        raise Http404("No such hold")

    def save(patient: Patient, form: Any) -> Any:
        return do_clear_hold(
            patient, by=signed_in(request), hold=hold, note=form.cleaned_data["note"]
        )

    title = HOLD_TITLES[Hold(hold)].split(":")[0]
    return _chart_form(
        request,
        public_id,
        ClearHoldForm,
        f"Clear the {title.lower()}",
        "The hold is cleared.",
        save,
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def weight(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _chart_form(
        request,
        public_id,
        WeightForm,
        "Record the weight",
        "The weight is recorded.",
        lambda patient, form: actions.do_record_weight(
            patient,
            by=signed_in(request),
            kg=form.cleaned_data["kg"],
            measured_on=form.cleaned_data["measured_on"],
        ),
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def suicide_risk(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _chart_form(
        request,
        public_id,
        SuicideRiskForm,
        "Suicide risk assessment and safety plan",
        "The risk assessment and safety plan are recorded.",
        lambda patient, form: actions.do_record_suicide_risk_assessment(
            patient, by=signed_in(request), plan=form.plan()
        ),
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = TreatmentPlan.objects.filter(public_id=plan_id).first()
    if plan is None:
        raise Http404("No such plan")
    patient = _patient_of(request, plan.patient_id)
    form = PlanReviewForm(request.POST if request.method == "POST" else None)

    def save(patient: Patient, form: Any) -> Any:
        return actions.do_record_plan_review(plan, by=signed_in(request), **form.cleaned_data)

    return _form_page(
        request, patient, form, title="Review the treatment plan", save=save, done="Reviewed."
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def end_plan(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    plan = TreatmentPlan.objects.filter(public_id=plan_id).first()
    if plan is None:
        raise Http404("No such plan")
    patient = _patient_of(request, plan.patient_id)
    form = EndPlanForm(request.POST if request.method == "POST" else None)

    def save(patient: Patient, form: Any) -> Any:
        return actions.do_end_treatment_plan(
            plan, by=signed_in(request), reason=form.cleaned_data["reason"]
        )

    return _form_page(
        request,
        patient,
        form,
        title="End the treatment plan",
        save=save,
        done="The plan has ended.",
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def consult_note(request: HttpRequest, consult_id: uuid.UUID) -> HttpResponse:
    consult = Consult.objects.filter(public_id=consult_id).only("patient_id").first()
    if consult is None:
        raise Http404("No such visit")
    patient = _patient_of(request, consult.patient_id)
    form = ConsultNoteForm(request.POST if request.method == "POST" else None)

    def save(patient: Patient, form: Any) -> Any:
        return actions.do_record_consult_note(
            Consult.objects.get(pk=consult.pk), by=signed_in(request), **form.cleaned_data
        )

    return _form_page(
        request, patient, form, title="Consult note", save=save, done="The note is signed."
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def budapest_exam(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _chart_form(
        request,
        public_id,
        BudapestForm,
        "Budapest criteria",
        "The exam is recorded.",
        lambda patient, form: actions.do_record_budapest_exam(
            patient, by=signed_in(request), **form.cleaned_data
        ),
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def severity_score(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _chart_form(
        request,
        public_id,
        SeverityForm,
        "CRPS Severity Score",
        "The score is recorded.",
        lambda patient, form: actions.do_record_severity(
            patient, by=signed_in(request), **form.cleaned_data
        ),
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def diagnosis(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _chart_form(
        request,
        public_id,
        DiagnosisForm,
        "Add a diagnosis",
        "The diagnosis is recorded.",
        lambda patient, form: actions.do_add_diagnosis(
            patient, by=signed_in(request), code=form.cleaned_data["code"]
        ),
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _chart_form(
        request,
        public_id,
        DecisionForm,
        "Decide",
        "Your decision is recorded.",
        lambda patient, form: actions.do_decide_candidate(
            patient, by=signed_in(request), **form.cleaned_data
        ),
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def treatment_plan(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _chart_form(
        request,
        public_id,
        PlanForm,
        "Treatment plan",
        "The plan is written.",
        lambda patient, form: actions.do_write_treatment_plan(
            patient, by=signed_in(request), choices=form.choices()
        ),
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def pdmp_check(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    def save(patient: Patient, form: Any) -> Any:
        try:
            gateway = LocalPdmp(
                reference=form.cleaned_data["reference"], summary=form.cleaned_data["summary"]
            )
        except ValueError as error:
            raise actions.ClinicalRecordRefused([str(error)]) from error
        return actions.do_record_pdmp_check(patient, by=signed_in(request), gateway=gateway)

    return _chart_form(
        request, public_id, PdmpCheckForm, "PDMP check", "The PDMP check is recorded.", save
    )


@role_required(Role.CLINICIAN)
@require_recent_auth
@require_http_methods(["GET", "POST"])
def prescribe(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    def save(patient: Patient, form: Any) -> Any:
        return actions.do_issue_prescription(patient, by=signed_in(request), choices=form.choices())

    return _chart_form(
        request, public_id, PrescribeForm, "Prescribe", "The prescription is signed.", save
    )
