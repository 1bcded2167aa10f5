"""The check-in instruments as data, the checks on a set of responses, and their scores.

A check-in asks one published instrument: PEG for the pain pathways, PHQ-9 for depression,
GAD-7 for anxiety, PC-PTSD-5 for PTSD, or the single pain-now rating. The items of the four
published instruments are the ones the patient already met in the eligibility assessment
(``assessment.engine.questionnaire``): the same wording, answer options and LOINC codes, so a
check-in score sits on the same scale as the baseline taken at the assessment. The PEG score
is the assessment engine's ``peg_score``, so the two can never round differently.

Responses are a mapping of item id to answer: an ``int`` for a rating or frequency item, a
``bool`` (True for yes) for a PC-PTSD-5 item.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from assessment.engine.questionnaire import INSTRUMENTS as ASSESSMENT_INSTRUMENTS
from assessment.engine.questionnaire import QUESTIONNAIRE
from assessment.engine.rules import peg_score

type Response = int | bool
type Responses = Mapping[str, Response]


class InstrumentCode(StrEnum):
    """Which instrument a check-in asked; the value is what a stored check-in records."""

    PEG = "peg"
    PHQ9 = "phq9"
    GAD7 = "gad7"
    PC_PTSD5 = "pc_ptsd5"
    PAIN_NOW = "pain_now"


class AnswerKind(StrEnum):
    """How an item is answered: a whole number in a range, or yes/no."""

    RATING = "rating"
    YES_NO = "yes_no"


class Severity(StrEnum):
    """A severity band of the PHQ-9 or GAD-7 total."""

    MINIMAL = "minimal"
    MILD = "mild"
    MODERATE = "moderate"
    MODERATELY_SEVERE = "moderately_severe"
    SEVERE = "severe"

    @property
    def label(self) -> str:
        """The band in plain words ("moderately severe")."""
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class AnswerOption:
    """One labelled answer of a frequency item (0 "Not at all" … 3 "Nearly every day")."""

    value: int
    label: str


@dataclass(frozen=True, slots=True)
class Item:
    """One question of an instrument, with the range its answer must fall in."""

    id: str
    label: str
    kind: AnswerKind
    minimum: int = 0
    maximum: int = 1
    options: tuple[AnswerOption, ...] = ()
    loinc: str | None = None


@dataclass(frozen=True, slots=True)
class Band:
    """A range of totals, both ends included, and the severity it stands for."""

    lowest: int
    highest: int
    severity: Severity


@dataclass(frozen=True, slots=True)
class Instrument:
    """A check-in instrument: its items, how it is coded, and the bands of its total."""

    code: InstrumentCode
    title: str
    intro: str
    items: tuple[Item, ...]
    loinc_panel: str | None
    loinc_total: str | None
    bands: tuple[Band, ...] = ()

    @property
    def item_ids(self) -> tuple[str, ...]:
        """The ids of its items, in the order they are asked."""
        return tuple(item.id for item in self.items)

    @property
    def highest_total(self) -> int:
        """The largest total (or, for PEG, the largest mean) the instrument can give."""
        if self.code is InstrumentCode.PEG:
            return self.items[0].maximum
        return sum(item.maximum for item in self.items)


@dataclass(frozen=True, slots=True)
class CheckInScore:
    """The score of one completed check-in and what it calls for.

    ``total`` is a ``Decimal`` mean with one decimal for PEG and a whole number otherwise.
    ``crisis`` is true when PHQ-9 item 9 was answered 1 or more: the crisis resources are
    shown at once and the clinician gets a same-day flag.
    """

    instrument: InstrumentCode
    total: int | Decimal
    severity: Severity | None = None
    positive_screen: bool | None = None
    crisis: bool = False

    @property
    def plain(self) -> str:
        """The result in one plain sentence for the patient's progress page."""
        instrument = INSTRUMENTS[self.instrument]
        sentence = f"{instrument.title}: {self.total} out of {instrument.highest_total}"
        if self.severity is not None:
            sentence += f" ({self.severity.label})"
        if self.positive_screen is not None:
            sentence += (
                ", which suggests PTSD symptoms worth talking through with your clinician"
                if self.positive_screen
                else ", below the level that suggests PTSD"
            )
        return sentence + "."

    def as_record(self) -> dict[str, object]:
        """The score as a check-in keeps it (``journal.models.CheckIn.score``)."""
        return {
            "total": str(self.total),
            "severity": str(self.severity) if self.severity else None,
            "positive_screen": self.positive_screen,
            "crisis": self.crisis,
            "plain": self.plain,
        }


PHQ9_BANDS = (
    Band(0, 4, Severity.MINIMAL),
    Band(5, 9, Severity.MILD),
    Band(10, 14, Severity.MODERATE),
    Band(15, 19, Severity.MODERATELY_SEVERE),
    Band(20, 27, Severity.SEVERE),
)
GAD7_BANDS = (
    Band(0, 4, Severity.MINIMAL),
    Band(5, 9, Severity.MILD),
    Band(10, 14, Severity.MODERATE),
    Band(15, 21, Severity.SEVERE),
)
PHQ9_CRISIS_ITEM = "phq9_9"
PC_PTSD5_POSITIVE_FROM = 4
PAIN_SEVERITY_LOINC = "72514-3"

