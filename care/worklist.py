"""What needs a clinician, most urgent first, and everything a chart shows.

Both read a fixed number of queries whatever the number of patients or events, and
only ever patients in the states where the clinician holds an active licence.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from assessment.models import AssessmentOutcome
from care.credentials import licensed_states
from care.models import AdverseEvent, AdverseEventGrade, Consult, ConsultStatus
from patients.models import Patient, PatientStatus


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting for a clinician."""

    urgency: int
    kind: str
    since: dt.datetime
    patient_id: Any
    patient_name: str
    state: str

    @property
    def waiting(self) -> dt.timedelta:
        return timezone.now() - self.since


SERIOUS_ADVERSE_EVENT = 0
CONSULT_TODAY = 1
NEEDS_REVIEW = 2
NEW_CANDIDATE = 3


def _serious_events(states: frozenset[str]) -> list[WorkItem]:
    events = AdverseEvent.objects.filter(
        grade=AdverseEventGrade.SERIOUS, cleared_at__isnull=True, patient__state__in=states
    ).select_related("patient")
    return [
        WorkItem(
            SERIOUS_ADVERSE_EVENT,
            "Serious adverse event",
            event.reported_at,
            event.patient.public_id,
            event.patient.legal_name,
            event.patient.state,
        )
        for event in events
    ]


def _consults_today(clinician: Any, states: frozenset[str]) -> list[WorkItem]:
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    starts = dt.datetime.combine(today, dt.time.min, tzinfo=zone)
    consults = Consult.objects.filter(
        clinician=clinician,
        status=ConsultStatus.BOOKED,
        starts_at__gte=starts,
        starts_at__lt=starts + dt.timedelta(days=1),
        patient__state__in=states,
    ).select_related("patient")
    return [
        WorkItem(
            CONSULT_TODAY,
            f"Video visit at {timezone.localtime(consult.starts_at):%H:%M}",
            consult.booked_at,
            consult.patient.public_id,
            consult.patient.legal_name,
            consult.patient.state,
        )
        for consult in consults
    ]


def _candidates(states: frozenset[str]) -> list[WorkItem]:
    patients = (
        Patient.objects.filter(
            state__in=states,
            status__in=[PatientStatus.CANDIDATE, PatientStatus.READY_FOR_CONSULT],
            assessment__outcome__in=[
                AssessmentOutcome.ELIGIBLE,
                AssessmentOutcome.CLINICIAN_REVIEW,
            ],
            decisions__isnull=True,
        )
        .select_related("assessment")
        .distinct()
    )
    items = []
    for patient in patients:
        assert patient.assessment is not None
        review = patient.assessment.outcome == AssessmentOutcome.CLINICIAN_REVIEW
        items.append(
            WorkItem(
                NEEDS_REVIEW if review else NEW_CANDIDATE,
                "Candidate for review" if review else "New candidate",
                patient.assessment.completed_at,
                patient.public_id,
                patient.legal_name,
                patient.state,
            )
        )
    return items


def work_for(clinician: Any) -> list[WorkItem]:
    """Everything waiting for this clinician, by urgency and then the longest waiting."""
    states = licensed_states(clinician.pk)
    items = [*_serious_events(states), *_consults_today(clinician, states), *_candidates(states)]
    return sorted(items, key=lambda item: (item.urgency, item.since))


def chart_of(patient: Patient) -> dict[str, Any]:
    """The patient's whole course, each kind of record in one query."""
    return {
        "patient": patient,
        "timeline": list(patient.timeline.select_related("actor").order_by("-at")),
        "consents": list(patient.consents.select_related("document")),
        "consults": list(
            patient.consults.select_related("clinician", "note").order_by("-starts_at")
        ),
        "budapest_exams": list(patient.budapest_exams.all()),
        "severity_scores": list(patient.severity_scores.all()),
        "diagnoses": list(patient.diagnoses.all()),
        "decisions": list(patient.decisions.select_related("decided_by")),
        "plans": list(patient.treatment_plans.all()),
        "prescriptions": list(patient.prescriptions.select_related("prescriber")),
        "adverse_events": list(patient.adverse_events.all()),
    }
