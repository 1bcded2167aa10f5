"""The check-in instruments as data, the checks on a set of responses, and their scores.

A check-in asks one published instrument: PEG for the pain pathways, PHQ-9 for mood (every
patient, whatever the pathway), GAD-7 for anxiety, PCL-5 for PTSD, or the single pain-now
rating. The PC-PTSD-5 screen stays scorable for the assessment's baseline and older records.

The wording shown is our own unless the practice supplies the published wording
(``questionnaires.wording``, docs/instrument-wording.md). Our own wording of PEG, PHQ-9, GAD-7 and
PC-PTSD-5 is the assessment's (``questionnaires.assessment.questionnaire``): the same words, answer
options and LOINC codes, so a check-in score sits on the same scale as the baseline taken
at the assessment. Our PCL-5 wording is written here. Every instrument carries its
``Wording``, which says which words were shown and is marked "adapted from …" on every page
and in FHIR when it is ours. The items, answer values and scoring never change with the
wording: a practice's file is refused unless they match the instrument as defined here.

Every instrument is asked in English or Spanish (``LANGUAGES``). Our Spanish wording
(``questionnaires.adapted_es``) is our adapted English put into Spanish, marked as adapted in
Spanish; a practice may supply a published Spanish translation as a wording file of its own.
``INSTRUMENTS.in_language`` gives an instrument in a language; ``INSTRUMENTS[code]`` is the
English. The items, answer values and scoring are the same in either language, so a score
does not depend on the language it was answered in.

The PEG score is the assessment engine's ``peg_score``, so the two can never round
differently. Responses are a mapping of item id to answer: an ``int`` for a rating or
frequency item, a ``bool`` (True for yes) for a PC-PTSD-5 item.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from questionnaires.adapted_es import WORDS as SPANISH_WORDS
from questionnaires.assessment.questionnaire import INSTRUMENTS as ASSESSMENT_INSTRUMENTS
from questionnaires.assessment.questionnaire import QUESTIONNAIRE
from questionnaires.assessment.rules import peg_score

type Response = int | bool
type Responses = Mapping[str, Response]


class InstrumentCode(StrEnum):
    """Which instrument a check-in asked; the value is what a stored check-in records."""

    PEG = "peg"
    PHQ9 = "phq9"
    GAD7 = "gad7"
    PC_PTSD5 = "pc_ptsd5"
    PCL5 = "pcl5"
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


class ScoringMethod(StrEnum):
    """How the answers make the score."""

    SUM = "sum"
    MEAN = "mean"
    COUNT_YES = "count_yes"


class WordingKind(StrEnum):
    """Whose words an instrument is shown in."""

    ADAPTED = "adapted"
    """Our own words, adapted from a published instrument: not its validated wording."""
    PUBLISHED = "published"
    """The published wording, supplied by the practice in a wording file."""
    OWN = "own"
    """A question of the practice's own, not taken from any published instrument."""


ADAPTED_WORDING_REF = "adapted-1"
"""What a check-in answered in our adapted wording records; a new number when it changes."""
OWN_WORDING_REF = "own-1"
"""What a check-in answered in a question of our own (pain now) records."""
ADAPTED_ES_WORDING_REF = "adapted-es-1"
"""What a check-in answered in our adapted Spanish wording records; a new number when it
changes."""
OWN_ES_WORDING_REF = "own-es-1"
"""What a check-in answered in our own question (pain now) in Spanish records."""

ENGLISH = "en"
SPANISH = "es"
LANGUAGES = (ENGLISH, SPANISH)
"""The languages an instrument is asked in, as language codes; English is the default."""


def language_of(code: str | None) -> str:
    """The language of ``LANGUAGES`` a language code stands for ("es-mx" is Spanish);
    English for any other, or none."""
    main = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return main if main in LANGUAGES else ENGLISH