_ITEM_IDS = {
    InstrumentCode.PEG: ("peg_1", "peg_2", "peg_3"),
    InstrumentCode.PHQ9: tuple(f"phq9_{n}" for n in range(1, 10)),
    InstrumentCode.GAD7: tuple(f"gad7_{n}" for n in range(1, 8)),
    InstrumentCode.PC_PTSD5: tuple(f"pc_ptsd5_{n}" for n in range(1, 6)),
}


def _assessment_item(item_id: str) -> Item:
    question = QUESTIONNAIRE.questions[item_id]
    if question.instrument == InstrumentCode.PC_PTSD5:
        return Item(item_id, question.text, AnswerKind.YES_NO)
    assert question.minimum is not None and question.maximum is not None
    return Item(
        item_id,
        question.text,
        AnswerKind.RATING,
        question.minimum,
        question.maximum,
        tuple(AnswerOption(int(o.value), o.label) for o in question.options),
        question.loinc,
    )


def _published(code: InstrumentCode, bands: tuple[Band, ...] = ()) -> Instrument:
    source = ASSESSMENT_INSTRUMENTS[code]
    return Instrument(
        code=code,
        title=source.title,
        intro=source.intro,
        items=tuple(_assessment_item(item_id) for item_id in _ITEM_IDS[code]),
        loinc_panel=source.loinc_panel,
        loinc_total=source.loinc_score,
        bands=bands,
    )


PAIN_NOW = Instrument(
    code=InstrumentCode.PAIN_NOW,
    title="Pain right now",
    intro="Pick the number that fits your pain at this moment.",
    items=(
        Item(
            "pain_now",
            "Your pain right now, from 0 (no pain) to 10 (the worst you can imagine)",
            AnswerKind.RATING,
            0,
            10,
            loinc=PAIN_SEVERITY_LOINC,
        ),
    ),
    loinc_panel=None,
    loinc_total=PAIN_SEVERITY_LOINC,
)

INSTRUMENTS: Mapping[InstrumentCode, Instrument] = {
    InstrumentCode.PEG: _published(InstrumentCode.PEG),
    InstrumentCode.PHQ9: _published(InstrumentCode.PHQ9, PHQ9_BANDS),
    InstrumentCode.GAD7: _published(InstrumentCode.GAD7, GAD7_BANDS),
    InstrumentCode.PC_PTSD5: _published(InstrumentCode.PC_PTSD5),
    InstrumentCode.PAIN_NOW: PAIN_NOW,
}


def validate_responses(instrument: Instrument, responses: Mapping[str, object]) -> list[str]:
    """Every problem with a set of responses, in plain words; empty when they can be scored."""
    problems = [
        problem
        for number, item in enumerate(instrument.items, start=1)
        if (problem := _item_problem(number, item, responses)) is not None
    ]
    problems.extend(
        f"“{item_id}” is not a question of {instrument.title}."
        for item_id in responses
        if item_id not in instrument.item_ids
    )
    return problems


def score_responses(instrument: Instrument, responses: Responses) -> CheckInScore:
    """The score of a complete, valid set of responses (ValueError when it is not valid)."""
    if problems := validate_responses(instrument, responses):
        raise ValueError(" ".join(problems))
    answers = tuple(int(responses[item_id]) for item_id in instrument.item_ids)
    match instrument.code:
        case InstrumentCode.PEG:
            return CheckInScore(instrument.code, peg_score(answers))
        case InstrumentCode.PC_PTSD5:
            total = sum(answers)
            return CheckInScore(
                instrument.code, total, positive_screen=total >= PC_PTSD5_POSITIVE_FROM
            )
        case InstrumentCode.PHQ9:
            total = sum(answers)
            crisis = int(responses[PHQ9_CRISIS_ITEM]) >= 1
            severity = severity_of(total, PHQ9_BANDS)
            return CheckInScore(instrument.code, total, severity=severity, crisis=crisis)
        case InstrumentCode.GAD7:
            total = sum(answers)
            return CheckInScore(instrument.code, total, severity=severity_of(total, GAD7_BANDS))
        case InstrumentCode.PAIN_NOW:
            return CheckInScore(instrument.code, answers[0])


def severity_of(total: int, bands: tuple[Band, ...]) -> Severity:
    """The severity band a total falls in (ValueError when it falls in none)."""
    for band in bands:
        if band.lowest <= total <= band.highest:
            return band.severity
    raise ValueError(f"{total} is outside every band")


def _item_problem(number: int, item: Item, responses: Mapping[str, object]) -> str | None:
    if item.id not in responses or responses[item.id] is None:
        return f"Question {number} has no answer yet."
    answer = responses[item.id]
    if item.kind is AnswerKind.YES_NO:
        return None if isinstance(answer, bool) else f"Question {number} takes yes or no."
    in_range = (
        isinstance(answer, int)
        and not isinstance(answer, bool)
        and item.minimum <= answer <= item.maximum
    )
    if in_range:
        return None
    return f"Question {number} takes a whole number from {item.minimum} to {item.maximum}."
