"""A completed check-in as a FHIR R4 ``Observation``, and each instrument as the
``Questionnaire`` it was asked from.

One observation per check-in: status ``final``, category ``survey``, the subject passed in,
and the time it was completed as ``effectiveDateTime``. Its ``code`` is the instrument's
LOINC panel (PEG 91148-7, PHQ-9 44249-1, GAD-7 69737-5, PCL-5 101697-1); the pain-now
rating is a single observation coded 72514-3. PC-PTSD-5 has no LOINC code here, so it
carries the practice's own code, as do PEG item 1 and the twenty PCL-5 items.

The value is the total (``valueInteger``) or, for PEG, the mean (``valueQuantity`` with the
UCUM unit ``{score}``). Each item is a component with its LOINC code where one is known, and
the total is repeated as a component under its own LOINC code (44261-6, 70274-6, 91147-9,
101698-9) so a reader looking for that code finds it. PHQ-9 and GAD-7 carry their severity
band, and PC-PTSD-5 and PCL-5 their screen result, as ``interpretation``.

Which words the patient answered is part of the record: the observation names the
instrument's ``Questionnaire`` (``questionnaire_canonical``: its URL, and as its version the
wording's ref, e.g. ``adapted-1``) in the extension ``WORDING_EXTENSION``, and says in a
``note`` whether the wording was our own adaptation ("Adapted from the PHQ-9: … not the
PHQ-9's validated wording") or the published wording the practice supplied, with its
source. ``check_in_questionnaire`` gives that ``Questionnaire``: the same statement as its
``description``, the title marked "adapted wording" when it is ours, and the source and
permission note as ``copyright`` when the practice supplied the wording.

Resources are built as JSON and parsed with ``fhir.resources.R4B`` (the R4-compatible
models; the package's default is R5), which checks names, cardinality, types and choice
types.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire

from questionnaires.assessment.fhir import CANONICAL_BASE, LOINC
from questionnaires.instruments import (
    SPANISH,
    AnswerKind,
    Instrument,
    InstrumentCode,
    Item,
    Responses,
    WordingKind,
    score_responses,
)

OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
UCUM = "http://unitsofmeasure.org"
CHECK_IN_CODES = f"{CANONICAL_BASE}/CodeSystem/check-in"
WORDING_EXTENSION = f"{CANONICAL_BASE}/StructureDefinition/instrument-wording"
_ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
_MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
_MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"

type JSON = dict[str, Any]


def check_in_observation(
    instrument: Instrument,
    responses: Responses,
    *,
    subject_reference: str,
    effective: datetime,
) -> Observation:
    """One completed check-in as a validated R4 ``Observation``.

    ``subject_reference`` is a FHIR reference such as ``Patient/<public id>``; ``effective``
    must carry its time zone. Raises ValueError for invalid responses or a naive time.
    """
    if effective.tzinfo is None or effective.utcoffset() is None:
        raise ValueError("effective must carry a time zone")
    score = score_responses(instrument, responses)
    observation: JSON = {
        "resourceType": "Observation",
        "status": "final",
        "category": [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}
        ],
        "code": _instrument_code(instrument),
        "subject": {"reference": subject_reference},
        "effectiveDateTime": effective.isoformat(),
        **_value(score.total),
        "extension": [
            {"url": WORDING_EXTENSION, "valueCanonical": questionnaire_canonical(instrument)}
        ],
        "note": [{"text": wording_statement(instrument)}],
    }
    if score.severity is not None:
        observation["interpretation"] = [{"text": score.severity.label}]
    if score.positive_screen is not None:
        observation["interpretation"] = [_screen_interpretation(score.positive_screen)]
    if instrument.code is not InstrumentCode.PAIN_NOW:
        observation["component"] = [
            *(_item_component(item, responses[item.id]) for item in instrument.items),
            *_total_component(instrument, score.total),
        ]
    return Observation.model_validate(observation)


def check_in_observation_json(
    instrument: Instrument,
    responses: Responses,
    *,
    subject_reference: str,
    effective: datetime,
) -> JSON:
    """The same observation as plain JSON, for storing or sending."""
    observation = check_in_observation(
        instrument, responses, subject_reference=subject_reference, effective=effective
    )
    return observation.model_dump(mode="json", exclude_none=True)


def questionnaire_id(instrument: Instrument) -> str:
    """The id of the check-in ``Questionnaire`` of one instrument ("check-in-pc-ptsd5")."""
    return "check-in-" + instrument.code.value.replace("_", "-")


def questionnaire_url(instrument: Instrument) -> str:
    """The canonical URL of the check-in ``Questionnaire`` of one instrument."""
    return f"{CANONICAL_BASE}/Questionnaire/{questionnaire_id(instrument)}"


def questionnaire_canonical(instrument: Instrument) -> str:
    """The URL with the wording's ref as version: which words exactly were asked."""
    return f"{questionnaire_url(instrument)}|{instrument.wording.ref}"