@dataclass(frozen=True, slots=True)
class Wording:
    """Which words an instrument is shown in, and where they come from.

    ``ref`` is what a completed check-in records (``CheckIn.wording``): ``adapted-1`` for
    our adapted wording (``adapted-es-1`` in Spanish), ``own-1`` for a question of our own
    (``own-es-1`` in Spanish), and ``published-`` with the first 12 hex digits of the
    wording file's SHA-256 for a practice's published wording. ``language`` is the language
    the words are in (``LANGUAGES``).
    """

    kind: WordingKind
    ref: str
    instrument: str
    """The instrument's short name ("PHQ-9")."""
    citation: str = ""
    permission: str = ""
    url: str = ""
    version: str = ""
    file: str = ""
    language: str = ENGLISH

    @property
    def adapted(self) -> bool:
        return self.kind is WordingKind.ADAPTED

    @property
    def mark(self) -> str:
        """The sentence shown beside the questions, in the summary and in FHIR, in the
        wording's own language."""
        if self.language == SPANISH:
            return self._mark_es
        match self.kind:
            case WordingKind.ADAPTED:
                return (
                    f"Adapted from the {self.instrument}: these questions are in our own words, "
                    f"not the {self.instrument}'s validated wording."
                )
            case WordingKind.PUBLISHED:
                return f"The published wording of the {self.instrument}, supplied by the practice."
            case WordingKind.OWN:
                return "A question of our own, not taken from a published questionnaire."

    @property
    def _mark_es(self) -> str:
        match self.kind:
            case WordingKind.ADAPTED:
                return (
                    f"Adaptado del {self.instrument}: estas preguntas están en nuestras propias "
                    f"palabras, no en la redacción validada del {self.instrument}."
                )
            case WordingKind.PUBLISHED:
                return (
                    f"La redacción publicada del {self.instrument}, proporcionada por el "
                    "consultorio."
                )
            case WordingKind.OWN:
                return "Una pregunta nuestra, no tomada de un cuestionario publicado."


@dataclass(frozen=True, slots=True)
class AnswerOption:
    """One labelled answer of an item (0 "Not at all" … 3 "Nearly every day")."""

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

    @property
    def answer_values(self) -> tuple[int, ...]:
        """Every value the item takes, lowest first (yes is 1, no is 0)."""
        if self.options:
            return tuple(sorted(option.value for option in self.options))
        return tuple(range(self.minimum, self.maximum + 1))


@dataclass(frozen=True, slots=True)
class Band:
    """A range of totals, both ends included, and the severity it stands for."""

    lowest: int
    highest: int
    severity: Severity


@dataclass(frozen=True, slots=True)
class Scoring:
    """How an instrument is scored and the range its score falls in."""

    method: ScoringMethod
    lowest: int
    highest: int


@dataclass(frozen=True, slots=True)
class Instrument:
    """A check-in instrument: its items, how it is coded, the bands of its total, and the
    wording it is shown in."""

    code: InstrumentCode
    title: str
    intro: str
    items: tuple[Item, ...]
    loinc_panel: str | None
    loinc_total: str | None
    wording: Wording
    bands: tuple[Band, ...] = ()

    @property
    def name(self) -> str:
        """The instrument's short name ("PHQ-9")."""
        return self.wording.instrument

    @property
    def item_ids(self) -> tuple[str, ...]:
        """The ids of its items, in the order they are asked."""
        return tuple(item.id for item in self.items)

    @property
    def highest_total(self) -> int:
        """The largest total (or, for PEG, the largest mean) the instrument can give."""
        return self.scoring.highest

    @property
    def scoring(self) -> Scoring:
        """How the code scores it: a wording file must state exactly this."""
        if self.code is InstrumentCode.PEG:
            return Scoring(ScoringMethod.MEAN, self.items[0].minimum, self.items[0].maximum)
        lowest = sum(item.minimum for item in self.items)
        highest = sum(item.maximum for item in self.items)
        if all(item.kind is AnswerKind.YES_NO for item in self.items):
            return Scoring(ScoringMethod.COUNT_YES, lowest, highest)
        return Scoring(ScoringMethod.SUM, lowest, highest)


