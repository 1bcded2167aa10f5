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

For the practice (``practice_outcomes``), per pathway at weeks 4, 8 and 12, counted from
each patient's first dose (the day of their first home session), never from the assessment
or the first measurement; a patient with no dose yet is in no week's figures:

- A patient's value at week N is their measurement nearest to N weeks after the first dose,
  within 7 days either side (on a tie, the earlier one), other than the baseline itself.
- Per protocol: only the patients with such a value (and a baseline above 0 to fall from).
- Intention to treat: every patient on the pathway who took a first dose and whose week-N
  window has closed, or who was measured in it; those who stopped or have no value count as
  non-responders. A patient whose window is still open and who has no value yet is not
  counted at that week by either figure.
- The median change is over the per-protocol patients.

Adverse events per 100 sessions, all and serious apart. Serious: an adverse event graded
serious, or a flag that opens the adverse-event hold (``SERIOUS_FLAGS``: a severe reaction,
a very high blood pressure after a session). All: every adverse event of any grade, and
those flags.

Stopped before six sessions: among the patients who took a first dose and either stopped
or reached six sessions, how many stopped before their sixth; those who stopped before any
dose are counted apart.

Percentages are rounded half up to one decimal; every comparison with a threshold is made
on the exact value before rounding.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from statistics import median

from clinical.holds import FLAG_OPENS_HOLD, FlagKind, Hold
from questionnaires.instruments import InstrumentCode

MEANINGFUL_PAIN_DROP = Decimal(30)
SUBSTANTIAL_PAIN_DROP = Decimal(50)
MOOD_RESPONSE_DROP = Decimal(50)
PHQ9_REMISSION_BELOW = 5
REPORT_WEEKS = (4, 8, 12)
WEEK_WINDOW_DAYS = 7
EARLY_STOP_SESSIONS = 6
"""Stopping before this many sessions counts as stopping early."""

SERIOUS_FLAGS: frozenset[FlagKind] = frozenset(
    kind for kind, hold in FLAG_OPENS_HOLD.items() if hold is Hold.ADVERSE_EVENT
)
"""Flags that count as a serious adverse event: those that open the adverse-event hold."""

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
    """A patient's scores for one pathway's instrument in date order; the first is the baseline.

    Empty when the patient is on the pathway and has no score of its instrument yet.
    """

    pathway: Pathway
    measurements: tuple[Measurement, ...]


@dataclass(frozen=True, slots=True)
class PatientCourse:
    """One patient's course as the practice view needs it.

    ``first_dose`` is the day of their first home session in their own time zone (None
    before it); ``series`` has one entry for each pathway with a response rule they are on,
    measured or not. ``serious_adverse_events`` are counted within ``adverse_events``
    (``count_adverse_events``). ``stopped`` is true once the patient is no longer in
    treatment, for whatever reason.
    """

    patient: str
    first_dose: date | None
    series: tuple[PathwaySeries, ...]
    sessions: int
    adverse_events: int
    serious_adverse_events: int
    stopped: bool


@dataclass(frozen=True, slots=True)
class WeekOutcome:
    """A pathway's figures at one week, intention to treat beside per protocol.

    ``responders`` is the same number in both; only the denominator differs.
    """

    week: int
    intention_to_treat: int
    per_protocol: int
    responders: int
    intention_to_treat_rate: Decimal | None
    per_protocol_rate: Decimal | None
    median_change: Decimal | None


@dataclass(frozen=True, slots=True)
class PathwayOutcome:
    """A pathway's figures at each reporting week.

    ``patients`` took a first dose; ``not_started`` are on the pathway with no dose yet and
    are in no week's figures.
    """

    pathway: Pathway
    patients: int
    not_started: int
    weeks: tuple[WeekOutcome, ...]


@dataclass(frozen=True, slots=True)
class AdverseEventCount:
    """Adverse events of one patient: all of them, and the serious among them."""

    all: int
    serious: int


@dataclass(frozen=True, slots=True)
class StoppedEarly:
    """How many stopped before their sixth session, among those who took a first dose and
    either stopped or reached six sessions (``known``); and, apart, how many stopped
    before any dose."""

    known: int
    stopped_early: int
    percent: Decimal | None
    stopped_before_first_dose: int


@dataclass(frozen=True, slots=True)
class PracticeOutcomes:
    """The practice view: response by pathway, adverse events per 100 sessions (all and
    serious), and who stopped before six sessions."""

    pathways: tuple[PathwayOutcome, ...]
    sessions: int
    adverse_events: int
    adverse_events_per_100_sessions: Decimal | None
    serious_adverse_events: int
    serious_adverse_events_per_100_sessions: Decimal | None
    stopped_early: StoppedEarly


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


def practice_outcomes(courses: Sequence[PatientCourse], today: date) -> PracticeOutcomes:
    """The practice view over every patient's course, as it stands on ``today``."""
    sessions = sum(course.sessions for course in courses)
    adverse_events = sum(course.adverse_events for course in courses)
    serious = sum(course.serious_adverse_events for course in courses)
    return PracticeOutcomes(
        pathways=tuple(
            _pathway_outcome(pathway, rule, courses, today)
            for pathway, rule in RESPONSE_RULES.items()
        ),
        sessions=sessions,
        adverse_events=adverse_events,
        adverse_events_per_100_sessions=per_100(adverse_events, sessions),
        serious_adverse_events=serious,
        serious_adverse_events_per_100_sessions=per_100(serious, sessions),
        stopped_early=stopped_before_six(courses),
    )


