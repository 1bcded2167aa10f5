"""Checking assessment input against the questionnaire, naming every problem at once.

``validate`` takes the whole command-line input (``{"as_of": …, "answers": {…}}``) and
``validate_section`` one step of the web flow. Neither ever raises on odd JSON: every
problem becomes a ``{"field": <linkId>, "message": <plain words>}`` entry. Problems with the
envelope itself are reported under "as_of" or "answers".
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple, TypedDict

from questionnaires.assessment.questionnaire import (
    QUESTIONNAIRE,
    Answer,
    AskedWhen,
    Kind,
    Question,
    Section,
)
from questionnaires.assessment.rules import age_on, stopping_gate
from servicearea import find_county, state_name, zip_state

MAX_AGE = 120

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ZIP5 = re.compile(r"[0-9]{5}")
_GATE_ANSWERS = frozenset({"state", "date_of_birth", "asq_5"})
_ENVELOPE_KEYS = ("as_of", "answers")
_BLOOD_PRESSURE_SECTION = QUESTIONNAIRE.section_of["bp_systolic"]
_KNOWN_LINK_IDS = frozenset(QUESTIONNAIRE.questions)


class FieldError(TypedDict):
    """One problem with the input: the linkId (or "as_of"/"answers") and what is wrong."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class CleanInput:
    """Checked input: the assessment date and the clean answers, ready for ``evaluate``.

    Only complete when ``validate`` reported no errors.
    """

    as_of: date
    answers: Mapping[str, Answer]


class _Problem(NamedTuple):
    message: str


@dataclass(slots=True)
class _Progress:
    """What the checks know so far, section by section."""

    as_of: date
    clean: dict[str, Answer] = field(default_factory=dict)
    unsettled: set[str] = field(default_factory=set)
    """Questions that may apply but whose answer is missing or wrong."""
    errors: list[FieldError] = field(default_factory=list)

    def fail(self, link_id: str, message: str) -> None:
        self.errors.append({"field": link_id, "message": message})
        self.unsettled.add(link_id)


def today() -> date:
    """The default assessment date: today's date on the practice's server."""
    return date.today()  # noqa: DTZ011 -- the one place the calendar day is read


def validate(payload: object) -> tuple[CleanInput, list[FieldError]]:
    """Check a whole input; return the clean input and every problem found (empty if none)."""
    if not isinstance(payload, dict):
        message = 'The input must be a JSON object with "answers" and, if wanted, "as_of".'
        return CleanInput(today(), {}), [{"field": "answers", "message": message}]
    errors: list[FieldError] = []
    as_of = _check_as_of(payload, errors)
    for key in payload:
        if key not in _ENVELOPE_KEYS:
            message = f'{_quoted(key)} is not expected here; the input holds "as_of" and "answers".'
            errors.append({"field": "answers", "message": message})
    answers = payload.get("answers")
    if not isinstance(answers, dict):
        message = (
            'The input needs "answers": an object of question ids and answers.'
            if answers is None
            else '"answers" must be an object of question ids and answers.'
        )
        errors.append({"field": "answers", "message": message})
        return CleanInput(as_of, {}), errors
    progress = _Progress(as_of)
    _check_unknown_questions(answers, progress)
    for section in QUESTIONNAIRE.sections:
        given = not answers.keys().isdisjoint(section.link_ids)
        if given or _section_required(section, progress):
            _check_section(section, answers, progress)
    return CleanInput(as_of, progress.clean), errors + progress.errors


def validate_section(
    section_id: str, answers: Mapping[str, object], as_of: date | None = None
) -> tuple[dict[str, Answer], list[FieldError]]:
    """Check one section of the web flow, in the light of the earlier answers.

    Returns the clean answers up to and including this section, and the problems with this
    section's answers only (the earlier sections were checked on their own pages).
    """
    section = QUESTIONNAIRE.section(section_id)
    progress = _Progress(as_of or today())
    for earlier in QUESTIONNAIRE.sections[: section.number - 1]:
        _check_section(earlier, answers, progress)
    progress.errors.clear()
    _check_section(section, answers, progress)
    return progress.clean, progress.errors


def _check_as_of(payload: Mapping[object, object], errors: list[FieldError]) -> date:
    """The assessment date, today when not given; today also stands in for a wrong one (which
    is reported) so that the answers can still be checked."""
    if "as_of" not in payload:
        return today()
    as_of = _parse_iso_date(payload["as_of"])
    if as_of is None:
        errors.append({"field": "as_of", "message": "Give the assessment date as YYYY-MM-DD."})
        return today()
    return as_of


def _check_unknown_questions(answers: Mapping[object, object], progress: _Progress) -> None:
    if answers.keys() <= _KNOWN_LINK_IDS:
        return
    for key in answers:
        if key not in QUESTIONNAIRE.questions:
            progress.errors.append(
                {"field": str(key), "message": "This is not a question in the assessment."}
            )


def _section_required(section: Section, progress: _Progress) -> bool:
    """Whether a section left out entirely is an error.

    The first always is; a later one is not after a gate, nor while the answers that decide
    the gates are themselves wrong (that is reported already).
    """
    if section.number == 1:
        return True
    if stopping_gate(progress.clean, progress.as_of):
        return False
    return progress.unsettled.isdisjoint(_GATE_ANSWERS)


