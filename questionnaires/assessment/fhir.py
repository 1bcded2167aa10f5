"""The questionnaire and a completed assessment as FHIR R4 resources.

``questionnaire_resource`` exports ``QUESTIONNAIRE`` as a ``Questionnaire``: one group per
section, the scored instruments (PHQ-9, GAD-7, PEG, PC-PTSD-5) as nested groups carrying
their LOINC panel codes, items carrying their LOINC item codes where confirmed, answer
options, and every "asked when" condition as ``enableWhen`` (``enableBehavior`` "any"
when there are several). The gates cannot be written as ``enableWhen`` (one depends on age,
and a gate makes the later sections optional, not hidden), so the groups of sections 2-5
are not ``required``: each may be left out as a whole, and a group that is present needs
all its required items, which is the contract's rule after a gate. That the engine requires
them when no gate fired is said in ``description``.

``questionnaire_response`` records one assessment as a ``QuestionnaireResponse`` whose items
mirror that tree. The outcome is recorded in one complex extension
(``OUTCOME_EXTENSION_URL``) with sub-extensions ``outcome`` (valueCode), ``reason``,
``referral`` and ``pathway`` (valueCode, one per code), and ``score`` (one per score that was
asked: ``name`` valueCode, ``value`` valueInteger or valueDecimal, and ``code`` valueCoding
with the LOINC code of the total where one exists).

Both are built as plain JSON and then parsed with the ``fhir.resources.R4B`` models (the
R4-compatible release of that package; R4B changed nothing in these two resources), which
check element names, cardinality, data types and choice-type rules.
"""

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from itertools import groupby
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from questionnaires.assessment.questionnaire import (
    INSTRUMENTS,
    QUESTIONNAIRE,
    Answer,
    AskedWhen,
    Kind,
    Question,
    Section,
)
from questionnaires.assessment.rules import Outcome

CANONICAL_BASE = "https://ketaclinic.org/fhir"
QUESTIONNAIRE_URL = f"{CANONICAL_BASE}/Questionnaire/{QUESTIONNAIRE.id}"
OUTCOME_EXTENSION_URL = f"{CANONICAL_BASE}/StructureDefinition/assessment-outcome"
LOINC = "http://loinc.org"

_ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
_ITEM_CONTROL_CODES = "http://hl7.org/fhir/questionnaire-item-control"
_MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
_MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
_REGEX = "http://hl7.org/fhir/StructureDefinition/regex"
_ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"

_SCORE_LOINC = {
    name: instrument.loinc_score
    for name, instrument in INSTRUMENTS.items()
    if instrument.loinc_score is not None
}

_DESCRIPTION = (
    "Eligibility screen for at-home ketamine treatment. If the person lives outside Florida "
    "and New Jersey, or is under 18, the assessment stops after the first section; if they "
    "have thoughts of suicide right now (asq_5), it stops after the second. Sections after "
    "such a stop are optional, each as a whole; without a stop, every section is required."
)

type JSON = dict[str, Any]


def answer_system(link_id: str) -> str:
    """The code system of one question's answer codes."""
    return f"{CANONICAL_BASE}/CodeSystem/{link_id}"


def section_link_id(section: Section) -> str:
    """The linkId of a section's group ("section-conditions"; "conditions" is a question)."""
    return f"section-{section.id}"


def questionnaire_json() -> JSON:
    """The FHIR ``Questionnaire`` as JSON, checked by the R4B model."""
    return questionnaire_resource().model_dump(mode="json", exclude_none=True)


def questionnaire_resource() -> Questionnaire:
    """The questionnaire as a validated FHIR R4 ``Questionnaire``."""
    return Questionnaire.model_validate(
        {
            "resourceType": "Questionnaire",
            "id": QUESTIONNAIRE.id,
            "url": QUESTIONNAIRE_URL,
            "version": QUESTIONNAIRE.version,
            "name": "KetaclinicEligibility",
            "title": QUESTIONNAIRE.title,
            "status": "active",
            "subjectType": ["Patient"],
            "description": _DESCRIPTION,
            "item": [_section_item(section) for section in QUESTIONNAIRE.sections],
        }
    )


def questionnaire_response(
    answers: Mapping[str, Answer], outcome: Outcome, *, authored: date | None = None
) -> QuestionnaireResponse:
    """One completed assessment (clean answers and their outcome) as a validated response."""
    response: JSON = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE.version}",
        "status": "completed",
        "extension": [_outcome_extension(outcome)],
        "item": [
            group
            for section in QUESTIONNAIRE.sections
            if (group := _response_group(section, answers))
        ],
    }
    if authored is not None:
        response["authored"] = authored.isoformat()
    return QuestionnaireResponse.model_validate(response)


def _instrument_runs(section: Section) -> Iterator[tuple[str | None, list[Question]]]:
    for instrument, questions in groupby(section.questions, key=lambda q: q.instrument):
        yield instrument, list(questions)


def _section_item(section: Section) -> JSON:
    children: list[JSON] = []
    for instrument, questions in _instrument_runs(section):
        if instrument is None:
            children.extend(_question_item(q, q.asked_when) for q in questions)
        else:
            children.append(_instrument_item(instrument, questions))
    return {
        "linkId": section_link_id(section),
        "text": section.title,
        "type": "group",
        "required": section.number == 1,
        "item": children,
    }