@dataclass(frozen=True, slots=True)
class CheckInScore:
    """The score of one completed check-in and what it calls for.

    ``total`` is a ``Decimal`` mean with one decimal for PEG and a whole number otherwise.
    ``positive_screen`` is the PC-PTSD-5 screen result, or for the PCL-5 whether the total
    reaches the probable-PTSD cut point. ``crisis`` is true when PHQ-9 item 9 was answered 1
    or more: the crisis resources are shown at once and the clinician gets a same-day flag.
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
PCL5_PROBABLE_PTSD_FROM = 33
"""A PCL-5 total of 33 or more suggests probable PTSD: the top of the 31 to 33 range that
Bovin et al. 2016 (Psychol Assess, doi 10.1037/pas0000254) found optimally efficient against
the CAPS-5. The practice takes the top of that range; it is a prompt to talk, not a
diagnosis."""
PAIN_SEVERITY_LOINC = "72514-3"
PCL5_LOINC_PANEL = "101697-1"
PCL5_LOINC_TOTAL = "101698-9"

SHORT_NAMES = {
    InstrumentCode.PEG: "PEG",
    InstrumentCode.PHQ9: "PHQ-9",
    InstrumentCode.GAD7: "GAD-7",
    InstrumentCode.PC_PTSD5: "PC-PTSD-5",
    InstrumentCode.PCL5: "PCL-5",
    InstrumentCode.PAIN_NOW: "pain-now rating",
}

_ITEM_IDS = {
    InstrumentCode.PEG: ("peg_1", "peg_2", "peg_3"),
    InstrumentCode.PHQ9: tuple(f"phq9_{n}" for n in range(1, 10)),
    InstrumentCode.GAD7: tuple(f"gad7_{n}" for n in range(1, 8)),
    InstrumentCode.PC_PTSD5: tuple(f"pc_ptsd5_{n}" for n in range(1, 6)),
}


def adapted_wording(code: InstrumentCode, language: str = ENGLISH) -> Wording:
    """Our own wording of a published instrument, in English or Spanish."""
    if language == SPANISH:
        return Wording(
            WordingKind.ADAPTED, ADAPTED_ES_WORDING_REF, SHORT_NAMES[code], language=SPANISH
        )
    return Wording(WordingKind.ADAPTED, ADAPTED_WORDING_REF, SHORT_NAMES[code])


def wording_of(code: InstrumentCode, ref: str, language: str = "") -> Wording:
    """The wording a check-in of ``code`` recorded as ``ref`` (``CheckIn.wording``) in
    ``language`` (``CheckIn.language``; empty for a check-in from before it was recorded,
    all English): the wording in use when the ref is its, otherwise as much as the ref
    itself says."""
    for spoken in (language_of(language), *LANGUAGES):
        current = INSTRUMENTS.in_language(code, spoken).wording
        if ref == current.ref:
            return current
    if ref.startswith("published-"):
        return Wording(
            WordingKind.PUBLISHED, ref, SHORT_NAMES[code], language=language_of(language)
        )
    spanish = ref.startswith(("adapted-es-", "own-es-")) or language_of(language) == SPANISH
    spoken = SPANISH if spanish else ENGLISH
    if ref.startswith("own-"):
        return Wording(WordingKind.OWN, ref, SHORT_NAMES[code], language=spoken)
    # Our adapted wording, or a check-in from before the wording was recorded (all ours).
    return replace(adapted_wording(code, spoken), ref=ref or ADAPTED_WORDING_REF)


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


def _from_assessment(code: InstrumentCode, bands: tuple[Band, ...] = ()) -> Instrument:
    source = ASSESSMENT_INSTRUMENTS[code]
    return Instrument(
        code=code,
        title=source.title,
        intro=source.intro,
        items=tuple(_assessment_item(item_id) for item_id in _ITEM_IDS[code]),
        loinc_panel=source.loinc_panel,
        loinc_total=source.loinc_score,
        wording=adapted_wording(code),
        bands=bands,
    )


# Our own words for the twenty PTSD symptoms the PCL-5 rates, in its order. No LOINC code
# is given to an item: none could be confirmed from a published source (docs/journal-rules.md).
_PCL5_HOW_MUCH = (
    AnswerOption(0, "Not at all"),
    AnswerOption(1, "Slightly"),
    AnswerOption(2, "Somewhat"),
    AnswerOption(3, "Considerably"),
    AnswerOption(4, "Severely"),
)
_PCL5_ITEMS = (
    "Upsetting memories of what happened that come back when you do not want them",
    "Bad dreams about what happened, again and again",
    "Moments when it felt as if it were happening again and you were back there",
    "Getting very distressed when something brought it back to mind",
    "Your body reacting strongly when reminded of it, such as a racing heart, sweating "
    "or struggling for breath",
    "Pushing away memories, thoughts or feelings about it",
    "Going out of your way to avoid anything that reminds you of it, such as certain places "
    "or people",
    "Being unable to recall important parts of what happened",
    "Harsh beliefs about yourself, others or the world, for instance that you are broken or "
    "that nowhere is safe",
    "Holding yourself, or someone else, at fault for the event or its aftermath",
    "Being gripped by fear, dread, anger, guilt or shame",
    "No longer caring about things you once liked doing",
    "Feeling detached from the people around you",
    "Being unable to feel joy, or warmth towards those you love",
    "Losing your temper, lashing out, or being aggressive",
    "Doing reckless or dangerous things that could get you hurt",
    "Staying constantly on the lookout for danger",
    "Being easily startled by sudden noises or movements",
    "Struggling to keep your mind on a task",
    "Difficulty getting to sleep, or waking and not getting back to sleep",
)
PCL5 = Instrument(
    code=InstrumentCode.PCL5,
    title="Living with a past trauma (PCL-5)",
    intro=(
        "Think of the most upsetting experience that brings you here. Over the past month, "
        "how much has each of these troubled you?"
    ),
    items=tuple(
        Item(f"pcl5_{number}", text, AnswerKind.RATING, 0, 4, _PCL5_HOW_MUCH)
        for number, text in enumerate(_PCL5_ITEMS, start=1)
    ),
    loinc_panel=PCL5_LOINC_PANEL,
    loinc_total=PCL5_LOINC_TOTAL,
    wording=adapted_wording(InstrumentCode.PCL5),
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
    wording=Wording(WordingKind.OWN, OWN_WORDING_REF, SHORT_NAMES[InstrumentCode.PAIN_NOW]),
)

ADAPTED: Mapping[InstrumentCode, Instrument] = {
    InstrumentCode.PEG: _from_assessment(InstrumentCode.PEG),
    InstrumentCode.PHQ9: _from_assessment(InstrumentCode.PHQ9, PHQ9_BANDS),
    InstrumentCode.GAD7: _from_assessment(InstrumentCode.GAD7, GAD7_BANDS),
    InstrumentCode.PC_PTSD5: _from_assessment(InstrumentCode.PC_PTSD5),
    InstrumentCode.PCL5: PCL5,
    InstrumentCode.PAIN_NOW: PAIN_NOW,
}
"""Every instrument in our own wording: what the journal asks when no file is supplied."""


class InstrumentsInUse(Mapping[InstrumentCode, Instrument]):
    """The instruments the journal asks now, in each language: ours, with the practice's
    published wording in place of ours for each instrument and language it supplied
    (``questionnaires.wording``). As a mapping it holds the English.

    The wording is chosen once, when the process starts; ``use`` refuses an instrument whose
    items, answers or scoring differ from ours, so a score means the same in any wording and
    either language.
    """

    def __init__(self, adapted: Mapping[str, Mapping[InstrumentCode, Instrument]]) -> None:
        self._adapted = {language: dict(adapted[language]) for language in LANGUAGES}
        self._current = {language: dict(adapted[language]) for language in LANGUAGES}

    def __getitem__(self, code: InstrumentCode) -> Instrument:
        return self._current[ENGLISH][code]

    def __iter__(self) -> Iterator[InstrumentCode]:
        return iter(self._current[ENGLISH])

    def __len__(self) -> int:
        return len(self._current[ENGLISH])

    def in_language(self, code: InstrumentCode, language: str | None) -> Instrument:
        """The instrument as asked in a language (``language_of``: English unless Spanish)."""
        return self._current[language_of(language)][code]

    def use(self, *published: Mapping[InstrumentCode, Instrument]) -> None:
        """Ask these instruments in their published wording from now on, each in the
        language its wording is in; the rest in ours."""
        current = {language: dict(self._adapted[language]) for language in LANGUAGES}
        for worded in published:
            for code, instrument in worded.items():
                language = instrument.wording.language
                if language not in current or not same_shape(
                    instrument, self._adapted[ENGLISH][code]
                ):
                    raise ValueError(f"The {instrument.name} given does not match the instrument.")
                current[language][code] = instrument
        self._current = current

    def reset(self) -> None:
        """Ask every instrument in our own wording again."""
        self._current = {language: dict(self._adapted[language]) for language in LANGUAGES}


def same_shape(one: Instrument, other: Instrument) -> bool:
    """Whether two wordings of an instrument ask the same items, answers and scoring."""
    return (
        one.code is other.code
        and one.item_ids == other.item_ids
        and [(i.kind, i.answer_values, i.loinc) for i in one.items]
        == [(i.kind, i.answer_values, i.loinc) for i in other.items]
        and one.scoring == other.scoring
        and (one.loinc_panel, one.loinc_total, one.bands)
        == (other.loinc_panel, other.loinc_total, other.bands)
    )


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
        case InstrumentCode.PCL5:
            total = sum(answers)
            return CheckInScore(
                instrument.code, total, positive_screen=total >= PCL5_PROBABLE_PTSD_FROM
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


def with_wording(
    instrument: Instrument,
    wording: Wording,
    *,
    title: str,
    intro: str,
    items: tuple[tuple[str, tuple[AnswerOption, ...]], ...],
) -> Instrument:
    """The instrument in other words: each item's text and labelled answers, in order.

    ValueError when the items or their answer values do not match the instrument's.
    """
    if len(items) != len(instrument.items):
        raise ValueError(
            f"{len(items)} items given; the {instrument.name} has {len(instrument.items)}"
        )
    worded = replace(
        instrument,
        title=title,
        intro=intro,
        wording=wording,
        items=tuple(
            replace(item, label=text, options=options)
            for item, (text, options) in zip(instrument.items, items, strict=True)
        ),
    )
    if not same_shape(worded, instrument):
        raise ValueError(f"the answers given do not match the {instrument.name}'s")
    return worded


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


def _in_spanish(instrument: Instrument) -> Instrument:
    words = SPANISH_WORDS[instrument.code.value]
    kind = instrument.wording.kind
    wording = (
        Wording(WordingKind.OWN, OWN_ES_WORDING_REF, instrument.name, language=SPANISH)
        if kind is WordingKind.OWN
        else adapted_wording(instrument.code, SPANISH)
    )
    items = []
    for item, text in zip(instrument.items, words.items, strict=True):
        labels = words.answers if item.options else ()
        options = tuple(
            AnswerOption(option.value, label)
            for option, label in zip(item.options, labels, strict=True)
        )
        items.append((text, options))
    return with_wording(
        instrument, wording, title=words.title, intro=words.intro, items=tuple(items)
    )


ADAPTED_ES: Mapping[InstrumentCode, Instrument] = {
    code: _in_spanish(instrument) for code, instrument in ADAPTED.items()
}
"""Every instrument in our own Spanish wording, item for item the same as ``ADAPTED``."""

INSTRUMENTS = InstrumentsInUse({ENGLISH: ADAPTED, SPANISH: ADAPTED_ES})