def count_adverse_events(
    graded_serious: Iterable[bool], flags: Iterable[FlagKind]
) -> AdverseEventCount:
    """A patient's adverse events: each recorded one (``True`` when graded serious) counts,
    and so does each flag that opens the adverse-event hold, always as serious. Other flags
    (bladder, vomiting, high dissociation, thoughts of self-harm) are not adverse events.

    Each record counts once: a reaction the journal flagged and a clinician also entered
    as an adverse event counts twice.
    """
    events = list(graded_serious)
    hold_flags = sum(1 for flag in flags if flag in SERIOUS_FLAGS)
    return AdverseEventCount(
        all=len(events) + hold_flags, serious=sum(1 for s in events if s) + hold_flags
    )


def per_100(events: int, sessions: int) -> Decimal | None:
    """Events per 100 sessions, rounded half up to a tenth; None without sessions."""
    return round_tenth(Decimal(events) * _HUNDRED / sessions) if sessions else None


def stopped_before_six(courses: Sequence[PatientCourse]) -> StoppedEarly:
    """Who stopped before their sixth session, among those who took a first dose and whose
    outcome is known (they stopped, or reached six sessions)."""
    dosed = [c for c in courses if c.first_dose is not None]
    known = [c for c in dosed if c.stopped or c.sessions >= EARLY_STOP_SESSIONS]
    early = sum(1 for c in known if c.sessions < EARLY_STOP_SESSIONS)
    return StoppedEarly(
        known=len(known),
        stopped_early=early,
        percent=_percent(early, len(known)),
        stopped_before_first_dose=sum(1 for c in courses if c.stopped and c.first_dose is None),
    )


def week_window(first_dose: date, week: int) -> tuple[date, date]:
    """The first and last day of the week-``week`` window: 7 days either side of the day
    ``week`` weeks after the first dose."""
    target = first_dose + timedelta(weeks=week)
    window = timedelta(days=WEEK_WINDOW_DAYS)
    return target - window, target + window


def measurement_at_week(series: PathwaySeries, first_dose: date, week: int) -> Measurement | None:
    """The measurement nearest to ``week`` weeks after the first dose, within 7 days either
    side (on a tie, the earlier); never the baseline itself."""
    first, last = week_window(first_dose, week)
    target = first_dose + timedelta(weeks=week)
    candidates = [m for m in series.measurements[1:] if first <= m.on <= last]
    if not candidates:
        return None
    return min(candidates, key=lambda m: (abs(m.on - target), m.on))


def reported_only(course: PatientCourse) -> PatientCourse:
    """The course with only what the practice's figures read of its series: the baseline,
    and the measurement taken at each reporting week (``measurement_at_week``). Its figures
    are the same as the whole course's; the rest of its check-ins need not be kept."""
    if course.first_dose is None:
        return replace(
            course, series=tuple(replace(s, measurements=s.measurements[:1]) for s in course.series)
        )
    series = []
    for whole in course.series:
        found = {measurement_at_week(whole, course.first_dose, week) for week in REPORT_WEEKS}
        kept = [m for m in whole.measurements[1:] if m in found]
        series.append(replace(whole, measurements=(*whole.measurements[:1], *kept)))
    return replace(course, series=tuple(series))


def is_due(series: PathwaySeries, first_dose: date, week: int, today: date) -> bool:
    """Whether the patient counts at ``week`` by intention to treat: measured in the window,
    or the window is over (``today`` is past its last day)."""
    return (
        measurement_at_week(series, first_dose, week) is not None
        or today > week_window(first_dose, week)[1]
    )


def _pathway_outcome(
    pathway: Pathway, rule: ResponseRule, courses: Sequence[PatientCourse], today: date
) -> PathwayOutcome:
    on_pathway = [
        (course.first_dose, series)
        for course in courses
        for series in course.series
        if series.pathway is pathway
    ]
    dosed = [(first, series) for first, series in on_pathway if first is not None]
    return PathwayOutcome(
        pathway,
        patients=len(dosed),
        not_started=len(on_pathway) - len(dosed),
        weeks=tuple(_week_outcome(rule, dosed, week, today) for week in REPORT_WEEKS),
    )


def _week_outcome(
    rule: ResponseRule, dosed: list[tuple[date, PathwaySeries]], week: int, today: date
) -> WeekOutcome:
    due = 0
    pairs: list[tuple[Score, Score]] = []
    for first_dose, series in dosed:
        if not is_due(series, first_dose, week, today):
            continue
        due += 1
        found = measurement_at_week(series, first_dose, week)
        if found is not None and series.measurements[0].score != 0:
            pairs.append((series.measurements[0].score, found.score))
    responders = sum(
        1 for baseline, current in pairs if fell_by(baseline, current, rule.drop_percent)
    )
    changes = [_change(baseline, current) for baseline, current in pairs]
    return WeekOutcome(
        week=week,
        intention_to_treat=due,
        per_protocol=len(pairs),
        responders=responders,
        intention_to_treat_rate=_percent(responders, due),
        per_protocol_rate=_percent(responders, len(pairs)),
        median_change=round_tenth(median(changes)) if changes else None,
    )


def _percent(part: int, whole: int) -> Decimal | None:
    return round_tenth(Decimal(part) * _HUNDRED / whole) if whole else None


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
