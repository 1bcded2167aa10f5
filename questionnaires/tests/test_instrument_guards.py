"""The guards that keep a wrongly shaped instrument, wording or questionnaire out of use."""

import io
from dataclasses import replace

import pytest

from questionnaires.assessment import cli
from questionnaires.assessment.fhir import _instrument_item
from questionnaires.assessment.questionnaire import QUESTIONNAIRE
from questionnaires.instruments import (
    ADAPTED,
    INSTRUMENTS,
    PHQ9_BANDS,
    AnswerOption,
    InstrumentCode,
    WordingKind,
    severity_of,
    with_wording,
    wording_of,
)

PHQ9 = ADAPTED[InstrumentCode.PHQ9]


def worded_items(values: tuple[int, ...]) -> tuple[tuple[str, tuple[AnswerOption, ...]], ...]:
    options = tuple(AnswerOption(value, f"Placeholder {value}") for value in values)
    return tuple((f"Placeholder item {n}", options) for n in range(1, len(PHQ9.items) + 1))


def test_every_instrument_is_in_use_in_our_own_wording_to_begin_with() -> None:
    assert len(INSTRUMENTS) == len(ADAPTED)
    assert set(INSTRUMENTS) == set(ADAPTED)


def test_a_check_in_in_the_practices_own_wording_says_so() -> None:
    wording = wording_of(InstrumentCode.PHQ9, "own-2026")
    assert wording.kind is WordingKind.OWN
    assert wording.ref == "own-2026"


def test_an_instrument_of_another_shape_is_never_put_in_use() -> None:
    fewer = replace(PHQ9, items=PHQ9.items[:-1])
    with pytest.raises(ValueError, match="does not match the instrument"):
        INSTRUMENTS.use({InstrumentCode.PHQ9: fewer})
    assert INSTRUMENTS[InstrumentCode.PHQ9] is PHQ9


def test_a_total_outside_every_band_is_an_error_not_a_severity() -> None:
    with pytest.raises(ValueError, match="28 is outside every band"):
        severity_of(28, PHQ9_BANDS)


def test_wording_with_another_number_of_items_is_refused() -> None:
    with pytest.raises(ValueError, match="8 items given; the PHQ-9 has 9"):
        with_wording(PHQ9, PHQ9.wording, title="T", intro="", items=worded_items((0, 1, 2, 3))[:8])


def test_wording_with_other_answer_values_is_refused() -> None:
    with pytest.raises(ValueError, match="do not match the PHQ-9's"):
        with_wording(PHQ9, PHQ9.wording, title="T", intro="", items=worded_items((0, 1, 2, 4)))


def test_an_instrument_whose_items_are_asked_at_different_times_cannot_be_drawn() -> None:
    questions = [q for q in QUESTIONNAIRE.questions.values() if q.instrument][:2]
    assert len(questions) == 2 and questions[0].instrument == questions[1].instrument
    other = next(
        q.asked_when
        for q in QUESTIONNAIRE.questions.values()
        if q.asked_when not in (None, questions[0].asked_when)
    )
    mixed = [questions[0], replace(questions[1], asked_when=other)]
    with pytest.raises(ValueError, match="must share one asked-when condition"):
        _instrument_item(str(questions[0].instrument), mixed)


def test_standard_input_that_is_not_utf8_is_exit_2_with_a_clear_error() -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b'{"answers": "caf\xe9"}'), encoding="utf-8")
    result = cli.run([], stdin)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "The input is not UTF-8 text." in result.stderr
