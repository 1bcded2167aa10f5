"""The instruments in Spanish: our own adapted Spanish wording, a practice's Spanish file
beside the English, and scores that never depend on the language.

The files here are made up (placeholder words), never an instrument's published text.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires.check_in_fhir import check_in_questionnaire_json, wording_statement
from questionnaires.instruments import (
    ADAPTED,
    ADAPTED_ES,
    ADAPTED_ES_WORDING_REF,
    ADAPTED_WORDING_REF,
    INSTRUMENTS,
    OWN_ES_WORDING_REF,
    AnswerKind,
    Instrument,
    InstrumentCode,
    WordingKind,
    language_of,
    same_shape,
    score_responses,
    wording_of,
)
from questionnaires.wording import (
    WordingFileError,
    load_wording_dir,
    load_wording_file,
    load_wordings,
    use_practice_wording,
)


def placeholder_phq9(**changes: Any) -> dict[str, Any]:
    return {
        "format": 1,
        "instrument": "phq9",
        "language": "es",
        "title": "Título de ejemplo del PHQ-9",
        "intro": "Instrucciones de ejemplo.",
        "answers": [{"value": v, "label": f"Respuesta de ejemplo {v}"} for v in range(4)],
        "items": [{"text": f"Pregunta de ejemplo {n}"} for n in range(1, 10)],
        "scoring": {"method": "sum", "lowest": 0, "highest": 27},
        "source": {"citation": "Autor de ejemplo. Revista de ejemplo 2001;1:1-2."},
        "permission": "Nota de permiso de ejemplo.",
        **changes,
    }


def write(folder: Path, content: dict[str, Any], name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def reset() -> Iterator[None]:
    yield
    INSTRUMENTS.reset()


# Our own Spanish wording -------------------------------------------------------------------


@pytest.mark.parametrize("code", list(InstrumentCode))
def test_every_instrument_has_our_spanish_wording_of_the_same_shape(code: InstrumentCode) -> None:
    english, spanish = ADAPTED[code], ADAPTED_ES[code]
    assert same_shape(spanish, english)
    assert spanish.wording.language == "es" and english.wording.language == "en"
    assert spanish.wording.kind is english.wording.kind
    assert spanish.title != english.title and spanish.intro != english.intro
    for ours, theirs in zip(spanish.items, english.items, strict=True):
        assert ours.label.strip() and ours.label != theirs.label
        assert [o.value for o in ours.options] == [o.value for o in theirs.options]
        for option, english_option in zip(ours.options, theirs.options, strict=True):
            assert option.label.strip() and option.label != english_option.label


def test_our_spanish_wording_is_recorded_and_marked_as_adapted_in_spanish() -> None:
    phq9 = INSTRUMENTS.in_language(InstrumentCode.PHQ9, "es")
    assert phq9.wording.ref == ADAPTED_ES_WORDING_REF
    assert phq9.wording.mark == (
        "Adaptado del PHQ-9: estas preguntas están en nuestras propias palabras, no en la "
        "redacción validada del PHQ-9."
    )
    assert phq9.title == "Estado de ánimo (PHQ-9)"
    assert [o.label for o in phq9.items[0].options][-1] == "Casi a diario"
    pain_now = INSTRUMENTS.in_language(InstrumentCode.PAIN_NOW, "es")
    assert pain_now.wording.ref == OWN_ES_WORDING_REF
    assert pain_now.wording.mark.startswith("Una pregunta nuestra")


def test_the_mapping_and_any_other_language_give_the_english() -> None:
    for language in ("en", "en-us", "fr", "", None):
        instrument = INSTRUMENTS.in_language(InstrumentCode.GAD7, language)
        assert instrument is INSTRUMENTS[InstrumentCode.GAD7]
        assert instrument.wording.ref == ADAPTED_WORDING_REF
    assert INSTRUMENTS.in_language(InstrumentCode.GAD7, "es-MX").wording.language == "es"
    assert [language_of(c) for c in ("es", "es_US", "ES-mx", "en", "pt")] == [
        "es",
        "es",
        "es",
        "en",
        "en",
    ]


def test_a_recorded_spanish_wording_is_found_again() -> None:
    assert wording_of(InstrumentCode.PHQ9, ADAPTED_ES_WORDING_REF, "es").language == "es"
    later = wording_of(InstrumentCode.PHQ9, "adapted-es-2")
    assert later.kind is WordingKind.ADAPTED and later.language == "es"
    assert wording_of(InstrumentCode.PHQ9, "", "").ref == ADAPTED_WORDING_REF


def test_the_fhir_questionnaire_says_its_language() -> None:
    spanish = check_in_questionnaire_json(INSTRUMENTS.in_language(InstrumentCode.PHQ9, "es"))
    assert spanish["language"] == "es" and spanish["version"] == ADAPTED_ES_WORDING_REF
    assert spanish["item"][0]["item"][1]["text"] == "Poco interés o poco gusto por las cosas " + (
        "que normalmente le agradan"
    )
    assert check_in_questionnaire_json(INSTRUMENTS[InstrumentCode.PHQ9])["language"] == "en"


# Scores do not depend on the language ------------------------------------------------------


def _answers(instrument: Instrument, draw: st.DrawFn) -> dict[str, int | bool]:
    answers: dict[str, int | bool] = {}
    for item in instrument.items:
        if item.kind is AnswerKind.YES_NO:
            answers[item.id] = draw(st.booleans())
        else:
            answers[item.id] = draw(st.sampled_from(item.answer_values))
    return answers


@st.composite
def any_check_in(draw: st.DrawFn) -> tuple[InstrumentCode, dict[str, int | bool]]:
    code = draw(st.sampled_from(list(InstrumentCode)))
    return code, _answers(ADAPTED[code], draw)


@settings(max_examples=200, deadline=None)
@given(any_check_in())
def test_the_same_answers_score_the_same_in_either_language(
    check_in: tuple[InstrumentCode, dict[str, int | bool]],
) -> None:
    code, answers = check_in
    english = score_responses(INSTRUMENTS.in_language(code, "en"), answers)
    spanish = score_responses(INSTRUMENTS.in_language(code, "es"), answers)
    assert spanish == english
    assert spanish.as_record() == english.as_record()


# A practice's Spanish file -----------------------------------------------------------------


def test_a_spanish_file_is_read_as_spanish_wording(tmp_path: Path) -> None:
    worded = load_wording_file(write(tmp_path, placeholder_phq9(), "phq9.es.json"))
    assert worded.wording.kind is WordingKind.PUBLISHED
    assert worded.wording.language == "es"
    assert worded.wording.ref.startswith("published-")
    assert worded.wording.mark == (
        "La redacción publicada del PHQ-9, proporcionada por el consultorio."
    )
    assert wording_statement(worded).endswith(
        "Fuente: Autor de ejemplo. Revista de ejemplo 2001;1:1-2."
    )
    assert same_shape(worded, ADAPTED[InstrumentCode.PHQ9])


def test_a_file_without_a_language_is_english(tmp_path: Path) -> None:
    content = placeholder_phq9()
    del content["language"]
    assert load_wording_file(write(tmp_path, content, "phq9.json")).wording.language == "en"


def test_a_file_in_another_language_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, placeholder_phq9(language="fr"), "phq9.fr.json")
    with pytest.raises(WordingFileError, match="“language” is 'fr', which is not one of"):
        load_wording_file(path)


def test_the_english_and_the_spanish_file_of_one_instrument_sit_side_by_side(
    tmp_path: Path, reset: None
) -> None:
    english = placeholder_phq9(title="Placeholder title", language="en")
    write(tmp_path, english, "phq9.json")
    write(tmp_path, placeholder_phq9(), "phq9.es.json")
    loaded = load_wordings(tmp_path)
    assert set(loaded["en"]) == set(loaded["es"]) == {InstrumentCode.PHQ9}
    assert set(load_wording_dir(tmp_path)) == {InstrumentCode.PHQ9}
    use_practice_wording(tmp_path)
    assert INSTRUMENTS[InstrumentCode.PHQ9].title == "Placeholder title"
    assert INSTRUMENTS.in_language(InstrumentCode.PHQ9, "es").title == "Título de ejemplo del PHQ-9"
    # Instruments without a file keep our adapted wording in each language.
    gad7 = INSTRUMENTS.in_language(InstrumentCode.GAD7, "es")
    assert gad7 is ADAPTED_ES[InstrumentCode.GAD7]


def test_a_spanish_file_alone_leaves_the_english_adapted(tmp_path: Path, reset: None) -> None:
    write(tmp_path, placeholder_phq9(), "phq9.es.json")
    use_practice_wording(tmp_path)
    assert INSTRUMENTS[InstrumentCode.PHQ9] is ADAPTED[InstrumentCode.PHQ9]
    spanish = INSTRUMENTS.in_language(InstrumentCode.PHQ9, "es")
    assert spanish.wording.kind is WordingKind.PUBLISHED
    INSTRUMENTS.reset()
    assert INSTRUMENTS.in_language(InstrumentCode.PHQ9, "es") is ADAPTED_ES[InstrumentCode.PHQ9]


def test_two_spanish_files_for_one_instrument_are_refused(tmp_path: Path) -> None:
    write(tmp_path, placeholder_phq9(), "a.json")
    write(tmp_path, placeholder_phq9(title="Otro título"), "b.json")
    with pytest.raises(WordingFileError, match=r"already worded in Spanish by a\.json"):
        load_wordings(tmp_path)