def _check_section(section: Section, answers: Mapping[str, object], progress: _Progress) -> None:
    clean = progress.clean
    for condition, questions in _SECTION_CHECKS[section.id]:
        asked = True if condition is None else _condition_holds(condition, progress)
        for link_id, question, check in questions:
            if condition is not None and asked is False:
                if link_id in answers:
                    progress.fail(link_id, _not_asked_message(condition))
            elif link_id in answers:
                checked = check(question, answers[link_id], progress)
                if type(checked) is _Problem:
                    progress.fail(link_id, checked.message)
                else:
                    clean[link_id] = checked
            elif asked:
                progress.fail(link_id, "Please answer this question.")
            else:
                progress.unsettled.add(link_id)
    if section is _BLOOD_PRESSURE_SECTION:
        _check_blood_pressure_pair(progress)


def _condition_holds(condition: AskedWhen, progress: _Progress) -> bool | None:
    """Whether questions apply: True, False, or None while an earlier answer is wrong."""
    if condition.holds(progress.clean):
        return True
    for trigger in condition.triggers:
        if trigger.link_id in progress.unsettled:
            return None
    return False


def _not_asked_message(condition: AskedWhen) -> str:
    return f"This question is only asked when {condition.plain}; leave it out."


def _check_choice(question: Question, value: object, progress: _Progress) -> Answer | _Problem:
    if type(value) is str and value in question.allowed:
        return value
    if question.link_id == "state":
        return _Problem("Give the two-letter USPS code of a US state or territory, such as FL.")
    return _Problem(f"Choose one of: {_codes(question)}.")


def _check_multi_choice(
    question: Question, value: object, progress: _Progress
) -> Answer | _Problem:
    if type(value) is not list:
        return _Problem(f"Give a list of choices from: {_codes(question)}.")
    allowed = question.allowed
    for choice in value:
        if type(choice) is not str or choice not in allowed:
            return _Problem(f"{_quoted(choice)} is not one of the choices: {_codes(question)}.")
    if not question.repeats_allowed and len(set(value)) != len(value):
        return _Problem("Each choice may be given only once.")
    if not value and not question.empty_allowed:
        return _Problem("Choose at least one.")
    return tuple(value)


def _check_integer(question: Question, value: object, progress: _Progress) -> Answer | _Problem:
    if value is None and question.unknown_allowed:
        return None
    low, high = question.minimum, question.maximum
    if type(value) is not int:
        unknown = ", or null when it is not known" if question.unknown_allowed else ""
        return _Problem(f"Give a whole number from {low} to {high}{unknown}.")
    if (low is not None and value < low) or (high is not None and value > high):
        return _Problem(f"{value} is outside the allowed range, {low} to {high}.")
    return value


def _check_date_of_birth(
    question: Question, value: object, progress: _Progress
) -> Answer | _Problem:
    """The questionnaire's one date, the date of birth: not after as_of, age at most 120."""
    born = _parse_iso_date(value)
    if born is None:
        return _Problem("Give a real date as YYYY-MM-DD.")
    if born > progress.as_of:
        return _Problem(f"This date is after the assessment date, {progress.as_of.isoformat()}.")
    if age_on(born, progress.as_of) > MAX_AGE:
        return _Problem(f"This would make you older than {MAX_AGE}; please check the year.")
    return born


def _check_zip(question: Question, value: object, progress: _Progress) -> Answer | _Problem:
    if type(value) is not str or not _ZIP5.fullmatch(value):
        return _Problem("Give the five-digit ZIP code, as text.")
    zip_in = zip_state(value)
    if zip_in is None:
        return _Problem("We do not know this ZIP code; please check it.")
    state = progress.clean.get("state")
    if isinstance(state, str) and zip_in != state:
        return _Problem(f"This ZIP code is in {state_name(zip_in)}, not {state_name(state)}.")
    return value


def _check_county(question: Question, value: object, progress: _Progress) -> Answer | _Problem:
    if type(value) is not str or not value.strip():
        return _Problem("Give the name of your county.")
    state = progress.clean.get("state")
    if not isinstance(state, str):
        return value.strip()
    county = find_county(state, value)
    if county is None:
        return _Problem(f"{_quoted(value)} is not a county in {state_name(state)}.")
    return county


def _check_blood_pressure_pair(progress: _Progress) -> None:
    clean = progress.clean
    if "bp_systolic" not in clean or "bp_diastolic" not in clean:
        return
    if (clean["bp_systolic"] is None) == (clean["bp_diastolic"] is None):
        return
    blank = "bp_systolic" if clean["bp_systolic"] is None else "bp_diastolic"
    del clean[blank]
    progress.fail(blank, "Give both blood pressure numbers, or leave both blank (null).")


type _Check = Callable[[Question, object, _Progress], Answer | _Problem]

_CHECKS: Mapping[Kind, _Check] = {
    Kind.CHOICE: _check_choice,
    Kind.MULTI_CHOICE: _check_multi_choice,
    Kind.INTEGER: _check_integer,
    Kind.DATE: _check_date_of_birth,
    Kind.ZIP: _check_zip,
    Kind.COUNTY: _check_county,
}

_SECTION_CHECKS: Mapping[
    str, tuple[tuple[AskedWhen | None, tuple[tuple[str, Question, _Check], ...]], ...]
] = {
    section.id: tuple(
        (condition, tuple((q.link_id, q, _CHECKS[q.kind]) for q in run))
        for condition, run in groupby(section.questions, key=attrgetter("asked_when"))
    )
    for section in QUESTIONNAIRE.sections
}
"""Each section's questions in runs that share an asked-when condition, with their checks."""


def _parse_iso_date(value: object) -> date | None:
    if type(value) is not str or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _codes(question: Question) -> str:
    return ", ".join(str(option.value) for option in question.options)


def _quoted(value: object) -> str:
    if isinstance(value, str) and len(value) <= 40:
        return f"'{value}'"
    return "This value"
