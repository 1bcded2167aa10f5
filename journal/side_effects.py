"""The patient tells the practice about a side effect, from their journal.

One page, phone-first: emergency numbers first, then the form. A report goes through
``care.actions.do_report_adverse_event``, which records it, puts it in the clinicians'
queue, and for a serious one emails them at once and holds doses and refills. After
sending, the same page shows what happens next; the address carries only the report's
random id, never what was reported.
"""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.decorators import signed_in
from care import actions as care_actions
from care.models import AdverseEvent, AdverseEventGrade
from journal.side_effect_forms import SideEffectForm
from journal.views import own_journal
from patients.models import Patient

TEMPLATE = "journal/side_effect.html"
REPORTED = "reported"


def _own_report(request: HttpRequest, patient: Patient) -> AdverseEvent | None:
    """The report named in the address, when this patient sent it; None otherwise."""
    user = signed_in(request)
    try:
        event_id = uuid.UUID(request.GET.get(REPORTED, ""))
    except ValueError:
        return None
    return AdverseEvent.objects.filter(
        patient=patient, public_id=event_id, reported_by=user
    ).first()


@login_required
@require_http_methods(["GET", "POST"])
def report_side_effect(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    if request.method == "GET":
        patient = own_journal(request, public_id, "journal.side_effect_viewed")
        report = _own_report(request, patient)
        if report is not None:
            return render(
                request,
                TEMPLATE,
                {
                    "patient": patient,
                    "report": report,
                    "serious": report.grade == AdverseEventGrade.SERIOUS,
                },
            )
        return render(request, TEMPLATE, {"patient": patient, "form": SideEffectForm()})

    patient = own_journal(request, public_id, "journal.side_effect_reported")
    form = SideEffectForm(request.POST)
    if form.is_valid():
        try:
            event = care_actions.do_report_adverse_event(
                patient,
                by=signed_in(request),
                grade=form.cleaned_data["grade"],
                description=form.cleaned_data["description"],
            )
        except care_actions.ClinicalRecordRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            address = reverse("journal:side_effect", args=[patient.public_id])
            return redirect(f"{address}?{REPORTED}={event.public_id}")
    return render(request, TEMPLATE, {"patient": patient, "form": form}, status=400)
