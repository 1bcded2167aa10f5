"""A clinician enters an adverse event the patient reported outside the journal.

The patient may have told the clinician in a phone call, a message or a video visit; the
clinician records it here, as its reporter, through ``care.actions.do_report_adverse_event``.
Only a clinician licensed in the patient's state opens the page (``access_patient``), and
every look is audited.
"""

import uuid

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required, signed_in
from accounts.roles import Role
from care import actions
from care.models import AdverseEventGrade
from foundation.forms import PortalForm
from patients.access import access_patient

GRADE_WORDS = {
    AdverseEventGrade.MILD: "Mild: noticeable, but did not limit the patient's day",
    AdverseEventGrade.MODERATE: "Moderate: limited the patient's usual activities",
    AdverseEventGrade.SERIOUS: (
        "Serious: needed urgent care, or was frightening or dangerous. The patient's "
        "clinicians are emailed now, and doses, prescriptions and refills are held until one "
        "speaks with the patient and clears the hold with a note."
    ),
}

DESCRIPTION_MOST = 4000


class AdverseEventForm(PortalForm):
    grade = forms.ChoiceField(
        label="Grade",
        choices=[(grade.value, words) for grade, words in GRADE_WORDS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a grade.",
            "invalid_choice": "Choose mild, moderate or serious.",
        },
    )
    description = forms.CharField(
        label="What happened",
        help_text=(
            "Say how the patient told you (a phone call, a message, a video visit), what "
            "happened and when, and what you advised."
        ),
        max_length=DESCRIPTION_MOST,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Describe what happened, and how the patient told you.",
            "max_length": f"Keep the description under {DESCRIPTION_MOST} characters.",
        },
    )


@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def new_adverse_event(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    patient = access_patient(signed_in(request), public_id, action="care.adverse_event_form_viewed")
    form = AdverseEventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_may_treat(signed_in(request), patient)
            event = actions.do_report_adverse_event(
                patient,
                by=signed_in(request),
                grade=form.cleaned_data["grade"],
                description=form.cleaned_data["description"],
            )
        except actions.ClinicalRecordRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            if event.is_serious:
                done = (
                    "The serious adverse event is recorded. Doses, prescriptions and refills "
                    "are on hold until a clinician clears the hold with a note."
                )
            else:
                done = "The adverse event is recorded."
            messages.success(request, done)
            return redirect(
                reverse("workspace:chart", args=[patient.public_id]) + "#adverse-events"
            )
    return render(
        request,
        "care/adverse_event_form.html",
        {"patient": patient, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