def _instrument_item(instrument_id: str, questions: list[Question]) -> JSON:
    instrument = INSTRUMENTS[instrument_id]
    conditions = {q.asked_when for q in questions}
    if len(conditions) != 1:
        raise ValueError(f"The items of {instrument_id} must share one asked-when condition.")
    intro = {"linkId": f"{instrument_id}.intro", "text": instrument.intro, "type": "display"}
    item: JSON = {
        "linkId": instrument_id,
        "text": instrument.title,
        "type": "group",
        "required": True,
        "item": [intro, *(_question_item(q, None) for q in questions)],
    }
    if instrument.loinc_panel:
        item["code"] = [{"system": LOINC, "code": instrument.loinc_panel}]
    item.update(_enable_when(conditions.pop()))
    return item


def _question_item(question: Question, asked_when: AskedWhen | None) -> JSON:
    item: JSON = {
        "linkId": question.link_id,
        "text": question.text,
        "type": _item_type(question),
        "required": not (question.empty_allowed or question.unknown_allowed),
    }
    if question.loinc:
        item["code"] = [{"system": LOINC, "code": question.loinc}]
    if question.kind is Kind.MULTI_CHOICE:
        item["repeats"] = True
    if question.options:
        item["answerOption"] = [
            _answer_option(question, option.value, option.label) for option in question.options
        ]
    item.update(_value_limits(question))
    item.update(_enable_when(asked_when))
    if question.help_text:
        item["item"] = [_help_item(question)]
    return item


def _item_type(question: Question) -> str:
    if question.options:
        return "choice"
    return {Kind.INTEGER: "integer", Kind.DATE: "date"}.get(question.kind, "string")


def _answer_option(question: Question, value: str | int, label: str) -> JSON:
    coding = {"system": answer_system(question.link_id), "code": str(value), "display": label}
    option: JSON = {"valueCoding": coding}
    if isinstance(value, int):
        option["extension"] = [{"url": _ORDINAL_VALUE, "valueDecimal": value}]
    return option


def _value_limits(question: Question) -> JSON:
    if question.kind is Kind.ZIP:
        return {"maxLength": 5, "extension": [{"url": _REGEX, "valueString": "[0-9]{5}"}]}
    if question.kind is not Kind.INTEGER or question.options:
        return {}
    return {
        "extension": [
            {"url": _MIN_VALUE, "valueInteger": question.minimum},
            {"url": _MAX_VALUE, "valueInteger": question.maximum},
        ]
    }


def _enable_when(asked_when: AskedWhen | None) -> JSON:
    if asked_when is None:
        return {}
    conditions = [
        {
            "question": trigger.link_id,
            "operator": "=",
            "answerCoding": {"system": answer_system(trigger.link_id), "code": value},
        }
        for trigger in asked_when.triggers
        for value in trigger.values
    ]
    if len(conditions) == 1:
        return {"enableWhen": conditions}
    return {"enableWhen": conditions, "enableBehavior": "any"}


def _help_item(question: Question) -> JSON:
    control = {"coding": [{"system": _ITEM_CONTROL_CODES, "code": "help", "display": "Help"}]}
    return {
        "linkId": f"{question.link_id}.help",
        "text": question.help_text,
        "type": "display",
        "extension": [{"url": _ITEM_CONTROL, "valueCodeableConcept": control}],
    }


def _response_group(section: Section, answers: Mapping[str, Answer]) -> JSON | None:
    children: list[JSON] = []
    for instrument, questions in _instrument_runs(section):
        answered = [a for q in questions if (a := _response_item(q, answers.get(q.link_id)))]
        if instrument is None:
            children.extend(answered)
        elif answered:
            title = INSTRUMENTS[instrument].title
            children.append({"linkId": instrument, "text": title, "item": answered})
    if not children:
        return None
    return {"linkId": section_link_id(section), "text": section.title, "item": children}


def _response_item(question: Question, answer: Answer) -> JSON | None:
    values = list(_answer_values(question, answer))
    if not values:
        return None
    return {"linkId": question.link_id, "text": question.text, "answer": values}


def _answer_values(question: Question, answer: Answer) -> Iterator[JSON]:
    if answer is None:
        return
    if isinstance(answer, tuple):
        for code in answer:
            yield {"valueCoding": _answer_coding(question, code)}
    elif isinstance(answer, date):
        yield {"valueDate": answer.isoformat()}
    elif question.options:
        yield {"valueCoding": _answer_coding(question, answer)}
    elif isinstance(answer, int):
        yield {"valueInteger": answer}
    else:
        yield {"valueString": answer}


def _answer_coding(question: Question, value: str | int) -> JSON:
    label = next((o.label for o in question.options if o.value == value), str(value))
    return {"system": answer_system(question.link_id), "code": str(value), "display": label}


def _outcome_extension(outcome: Outcome) -> JSON:
    parts: list[JSON] = [{"url": "outcome", "valueCode": outcome.outcome}]
    parts += [{"url": "reason", "valueCode": code} for code in outcome.reasons]
    parts += [{"url": "referral", "valueCode": code} for code in outcome.referrals]
    parts += [{"url": "pathway", "valueCode": code} for code in outcome.pathways]
    parts += [
        _score_extension(name, value)
        for name, value in outcome.scores._asdict().items()
        if value is not None
    ]
    return {"url": OUTCOME_EXTENSION_URL, "extension": parts}


def _score_extension(name: str, value: int | Decimal) -> JSON:
    number = (
        {"url": "value", "valueInteger": value}
        if isinstance(value, int)
        else {"url": "value", "valueDecimal": value}
    )
    parts: list[JSON] = [{"url": "name", "valueCode": name}, number]
    if name in _SCORE_LOINC:
        parts.append({"url": "code", "valueCoding": {"system": LOINC, "code": _SCORE_LOINC[name]}})
    return {"url": "score", "extension": parts}
