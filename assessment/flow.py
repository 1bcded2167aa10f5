"""The web flow's reading of a section form: from posted fields to answers, and back.

Answers are kept in their JSON form (as `manage.py assess` reads them): codes, whole
numbers, ISO dates, lists, or null for an unknown blood pressure. The engine decides
what is valid; this module only turns form fields into that shape and builds what the
templates show.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import QueryDict

from questionnaires.assessment import QUESTIONNAIRE, validate_section
from questionnaires.assessment.questionnaire import Kind, Question, Section
from questionnaires.assessment.validate import FieldError
from servicearea import counties

_WHOLE_NUMBER = re.compile(r"^\s*-?\d{1,4}\s*$")
# Radios read better than a drop-down up to this many options.
_MOST_RADIOS = 12

JsonAnswer = str | int | list[str] | None


def json_form(answer: object) -> JsonAnswer:
    """A clean engine answer in the JSON form the draft and the CLI use."""
    if isinstance(answer, date):
        return answer.isoformat()
    if isinstance(answer, tuple):
        return list(answer)
    return answer  # type: ignore[return-value]


def read_section(section: Section, form: QueryDict) -> dict[str, JsonAnswer]:
    """The answers a section form carries, in JSON form; blank fields are left out."""
    answers: dict[str, JsonAnswer] = {}
    for question in section.questions:
        name = question.link_id
        if question.kind is Kind.MULTI_CHOICE:
            if f"{name}__shown" in form:
                answers[name] = [value for value in form.getlist(name) if value]
            continue
        raw = form.get(name, "").strip()
        if raw == "":
            if question.unknown_allowed and f"{name}__shown" in form:
                answers[name] = None
            continue
        if question.kind is Kind.INTEGER and _WHOLE_NUMBER.match(raw):
            answers[name] = int(raw)
        else:
            answers[name] = raw
    return answers


def applicable(section: Section, answers: dict[str, JsonAnswer], as_of: date) -> dict[str, Any]:
    """The answers without those to questions that do not apply (e.g. CRPS details after
    CRPS was unticked). Without JavaScript every question of a page is shown, so a person
    may answer one that does not apply; it is set aside, not held against them.
    """
    clean, _ = validate_section(section.id, answers, as_of)
    kept = dict(answers)
    for question in section.questions:
        condition = question.asked_when
        if condition is not None and not condition.holds(clean):
            kept.pop(question.link_id, None)
    return kept


@dataclass(frozen=True)
class SectionResult:
    answers: dict[str, Any]
    errors: list[FieldError]


def answer_section(
    section: Section, earlier: Mapping[str, Any], form: QueryDict, as_of: date
) -> SectionResult:
    """Read and check one section against the earlier answers."""
    posted = read_section(section, form)
    merged = {**_only_before(section, earlier), **posted}
    merged = applicable(section, merged, as_of)
    clean, errors = validate_section(section.id, merged, as_of)
    own = {q.link_id: json_form(clean[q.link_id]) for q in section.questions if q.link_id in clean}
    return SectionResult(answers=own, errors=errors)


def _only_before(section: Section, answers: Mapping[str, Any]) -> dict[str, Any]:
    earlier_ids = {
        link_id
        for s in QUESTIONNAIRE.sections
        if s.number < section.number
        for link_id in s.link_ids
    }
    return {k: v for k, v in answers.items() if k in earlier_ids}


def section_answers(section: Section, answers: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answers.items() if k in section.link_ids}


# What a template needs to draw one question.


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool
    input_id: str


@dataclass(frozen=True)
class Field:
    question: Question
    widget: str  # radios, checkboxes, select, text, number, date
    value: str
    choices: tuple[Choice, ...]
    error: str
    asked_when: str  # JSON for assessment.js, "" when always asked
    instrument_intro: str
    datalist: tuple[str, ...]

    @property
    def link_id(self) -> str:
        return self.question.link_id


def _widget(question: Question) -> str:
    if question.kind is Kind.MULTI_CHOICE:
        return "checkboxes"
    if question.kind is Kind.DATE:
        return "date"
    if question.options:
        return "radios" if len(question.options) <= _MOST_RADIOS else "select"
    if question.kind is Kind.INTEGER:
        return "number"
    return "text"


def _as_text(value: object) -> str:
    if value is None:
        return ""
    return str(value)


def build_fields(
    section: Section, values: Mapping[str, Any], errors: list[FieldError]
) -> list[Field]:
    """The section's questions with their current values and messages, in order."""
    messages = {error["field"]: error["message"] for error in errors}
    county_names = tuple(sorted({*counties("FL"), *counties("NJ")}))
    fields: list[Field] = []
    seen_instruments: set[str] = set()
    for question in section.questions:
        value = values.get(question.link_id)
        selected = {str(v) for v in value} if isinstance(value, list) else {_as_text(value)}
        choices = tuple(
            Choice(
                value=str(option.value),
                label=option.label,
                checked=str(option.value) in selected,
                input_id=f"q-{question.link_id}-{index}",
            )
            for index, option in enumerate(question.options)
        )
        intro = ""
        if question.instrument and question.instrument not in seen_instruments:
            seen_instruments.add(question.instrument)
            intro = QUESTIONNAIRE.instruments[question.instrument].intro
        condition = question.asked_when
        asked_when = (
            json.dumps([{"id": t.link_id, "values": list(t.values)} for t in condition.triggers])
            if condition is not None
            else ""
        )
        fields.append(
            Field(
                question=question,
                widget=_widget(question),
                value="" if isinstance(value, list) else _as_text(value),
                choices=choices,
                error=messages.get(question.link_id, ""),
                asked_when=asked_when,
                instrument_intro=intro,
                datalist=county_names if question.kind is Kind.COUNTY else (),
            )
        )
    return fields
