"""Outcome figures for one patient's progress page and for the practice as a whole.

For one patient: the percent change from baseline, and what it means in words. Pain (PEG):
30% or more below baseline is a meaningful response and 50% or more a substantial one
(IMMPACT). PHQ-9: 50% or more below baseline is a response, and a score under 5 is
remission. GAD-7 uses the PHQ-9's 50% rule by the practice's own convention; there is no
single published response rule for it. PC-PTSD-5 is a screen, not a measure of change, so
the PTSD and ME/CFS pathways have no response figure.

A patient's baseline is the score their assessment gave (``assessment_baseline``) when the
assessment asked that instrument's questions and no check-in of it came earlier
(``with_assessment_baseline``); otherwise it is their first check-in.

For the practice (``practice_outcomes``): per pathway, at weeks 4, 8 and 12, the share of
patients who responded and the median percent change. A patient's value at week N is their
measurement nearest to N weeks after their baseline, within 7 days either side (on a tie,
the earlier one); a patient with none in that window is left out of that week's figures.
The baseline is a series' first measurement. Also: adverse events per 100 sessions, and
retention as the share of patients who stopped before their sixth session, among those
whose outcome is known (they either stopped or reached six sessions).

Percentages are rounded half up to one decimal; every comparison with a threshold is made
on the exact value before rounding.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from statistics import median

from journal.instruments import InstrumentCode

MEANINGFUL_PAIN_DROP = Decimal(30)
SUBSTANTIAL_PAIN_DROP = Decimal(50)
MOOD_RESPONSE_DROP = Decimal(50)
PHQ9_REMISSION_BELOW = 5
REPORT_WEEKS = (4, 8, 12)
WEEK_WINDOW_DAYS = 7
SESSIONS_FOR_RETENTION = 6

_TENTH = Decimal("0.1")
_HUNDRED = Decimal(100)

type Score = int | Decimal


class Pathway(StrEnum):
    """A treatment pathway, with the codes the assessment uses."""

    CRPS = "crps"
    CHRONIC_PAIN = "chronic_pain"
    DEPRESSION = "depression"
    ANXIETY = "anxiety"
    PTSD = "ptsd"
    MECFS = "mecfs"


@dataclass(frozen=True, slots=True)
class ResponseRule:
    """How a pathway's response is judged: which instrument, and how far it must fall."""

    instrument: InstrumentCode
    drop_percent: Decimal


RESPONSE_RULES: Mapping[Pathway, ResponseRule] = {
    Pathway.CRPS: ResponseRule(InstrumentCode.PEG, MEANINGFUL_PAIN_DROP),
    Pathway.CHRONIC_PAIN: ResponseRule(InstrumentCode.PEG, MEANINGFUL_PAIN_DROP),
    Pathway.DEPRESSION: ResponseRule(InstrumentCode.PHQ9, MOOD_RESPONSE_DROP),
    Pathway.ANXIETY: ResponseRule(InstrumentCode.GAD7, MOOD_RESPONSE_DROP),
}


class PainResponse(StrEnum):
    """How far pain has fallen from baseline."""

    SUBSTANTIAL = "substantial"
    MEANINGFUL = "meaningful"
    NOT_YET = "not_yet"


@dataclass(frozen=True, slots=True)
class MoodOutcome:
    """Whether a PHQ-9 course shows a response, a remission, both or neither."""

    response: bool
    remission: bool


@dataclass(frozen=True, slots=True)
class Measurement:
    """One score of one instrument on one day."""

    on: date
    score: Score


@dataclass(frozen=True, slots=True)
class PathwaySeries:
    """A patient's scores for one pathway's instrument in date order; the first is the baseline."""

    pathway: Pathway
    measurements: tuple[Measurement, ...]


@dataclass(frozen=True, slots=True)
class PatientCourse:
    """One patient's course as the practice view needs it.

    ``stopped`` is true once the patient is no longer in treatment, for whatever reason.
    """

    patient: str
    series: tuple[PathwaySeries, ...]
    sessions: int
    adverse_events: int
    stopped: bool


