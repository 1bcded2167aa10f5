"""The read side: the pages that gather the whole record for one person.

For a clinician, the queue of work, a patient's chart, the patient search and the
practice's outcomes; for a coordinator, a patient's record; for a patient, their home
(today's treatment, and the joining checklist). Each reads care, journal, pharmacy and
billing and changes nothing but the audit log: every page that shows a patient goes through
``access_patient``, which refuses whoever may not see them and audits the look.
"""

import uuid
from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.decorators import role_required, signed_in
from accounts.roles import Role
from assessment.presenting import staff_context
from audit.events import record_event
from background.periodic import PERIODIC_TASKS
from billing.standing import current_subscription
from care.forms import PatientSearchForm
from care.models import Consult
from care.times import viewer_zone
from clinical.outcomes import EARLY_STOP_SESSIONS, REPORT_WEEKS, WEEK_WINDOW_DAYS
from credentials.actions import licensed_states
from foundation.replica import reads_from_replica
from patients import actions
from patients.access import Scope, access_patient, can_access
from patients.models import MessageThread, Patient, TreatmentMonitor
from patients.portal import patient_page
from patients.rules import format_phone
from patients.timeline import timeline_shown
from servicearea import SERVED_STATES
from workspace import chartpage, worklist
from workspace.joining import next_steps
from workspace.practice import PATHWAY_NAMES, RESPONSE_WORDS, PathwayRow, figures_shown
from workspace.search import do_search_patients
from workspace.today import in_treatment, today_for

REFRESH_TASK = "workspace.tasks.refresh_practice_view"

# Clinicians -------------------------------------------------------------------------------


@role_required(Role.CLINICIAN)
def queue(request: HttpRequest) -> HttpResponse:
    queue = worklist.queue_for(signed_in(request))
    record_event("care.queue_viewed", actor=request.user, detail={"items": len(queue.items)})
    return render(
        request,
        "workspace/queue.html",
        {"items": queue.items, "more": queue.more, "most_per_kind": worklist.MOST_PER_KIND},
    )


@role_required(Role.CLINICIAN)
def chart(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    patient = access_patient(signed_in(request), public_id, action="care.chart_viewed")
    context = chartpage.chart_of(patient, chartpage.page_numbers(request.GET))
    if patient.assessment is not None:
        context["assessment_shown"] = staff_context(patient.assessment)
    return render(request, "workspace/chart.html", context)


@never_cache
@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def patient_search(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = PatientSearchForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {
        "form": form,
        "states": sorted(licensed_states(user.pk, on=timezone.localdate())),
    }
    if form.is_bound and form.is_valid():
        patients, more = do_search_patients(user, form.cleaned_data["term"])
        context.update(searched=True, patients=patients, more=more)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "workspace/search.html", context, status=status)


@reads_from_replica
@role_required(Role.CLINICIAN, Role.ADMIN)
@require_GET
def practice(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    states = None if Role.ADMIN in user.roles else licensed_states(user.pk)
    shown = figures_shown(states)
    figures = shown.figures
    record_event(
        "care.practice_viewed",
        actor=user,
        detail={"states": "all" if states is None else sorted(states)},
    )
    return render(
        request,
        "workspace/practice.html",
        {
            "figures": figures,
            "rows": [
                PathwayRow(PATHWAY_NAMES[o.pathway], RESPONSE_WORDS[o.pathway], o)
                for o in figures.pathways
            ],
            "states": sorted(SERVED_STATES) if states is None else sorted(states),
            "whole_practice": states is None,
            "early_stop_sessions": EARLY_STOP_SESSIONS,
            "weeks": REPORT_WEEKS,
            "window_days": WEEK_WINDOW_DAYS,
            "computed_at": shown.computed_at,
            "worked_out_just_now": shown.computed_at is not None
            and timezone.now() - shown.computed_at < timedelta(minutes=1),
            "refreshed_minutes": PERIODIC_TASKS[REFRESH_TASK] // timedelta(minutes=1),
        },
    )


# Coordinators -----------------------------------------------------------------------------


@login_required
def record(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The header of a patient's record: who they are, where they stand, what is booked."""
    user = signed_in(request)
    patient = access_patient(user, public_id, scope=Scope.DEMOGRAPHICS)
    clinical = can_access(user, patient, Scope.CLINICAL)
    context = {
        "patient": patient,
        "identity": actions.latest_identity_document(patient),
        "monitor": TreatmentMonitor.objects.filter(patient=patient).first(),
        "subscription": current_subscription(patient),
        "consults": Consult.objects.filter(patient=patient).select_related("clinician")[:10],
        "timeline": timeline_shown(patient, clinical=clinical)[:30],
        "sees_identity": can_access(user, patient, Scope.IDENTITY) and patient.user_id != user.pk,
        "phone": format_phone(patient.phone),
        "emergency_phone": format_phone(patient.emergency_contact_phone),
        "is_coordinator": Role.COORDINATOR in user.roles,
    }
    with timezone.override(viewer_zone(request)):
        return render(request, "workspace/record.html", context)


# Patients ---------------------------------------------------------------------------------


@patient_page(scope=Scope.CLINICAL, action="patient.dashboard_viewed")
def home(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The patient's home: once in treatment it leads with today (``workspace.today``), the
    joining checklist folded below; before that, with the checklist."""
    steps = next_steps(patient)
    threads = MessageThread.objects.filter(patient=patient)[:3]
    return render(
        request,
        "workspace/dashboard.html",
        {
            "patient": patient,
            "steps": steps,
            "steps_done": sum(step.done for step in steps),
            "threads": threads,
            "today": today_for(patient, timezone.now()) if in_treatment(patient) else None,
        },
    )
