"""Recording an in-person evaluation of a patient, which the telemedicine rule asks for
before a controlled substance is prescribed from `TELEMEDICINE_IN_PERSON_REQUIRED_FROM`.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required, signed_in
from accounts.roles import Role
from care import actions
from care.forms import InPersonEvaluationForm
from patients.access import access_patient


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def in_person_evaluation(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    patient = access_patient(signed_in(request), public_id, action="care.chart_form_viewed")
    form = InPersonEvaluationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            actions.do_record_in_person_evaluation(
                patient, by=signed_in(request), evaluated_on=form.cleaned_data["evaluated_on"]
            )
        except actions.ClinicalRecordRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            messages.success(request, "The in-person evaluation is recorded.")
            return redirect("workspace:chart", patient.public_id)
    context = {
        "patient": patient,
        "form": form,
        "evaluations": patient.in_person_evaluations.select_related("recorded_by").order_by(
            "-evaluated_on"
        ),
        "required_from": settings.TELEMEDICINE_IN_PERSON_REQUIRED_FROM,
    }
    return render(request, "care/in_person.html", context, status=400 if form.errors else 200)