@dataclass(frozen=True, slots=True)
class WeekOutcome:
    """A pathway's figures at one week: how many measured, how many responded, the median."""

    week: int
    measured: int
    responders: int
    response_rate: Decimal | None
    median_change: Decimal | None


@dataclass(frozen=True, slots=True)
class PathwayOutcome:
    """A pathway's figures at each reporting week."""

    pathway: Pathway
    patients: int
    weeks: tuple[WeekOutcome, ...]


@dataclass(frozen=True, slots=True)
class Retention:
    """How many patients stopped before six sessions, among those whose outcome is known."""

    settled: int
    stopped_early: int
    stopped_early_percent: Decimal | None


@dataclass(frozen=True, slots=True)
class PracticeOutcomes:
    """The practice view: response by pathway, adverse events per 100 sessions, retention."""

    pathways: tuple[PathwayOutcome, ...]
    sessions: int
    adverse_events: int
    adverse_events_per_100_sessions: Decimal | None
    retention: Retention


ASSESSMENT_SCORES: Mapping[InstrumentCode, str] = {
    InstrumentCode.PEG: "peg",
    InstrumentCode.PHQ9: "phq9",
    InstrumentCode.GAD7: "gad7",
}
"""The instruments the assessment scores, and the key of each in its stored scores."""


def assessment_baseline(scores: Mapping[str, object], instrument: InstrumentCode) -> Score | None:
    """The assessment's score of ``instrument``, or None when it was not asked.

    The PEG is stored as a number with one decimal; it comes back as that exact decimal.
    """
    key = ASSESSMENT_SCORES.get(instrument)
    value = scores.get(key) if key else None
    if value is None or isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if instrument is InstrumentCode.PEG:
        return round_tenth(Decimal(str(value)))
    return int(value)


def with_assessment_baseline(
    check_ins: Sequence[Measurement], baseline: Measurement | None
) -> tuple[Measurement, ...]:
    """The check-ins in date order, led by the assessment's score when none came before it."""
    ordered = tuple(sorted(check_ins, key=lambda m: m.on))
    if baseline is None or any(m.on < baseline.on for m in ordered):
        return ordered
    return (baseline, *ordered)


def round_tenth(value: Decimal) -> Decimal:
    """``value`` rounded half up to one decimal."""
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


def percent_change(baseline: Score, current: Score) -> Decimal | None:
    """The change from baseline in percent, negative when lower; None when baseline is 0."""
    return None if baseline == 0 else round_tenth(_change(baseline, current))


def fell_by(baseline: Score, current: Score, percent: Decimal) -> bool:
    """Whether ``current`` is at least ``percent`` below a baseline above 0, exactly."""
    if baseline <= 0:
        return False
    fall = Decimal(baseline) - Decimal(current)
    return fall * _HUNDRED >= percent * Decimal(baseline)


def pain_response(baseline: Score, current: Score) -> PainResponse:
    """Whether pain has fallen enough to count as a meaningful or substantial response."""
    if fell_by(baseline, current, SUBSTANTIAL_PAIN_DROP):
        return PainResponse.SUBSTANTIAL
    if fell_by(baseline, current, MEANINGFUL_PAIN_DROP):
        return PainResponse.MEANINGFUL
    return PainResponse.NOT_YET


def phq9_outcome(baseline: int, current: int) -> MoodOutcome:
    """PHQ-9 response (50% or more below baseline) and remission (a score under 5)."""
    return MoodOutcome(
        response=fell_by(baseline, current, MOOD_RESPONSE_DROP),
        remission=current < PHQ9_REMISSION_BELOW,
    )


def describe_pain(baseline: Score, current: Score) -> str:
    """The pain result in plain words for the patient's progress page."""
    change = _change_words(baseline, current)
    match pain_response(baseline, current):
        case PainResponse.SUBSTANTIAL:
            return f"{change} A fall of half or more counts as a substantial improvement."
        case PainResponse.MEANINGFUL:
            return f"{change} A fall of 30% or more counts as a meaningful improvement."
        case PainResponse.NOT_YET:
            return f"{change} A meaningful improvement is a fall of 30% or more."


