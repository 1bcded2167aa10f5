"""The practice view: how patients do, per pathway, in figures only (issue 8).

A clinician sees the patients of the states where their licence is active; an
administrator sees the whole practice. No name, no record, only counts and rates.

The figures are ``clinical.outcomes.practice_outcomes`` over every patient who has started
treatment (in treatment, paused, completed or discharged). A patient counts in each pathway
their assessment qualified them for, measured or not, with that pathway's instrument from
their check-ins; the baseline is the assessment's own score when it asked for it and no
check-in came before, as on the patient's progress page, else the first check-in. Weeks
count from the patient's first home session, on its day in the patient's time zone.
Paused, completed and discharged patients count as stopped. Five queries feed each
``COURSES_AT_ONCE`` patients.

The page reads the figures the worker keeps (``refresh_practice_figures``, run by
``workspace.tasks.refresh_practice_view`` every 15 minutes): one row for each set of states
a clinician's licences count in and one for the whole practice, so the page reads one row
whatever the size of the practice, and its figures are as old as the worker's last run
(the page says how old). Before the worker's first run for a set of states, the page works
them out itself.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone

from accounts.roles import Role
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
    StoppedEarly,
    WeekOutcome,
    count_adverse_events,
    practice_outcomes,
    reported_only,
    with_assessment_baseline,
)
from credentials.models import Licence
from journal.actions import patient_zone
from journal.models import CheckIn, HomeSession
from journal.progress import assessment_measurement, stored_score
from patients.models import Patient, PatientStatus
from workspace.models import PracticeFigures

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


UNREAD_OF_ASSESSMENT = ("answers", "reasons", "referrals", "questionnaire_response")
"""What the figures never read of a patient's assessment, left in the database."""

COURSES_AT_ONCE = 5000
"""Patients whose courses are read together: five queries for each so many."""


def _courses(started: QuerySet[Patient], *, whole: bool) -> Iterator[tuple[str, PatientCourse]]:
    """Each started patient's state and course, read ``COURSES_AT_ONCE`` patients at a time so
    that a practice of any size is never all in memory; with ``whole`` false, each course
    keeps only what the figures read of it (``reported_only``)."""
    after = 0
    while True:
        patients = list(
            started.filter(pk__gt=after)
            .select_related("assessment")
            .defer(*(f"assessment__{name}" for name in UNREAD_OF_ASSESSMENT))
            .order_by("pk")[:COURSES_AT_ONCE]
        )
        if not patients:
            return
        these = started.filter(pk__gte=patients[0].pk, pk__lte=patients[-1].pk)
        for patient, course in zip(patients, _read_courses(patients, these), strict=True):
            yield patient.state, course if whole else reported_only(course)
        if len(patients) < COURSES_AT_ONCE:
            return
        after = patients[-1].pk


def _read_courses(patients: list[Patient], these: QuerySet[Patient]) -> list[PatientCourse]:
    sessions = _sessions(these)
    events = _adverse_events(these)
    flags = _serious_flags(these)
    instruments = {rule.instrument.value for rule in RESPONSE_RULES.values()}
    scores: dict[tuple[int, str], list[tuple[datetime, int | Decimal]]] = defaultdict(list)
    rows = (
        CheckIn.objects.filter(
            patient__in=these, completed_at__isnull=False, instrument__in=instruments
        )
        .order_by("completed_at", "pk")
        # Only the total, as the database reads it out of the stored score.
        .annotate(total=KT("score__total"))
        .values_list("patient_id", "instrument", "completed_at", "total")
    )
    for patient_id, instrument, completed_at, total in rows:
        if completed_at is not None and total is not None:
            scores[patient_id, instrument].append((completed_at, stored_score(str(total))))
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


def courses_in(states: frozenset[str] | None) -> list[PatientCourse]:
    """Every started patient's whole course in ``states`` (every state for None)."""
    return [course for _, course in _courses(_started(states), whole=True)]


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
    courses = [course for _, course in _courses(_started(states), whole=False)]
    return practice_outcomes(courses, today or timezone.localdate())


