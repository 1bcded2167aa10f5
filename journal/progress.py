"""A patient's scores over time, as the progress page and the printable summary show them.

Each charted instrument (PEG, PHQ-9, GAD-7) is a series of the patient's completed
check-ins, led by the score of their assessment when it asked that instrument's questions
and no check-in came before it (``clinical.outcomes.with_assessment_baseline``). The first
point is the baseline; the change is the latest score against it.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from clinical import outcomes
from journal.actions import patient_zone
from journal.charts import Point, line_chart
from journal.models import CheckIn
from patients.models import Patient
from questionnaires.instruments import INSTRUMENTS, InstrumentCode

CHARTED = (InstrumentCode.PEG, InstrumentCode.PHQ9, InstrumentCode.GAD7)


@dataclass(frozen=True, slots=True)
class ScoreSeries:
    """One instrument over time; ``points[0]`` is the baseline."""

    code: str
    title: str
    highest: int | Decimal
    points: list[Point]
    baseline_label: str
    words: str
    svg: SafeString

    @property
    def from_assessment(self) -> bool:
        """Whether the baseline is the assessment's score rather than a check-in."""
        return self.baseline_label != "baseline"

    @property
    def change(self) -> Decimal | None:
        """The latest score's change from baseline in percent (None with one point)."""
        if len(self.points) < 2:
            return None
        return outcomes.percent_change(self.points[0].score, self.points[-1].score)


def stored_score(value: str) -> int | Decimal:
    """A stored total ("8" or "5.0") as the number it was scored as."""
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() and "." not in value else number


def _number(value: int | Decimal) -> str:
    """A score or a percent as the page's language writes it: 5.7, or 5,7 in Spanish."""
    return formats.number_format(value)


def _change_words(baseline: int | Decimal, current: int | Decimal) -> str:
    change = outcomes.percent_change(baseline, current)
    score = {"current": _number(current), "baseline": _number(baseline)}
    if change is None:
        return (
            gettext(
                "Your score is %(current)s; there was no score to compare it with at the start."
            )
            % score
        )
    if change < 0:
        return gettext(
            "Your score is %(current)s, %(change)s%% lower than at the start (%(baseline)s)."
        ) % {**score, "change": _number(-change)}
    if change > 0:
        return gettext(
            "Your score is %(current)s, %(change)s%% higher than at the start (%(baseline)s)."
        ) % {**score, "change": _number(change)}
    return gettext("Your score is %(current)s, the same as at the start.") % score


def describe(code: InstrumentCode, baseline: int | Decimal, current: int | Decimal) -> str:
    """The change from baseline and what it means, in the patient's words and language.

    The verdicts are ``clinical.outcomes``'s; the sentences are the ones
    ``outcomes.describe_pain`` and ``outcomes.describe_phq9`` say in English."""
    words = _change_words(baseline, current)
    if code is InstrumentCode.PEG:
        match outcomes.pain_response(baseline, current):
            case outcomes.PainResponse.SUBSTANTIAL:
                meaning = gettext("A fall of half or more counts as a substantial improvement.")
            case outcomes.PainResponse.MEANINGFUL:
                # xgettext:no-python-format
                meaning = gettext("A fall of 30% or more counts as a meaningful improvement.")
            case outcomes.PainResponse.NOT_YET:
                # xgettext:no-python-format
                meaning = gettext("A meaningful improvement is a fall of 30% or more.")
        return f"{words} {meaning}"
    if code is InstrumentCode.PHQ9 and outcomes.phq9_outcome(int(baseline), int(current)).remission:
        return "{} {}".format(
            words, gettext("A score under 5 means your mood symptoms are in remission.")
        )
    if code is not InstrumentCode.PHQ9 and outcomes.percent_change(baseline, current) is None:
        return words
    if outcomes.fell_by(baseline, current, outcomes.MOOD_RESPONSE_DROP):
        return "{} {}".format(
            words, gettext("Your score has at least halved, which counts as a response.")
        )
    return "{} {}".format(words, gettext("A response means the score has fallen by half or more."))


def assessment_measurement(
    patient: Patient, code: InstrumentCode, zone: dt.tzinfo
) -> outcomes.Measurement | None:
    """The assessment's score of ``code`` on the day it was taken, if it asked for it."""
    assessment = patient.assessment
    if assessment is None:
        return None
    score = outcomes.assessment_baseline(assessment.scores or {}, code)
    if score is None:
        return None
    return outcomes.Measurement(assessment.completed_at.astimezone(zone).date(), score)


Describe = Callable[[InstrumentCode, int | Decimal, int | Decimal], str]


def score_series(
    patient: Patient,
    *,
    check_ins: Iterable[CheckIn] | None = None,
    words: Describe = describe,
) -> list[ScoreSeries]:
    """The charted instruments, each with its baseline marked and the change in words.

    ``check_ins`` are the patient's check-ins when the caller has them already (the
    clinician's chart reads them once); ``words`` says the change for the reader: the
    patient's words by default, the clinician's from ``workspace.worklist``.
    """
    zone = patient_zone(patient)
    if check_ins is None:
        check_ins = patient.check_ins.filter(completed_at__isnull=False, instrument__in=CHARTED)
    done = sorted(
        (c for c in check_ins if c.completed_at is not None and c.instrument in CHARTED),
        key=lambda c: (c.completed_at, c.pk),
    )
    found = []
    for code in CHARTED:
        measured = [
            outcomes.Measurement(
                c.completed_at.astimezone(zone).date(), stored_score(str(c.score["total"]))
            )
            for c in done
            if c.instrument == code and c.completed_at is not None
        ]
        from_assessment = assessment_measurement(patient, code, zone)
        series = outcomes.with_assessment_baseline(measured, from_assessment)
        points = [Point(m.on, m.score) for m in series]
        label = (
            gettext("baseline (assessment, %(date)s)")
            % {"date": formats.date_format(points[0].on, pgettext("a day", "j F Y"))}
            if points and from_assessment is not None and series[0] is from_assessment
            else gettext("baseline")
        )
        definition = INSTRUMENTS.in_language(code, translation.get_language())
        found.append(
            ScoreSeries(
                code=code.value,
                title=definition.title,
                highest=definition.highest_total,
                points=points,
                baseline_label=label,
                words=words(code, points[0].score, points[-1].score) if len(points) > 1 else "",
                svg=mark_safe(  # noqa: S308 - numbers and escaped text only
                    line_chart(
                        gettext("%(title)s over time") % {"title": definition.title},
                        points,
                        definition.highest_total,
                        baseline_label=label,
                    )
                ),
            )
        )
    return found
