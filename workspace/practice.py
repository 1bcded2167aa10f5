"""The practice view: how patients do, per pathway, in figures only (issue 8).

A clinician sees the patients of the states where their licence is active; an
administrator sees the whole practice. No name, no record, only counts and rates.

The figures are ``clinical.outcomes.practice_outcomes`` over every patient who has started
treatment (in treatment, paused, completed or discharged). A patient counts in each pathway
their assessment qualified them for, measured or not, with that pathway's instrument from
their check-ins; the baseline is the assessment's own score when it asked for it and no
check-in came before, as on the patient's progress page, else the first check-in. Weeks
count from the patient's first home session, on its day in the patient's time zone.
Paused, completed and discharged patients count as stopped. Five queries feed it, however
many patients there are.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from care.models import AdverseEvent, AdverseEventGrade, ClinicianFlag
from clinical.holds import FlagKind
from clinical.outcomes import (
    RESPONSE_RULES,
    SERIOUS_FLAGS,
    Measurement,
    Pathway,
    PathwayOutcome,
    PathwaySeries,
    PatientCourse,
    PracticeOutcomes,
    count_adverse_events,
    practice_outcomes,
    with_assessment_baseline,
)
from journal.actions import patient_zone
from journal.models import CheckIn, HomeSession
from journal.progress import assessment_measurement, stored_score
from patients.models import Patient, PatientStatus

STARTED = (
    PatientStatus.IN_TREATMENT,
    PatientStatus.PAUSED,
    PatientStatus.COMPLETED,
    PatientStatus.DISCHARGED,
)
STOPPED = frozenset({PatientStatus.PAUSED, PatientStatus.COMPLETED, PatientStatus.DISCHARGED})

PATHWAY_NAMES = {
    Pathway.CRPS: "CRPS",
    Pathway.CHRONIC_PAIN: "Chronic pain",
    Pathway.DEPRESSION: "Depression",
    Pathway.ANXIETY: "Anxiety",
    Pathway.PTSD: "PTSD",
    Pathway.MECFS: "ME/CFS",
}

RESPONSE_WORDS = {
    Pathway.CRPS: "PEG 30% or more below baseline",
    Pathway.CHRONIC_PAIN: "PEG 30% or more below baseline",
    Pathway.DEPRESSION: "PHQ-9 50% or more below baseline",
    Pathway.ANXIETY: "GAD-7 50% or more below baseline",
}


def _started(states: frozenset[str] | None) -> QuerySet[Patient]:
    patients = Patient.objects.filter(status__in=STARTED)
    return patients if states is None else patients.filter(state__in=states)


def _sessions(patients: QuerySet[Patient]) -> dict[int, tuple[int, datetime]]:
    """Each patient's number of home sessions and the start of their first."""
    rows = (
        HomeSession.objects.filter(patient__in=patients)
        .order_by()
        .values("patient_id")
        .annotate(number=Count("pk"), first=Min("started_at"))
        .values_list("patient_id", "number", "first")
    )
    return {patient_id: (number, first) for patient_id, number, first in rows}


def _adverse_events(patients: QuerySet[Patient]) -> dict[int, list[bool]]:
    """Each patient's adverse events, each as whether it was graded serious."""
    rows = (
        AdverseEvent.objects.filter(patient__in=patients)
        .order_by()
        .values("patient_id", "grade")
        .annotate(number=Count("pk"))
        .values_list("patient_id", "grade", "number")
    )
    found: dict[int, list[bool]] = defaultdict(list)
    for patient_id, grade, number in rows:
        found[patient_id] += [grade == AdverseEventGrade.SERIOUS] * number
    return found


def _serious_flags(patients: QuerySet[Patient]) -> dict[int, list[FlagKind]]:
    """Each patient's flags that count as a serious adverse event, seen to or not."""
    rows = (
        ClinicianFlag.objects.filter(
            patient__in=patients, reason__in=[str(kind) for kind in SERIOUS_FLAGS]
        )
        .order_by()
        .values("patient_id", "reason")
        .annotate(number=Count("pk"))
        .values_list("patient_id", "reason", "number")
    )
    found: dict[int, list[FlagKind]] = defaultdict(list)
    for patient_id, reason, number in rows:
        found[patient_id] += [FlagKind(reason)] * number
    return found


def courses_in(states: frozenset[str] | None) -> list[PatientCourse]:
    """Every started patient's course in ``states`` (every state for None), in five queries."""
    started = _started(states)
    patients = list(started.select_related("assessment").order_by("pk"))
    sessions = _sessions(started)
    events = _adverse_events(started)
    flags = _serious_flags(started)
    instruments = {rule.instrument.value for rule in RESPONSE_RULES.values()}
    scores: dict[tuple[int, str], list[tuple[datetime, int | Decimal]]] = defaultdict(list)
    rows = (
        CheckIn.objects.filter(
            patient__in=started, completed_at__isnull=False, instrument__in=instruments
        )
        .order_by("completed_at", "pk")
        .values_list("patient_id", "instrument", "completed_at", "score")
    )
    for patient_id, instrument, completed_at, score in rows:
        if completed_at is not None and isinstance(score, dict) and score.get("total") is not None:
            scores[patient_id, instrument].append((completed_at, stored_score(str(score["total"]))))
    courses = []
    for patient in patients:
        number, first = sessions.get(patient.pk, (0, None))
        adverse = count_adverse_events(events.get(patient.pk, []), flags.get(patient.pk, []))
        courses.append(
            PatientCourse(
                patient=str(patient.pk),
                first_dose=_day(first, patient_zone(patient)) if first is not None else None,
                series=_series(patient, scores),
                sessions=number,
                adverse_events=adverse.all,
                serious_adverse_events=adverse.serious,
                stopped=patient.status in STOPPED,
            )
        )
    return courses


def _series(
    patient: Patient, scores: dict[tuple[int, str], list[tuple[datetime, int | Decimal]]]
) -> tuple[PathwaySeries, ...]:
    pathways = patient.assessment.pathways if patient.assessment is not None else []
    zone = patient_zone(patient)
    found = []
    for pathway, rule in RESPONSE_RULES.items():
        if pathway.value not in pathways:
            continue
        measured = [
            Measurement(_day(at, zone), score)
            for at, score in scores.get((patient.pk, rule.instrument.value), [])
        ]
        baseline = assessment_measurement(patient, rule.instrument, zone)
        found.append(PathwaySeries(pathway, with_assessment_baseline(measured, baseline)))
    return tuple(found)


def _day(moment: datetime, zone: Any) -> date:
    return moment.astimezone(zone).date()


@dataclass(frozen=True)
class PathwayRow:
    """One pathway's figures for the page, with its name and response rule in words."""

    name: str
    rule: str
    outcome: PathwayOutcome


def practice_figures(states: frozenset[str] | None, today: date | None = None) -> PracticeOutcomes:
    """The practice's figures in ``states`` (every state for None) as they stand ``today``
    (the practice's own day by default)."""
    return practice_outcomes(courses_in(states), today or timezone.localdate())