# The figures the worker keeps -------------------------------------------------------------


def _key(states: frozenset[str] | None) -> str:
    return PracticeFigures.WHOLE_PRACTICE if states is None else ",".join(sorted(states))


def _states_read() -> set[frozenset[str] | None]:
    """The whole practice, and each set of states some clinician's licences count in today."""
    today = timezone.localdate()
    licensed: dict[int, set[str]] = defaultdict(set)
    rows = Licence.objects.filter(
        expires_on__gt=today,
        clinician__is_active=True,
        clinician__role_grants__role=Role.CLINICIAN,
    ).values_list("clinician_id", "state")
    for clinician_id, state in rows:
        licensed[clinician_id].add(state)
    return {None, *(frozenset(states) for states in licensed.values())}


def refresh_practice_figures(now: datetime | None = None) -> list[PracticeFigures]:
    """Works out the figures of every set of states a clinician reads (and of the whole
    practice) from one pass over the started patients, and keeps them; drops those no one
    reads any more. The figures stand on the practice's day at ``now``."""
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    by_state: dict[str, list[PatientCourse]] = defaultdict(list)
    for state, course in _courses(_started(None), whole=False):
        by_state[state].append(course)
    kept = []
    for states in _states_read():
        courses = [
            course
            for state, found in by_state.items()
            if states is None or state in states
            for course in found
        ]
        figures = practice_outcomes(courses, today)
        row, _ = PracticeFigures.objects.update_or_create(
            states=_key(states),
            defaults={"as_of": today, "computed_at": moment, "figures": asdict(figures)},
        )
        kept.append(row)
    PracticeFigures.objects.exclude(pk__in=[row.pk for row in kept]).delete()
    return kept


@dataclass(frozen=True)
class FiguresShown:
    """The figures the page shows, and when the worker worked them out (None: just now)."""

    figures: PracticeOutcomes
    computed_at: datetime | None


def figures_shown(states: frozenset[str] | None) -> FiguresShown:
    """The figures the worker keeps for ``states``; worked out on the spot when it keeps
    none yet (before its first run, or for a set of states no clinician had at its last)."""
    kept = PracticeFigures.objects.filter(states=_key(states)).first()
    if kept is None:
        return FiguresShown(practice_figures(states), None)
    return FiguresShown(outcomes_from(kept.figures), kept.computed_at)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def outcomes_from(stored: dict[str, Any]) -> PracticeOutcomes:
    """The figures back from their stored form (``dataclasses.asdict`` as JSON)."""
    early = stored["stopped_early"]
    return PracticeOutcomes(
        pathways=tuple(
            PathwayOutcome(
                pathway=Pathway(row["pathway"]),
                patients=row["patients"],
                not_started=row["not_started"],
                weeks=tuple(
                    WeekOutcome(
                        week=week["week"],
                        intention_to_treat=week["intention_to_treat"],
                        per_protocol=week["per_protocol"],
                        responders=week["responders"],
                        intention_to_treat_rate=_decimal(week["intention_to_treat_rate"]),
                        per_protocol_rate=_decimal(week["per_protocol_rate"]),
                        median_change=_decimal(week["median_change"]),
                    )
                    for week in row["weeks"]
                ),
            )
            for row in stored["pathways"]
        ),
        sessions=stored["sessions"],
        adverse_events=stored["adverse_events"],
        adverse_events_per_100_sessions=_decimal(stored["adverse_events_per_100_sessions"]),
        serious_adverse_events=stored["serious_adverse_events"],
        serious_adverse_events_per_100_sessions=_decimal(
            stored["serious_adverse_events_per_100_sessions"]
        ),
        stopped_early=StoppedEarly(
            known=early["known"],
            stopped_early=early["stopped_early"],
            percent=_decimal(early["percent"]),
            stopped_before_first_dose=early["stopped_before_first_dose"],
        ),
    )