def wording_statement(instrument: Instrument) -> str:
    """Whose words the instrument was asked in, and for published wording its source."""
    wording = instrument.wording
    if wording.kind is WordingKind.PUBLISHED and wording.citation:
        source = "Fuente" if wording.language == SPANISH else "Source"
        return f"{wording.mark} {source}: {wording.citation}"
    return wording.mark


def check_in_questionnaire(instrument: Instrument) -> Questionnaire:
    """The instrument as asked at check-ins, in its current wording, as an R4
    ``Questionnaire``."""
    wording = instrument.wording
    title = f"{instrument.title}, adapted wording" if wording.adapted else instrument.title
    intro = {"linkId": f"{instrument.code.value}.intro", "text": instrument.intro}
    resource: JSON = {
        "resourceType": "Questionnaire",
        "id": questionnaire_id(instrument),
        "language": wording.language,
        "url": questionnaire_url(instrument),
        "version": wording.ref,
        "name": "CheckIn" + instrument.code.value.title().replace("_", ""),
        "title": title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": wording_statement(instrument),
        "item": [
            {
                "linkId": instrument.code.value,
                "text": instrument.title,
                "type": "group",
                "required": True,
                "item": [
                    *([intro | {"type": "display"}] if instrument.intro else []),
                    *(_questionnaire_item(item) for item in instrument.items),
                ],
            }
        ],
    }
    copyright_note = _copyright(instrument)
    if copyright_note:
        resource["copyright"] = copyright_note
    panel = instrument.loinc_panel or instrument.loinc_total
    if panel is not None:
        resource["code"] = [{"system": LOINC, "code": panel}]
    return Questionnaire.model_validate(resource)


def check_in_questionnaire_json(instrument: Instrument) -> JSON:
    """The same questionnaire as plain JSON."""
    return check_in_questionnaire(instrument).model_dump(mode="json", exclude_none=True)


def _copyright(instrument: Instrument) -> str:
    wording = instrument.wording
    match wording.kind:
        case WordingKind.PUBLISHED:
            return wording.permission
        case WordingKind.ADAPTED:
            return (
                f"The wording is the practice's own, adapted from the {wording.instrument}; "
                f"no text of the {wording.instrument} is reproduced."
            )
        case WordingKind.OWN:
            return ""


def _questionnaire_item(item: Item) -> JSON:
    entry: JSON = {"linkId": item.id, "text": item.label, "required": True}
    if item.loinc is not None:
        entry["code"] = [{"system": LOINC, "code": item.loinc}]
    if item.options:
        entry["type"] = "choice"
        entry["answerOption"] = [
            {
                "valueCoding": {
                    "system": f"{CHECK_IN_CODES}-answer",
                    "code": str(option.value),
                    "display": option.label,
                },
                "extension": [{"url": _ORDINAL_VALUE, "valueDecimal": option.value}],
            }
            for option in item.options
        ]
    elif item.kind is AnswerKind.YES_NO:
        entry["type"] = "boolean"
    else:
        entry["type"] = "integer"
        entry["extension"] = [
            {"url": _MIN_VALUE, "valueInteger": item.minimum},
            {"url": _MAX_VALUE, "valueInteger": item.maximum},
        ]
    return entry


def _instrument_code(instrument: Instrument) -> JSON:
    loinc = instrument.loinc_panel or instrument.loinc_total
    coding = (
        {"system": LOINC, "code": loinc}
        if loinc is not None
        else {"system": CHECK_IN_CODES, "code": instrument.code.value}
    )
    return {"coding": [coding], "text": instrument.title}


def _item_component(item: Item, answer: int | bool) -> JSON:
    coding = (
        {"system": LOINC, "code": item.loinc}
        if item.loinc is not None
        else {"system": CHECK_IN_CODES, "code": item.id}
    )
    value = {"valueBoolean": answer} if isinstance(answer, bool) else {"valueInteger": answer}
    return {"code": {"coding": [coding], "text": item.label}, **value}


def _total_component(instrument: Instrument, total: int | Decimal) -> list[JSON]:
    if instrument.loinc_panel is None or instrument.loinc_total is None:
        return []
    code = {"coding": [{"system": LOINC, "code": instrument.loinc_total}], "text": "Score"}
    return [{"code": code, **_value(total)}]


def _value(total: int | Decimal) -> JSON:
    if isinstance(total, Decimal):
        return {
            "valueQuantity": {"value": total, "unit": "score", "system": UCUM, "code": "{score}"}
        }
    return {"valueInteger": total}


def _screen_interpretation(positive: bool) -> JSON:
    code, display = ("POS", "Positive") if positive else ("NEG", "Negative")
    return {"coding": [{"system": INTERPRETATION, "code": code, "display": display}]}
