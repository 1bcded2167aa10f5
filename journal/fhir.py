"""A completed check-in as a FHIR R4 ``Observation``.

One observation per check-in: status ``final``, category ``survey``, the subject passed in,
and the time it was completed as ``effectiveDateTime``. Its ``code`` is the instrument's
LOINC panel (PEG 91148-7, PHQ-9 44249-1, GAD-7 69737-5); the pain-now rating is a single
observation coded 72514-3. PC-PTSD-5 has no LOINC code here, so it carries the practice's
own code, as does PEG item 1.

The value is the total (``valueInteger``) or, for PEG, the mean (``valueQuantity`` with the
UCUM unit ``{score}``). Each item is a component with its LOINC code where one is known, and
the total is repeated as a component under its own LOINC code (44261-6, 70274-6, 91147-9)
so a reader looking for that code finds it. PHQ-9 and GAD-7 carry their severity band and
PC-PTSD-5 its screen result as ``interpretation``.

The resource is built as JSON and parsed with ``fhir.resources.R4B`` (the R4-compatible
models; the package's default is R5), which checks names, cardinality, types and choice
types.
"""

from datetime import datetime
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.observation import Observation

from assessment.engine.fhir import CANONICAL_BASE, LOINC
from journal.instruments import Instrument, InstrumentCode, Item, Responses, score_responses

OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
UCUM = "http://unitsofmeasure.org"
CHECK_IN_CODES = f"{CANONICAL_BASE}/CodeSystem/check-in"

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