def describe_phq9(baseline: int, current: int) -> str:
    """The PHQ-9 result in plain words for the patient's progress page."""
    change = _change_words(baseline, current)
    outcome = phq9_outcome(baseline, current)
    if outcome.remission:
        return f"{change} A score under 5 means your mood symptoms are in remission."
    if outcome.response:
        return f"{change} Your score has at least halved, which counts as a response."
    return f"{change} A response means the score has fallen by half or more."


def practice_outcomes(courses: Sequence[PatientCourse]) -> PracticeOutcomes:
    """The practice view over every patient's course."""
    sessions = sum(course.sessions for course in courses)
    adverse_events = sum(course.adverse_events for course in courses)
    return PracticeOutcomes(
        pathways=tuple(
            _pathway_outcome(pathway, rule, courses) for pathway, rule in RESPONSE_RULES.items()
        ),
        sessions=sessions,
        adverse_events=adverse_events,
        adverse_events_per_100_sessions=(
            round_tenth(Decimal(adverse_events) * _HUNDRED / sessions) if sessions else None
        ),
        retention=retention(courses),
    )


def retention(courses: Sequence[PatientCourse]) -> Retention:
    """The share of patients who stopped before their sixth session, among those settled."""
    settled = [c for c in courses if c.stopped or c.sessions >= SESSIONS_FOR_RETENTION]
    stopped_early = sum(1 for c in settled if c.sessions < SESSIONS_FOR_RETENTION)
    percent = round_tenth(Decimal(stopped_early) * _HUNDRED / len(settled)) if settled else None
    return Retention(len(settled), stopped_early, percent)


def measurement_at_week(series: PathwaySeries, week: int) -> Measurement | None:
    """The measurement nearest to ``week`` weeks after baseline, within 7 days either side."""
    if not series.measurements:
        return None
    target = series.measurements[0].on + timedelta(weeks=week)
    window = timedelta(days=WEEK_WINDOW_DAYS)
    candidates = [m for m in series.measurements[1:] if abs(m.on - target) <= window]
    if not candidates:
        return None
    return min(candidates, key=lambda m: (abs(m.on - target), m.on))


def _pathway_outcome(
    pathway: Pathway, rule: ResponseRule, courses: Sequence[PatientCourse]
) -> PathwayOutcome:
    series = [s for course in courses for s in course.series if s.pathway is pathway]
    return PathwayOutcome(
        pathway, len(series), tuple(_week_outcome(rule, series, week) for week in REPORT_WEEKS)
    )


def _week_outcome(rule: ResponseRule, series: list[PathwaySeries], week: int) -> WeekOutcome:
    pairs = [
        (s.measurements[0].score, found.score)
        for s in series
        if s.measurements[0].score != 0 and (found := measurement_at_week(s, week)) is not None
    ]
    responders = sum(
        1 for baseline, current in pairs if fell_by(baseline, current, rule.drop_percent)
    )
    changes = [_change(baseline, current) for baseline, current in pairs]
    return WeekOutcome(
        week=week,
        measured=len(pairs),
        responders=responders,
        response_rate=round_tenth(Decimal(responders) * _HUNDRED / len(pairs)) if pairs else None,
        median_change=round_tenth(median(changes)) if changes else None,
    )


def _change(baseline: Score, current: Score) -> Decimal:
    return (Decimal(current) - Decimal(baseline)) * _HUNDRED / Decimal(baseline)


def _change_words(baseline: Score, current: Score) -> str:
    change = percent_change(baseline, current)
    if change is None:
        return f"Your score is {current}; there was no score to compare it with at the start."
    if change < 0:
        return f"Your score is {current}, {-change}% lower than at the start ({baseline})."
    if change > 0:
        return f"Your score is {current}, {change}% higher than at the start ({baseline})."
    return f"Your score is {current}, the same as at the start."
