"""The check-in instruments: their items, every band edge, the crisis item, and validation."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires.assessment.questionnaire import QUESTIONNAIRE
from questionnaires.instruments import (
    ADAPTED_WORDING_REF,
    GAD7_BANDS,
    INSTRUMENTS,
    PCL5_PROBABLE_PTSD_FROM,
    PHQ9_BANDS,
    AnswerKind,
    InstrumentCode,
    ScoringMethod,
    Severity,
    WordingKind,
    score_responses,
    validate_responses,
    wording_of,
)

PEG = INSTRUMENTS[InstrumentCode.PEG]
PHQ9 = INSTRUMENTS[InstrumentCode.PHQ9]
GAD7 = INSTRUMENTS[InstrumentCode.GAD7]
PC_PTSD5 = INSTRUMENTS[InstrumentCode.PC_PTSD5]
PCL5 = INSTRUMENTS[InstrumentCode.PCL5]
PAIN_NOW = INSTRUMENTS[InstrumentCode.PAIN_NOW]

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


def phq9(*items: int) -> dict[str, int]:
    return {f"phq9_{n}": answer for n, answer in enumerate(items, start=1)}


def phq9_totalling(total: int, item_9: int = 0) -> dict[str, int]:
    """PHQ-9 responses with the given total, filling items 1-8 before item 9."""
    item_9 = max(item_9, total - 24)
    left = total - item_9
    items = []
    for _ in range(8):
        items.append(min(3, left))
        left -= items[-1]
    assert left == 0
    return phq9(*items, item_9)


def gad7_totalling(total: int) -> dict[str, int]:
    items = [min(3, max(0, total - 3 * n)) for n in range(7)]
    return {f"gad7_{n}": answer for n, answer in enumerate(items, start=1)}


def pc_ptsd5(yes: int) -> dict[str, bool]:
    return {f"pc_ptsd5_{n}": n <= yes for n in range(1, 6)}


def pcl5_totalling(total: int) -> dict[str, int]:
    items = [min(4, max(0, total - 4 * n)) for n in range(20)]
    return {f"pcl5_{n}": answer for n, answer in enumerate(items, start=1)}


def test_each_instrument_has_the_published_number_of_items_and_ranges() -> None:
    shapes = {
        InstrumentCode.PEG: (3, 0, 10, AnswerKind.RATING),
        InstrumentCode.PHQ9: (9, 0, 3, AnswerKind.RATING),
        InstrumentCode.GAD7: (7, 0, 3, AnswerKind.RATING),
        InstrumentCode.PC_PTSD5: (5, 0, 1, AnswerKind.YES_NO),
        InstrumentCode.PCL5: (20, 0, 4, AnswerKind.RATING),
        InstrumentCode.PAIN_NOW: (1, 0, 10, AnswerKind.RATING),
    }
    for code, (count, lowest, highest, kind) in shapes.items():
        items = INSTRUMENTS[code].items
        assert len(items) == count
        assert {(i.minimum, i.maximum, i.kind) for i in items} == {(lowest, highest, kind)}


def test_the_loinc_codes_are_the_confirmed_ones() -> None:
    assert (PEG.loinc_panel, PEG.loinc_total) == ("91148-7", "91147-9")
    assert [i.loinc for i in PEG.items] == [None, "91145-3", "91146-1"]
    assert (PHQ9.loinc_panel, PHQ9.loinc_total) == ("44249-1", "44261-6")
    assert [i.loinc for i in PHQ9.items] == [
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
    ]
    assert (GAD7.loinc_panel, GAD7.loinc_total) == ("69737-5", "70274-6")
    assert [i.loinc for i in GAD7.items] == [
        "69725-0",
        "68509-9",
        "69733-4",
        "69734-2",
        "69735-9",
        "69689-8",
        "69736-7",
    ]
    assert (PC_PTSD5.loinc_panel, PC_PTSD5.loinc_total) == (None, None)
    assert (PCL5.loinc_panel, PCL5.loinc_total) == ("101697-1", "101698-9")
    assert [i.loinc for i in PCL5.items] == [None] * 20
    assert [i.loinc for i in PAIN_NOW.items] == ["72514-3"]


def test_each_instrument_is_scored_as_published() -> None:
    scorings = {
        code: (i.scoring.method, i.scoring.lowest, i.scoring.highest)
        for code, i in INSTRUMENTS.items()
    }
    assert scorings == {
        InstrumentCode.PEG: (ScoringMethod.MEAN, 0, 10),
        InstrumentCode.PHQ9: (ScoringMethod.SUM, 0, 27),
        InstrumentCode.GAD7: (ScoringMethod.SUM, 0, 21),
        InstrumentCode.PC_PTSD5: (ScoringMethod.COUNT_YES, 0, 5),
        InstrumentCode.PCL5: (ScoringMethod.SUM, 0, 80),
        InstrumentCode.PAIN_NOW: (ScoringMethod.SUM, 0, 10),
    }


def test_without_a_wording_file_every_published_instrument_is_marked_adapted() -> None:
    names = {
        InstrumentCode.PEG: "PEG",
        InstrumentCode.PHQ9: "PHQ-9",
        InstrumentCode.GAD7: "GAD-7",
        InstrumentCode.PC_PTSD5: "PC-PTSD-5",
        InstrumentCode.PCL5: "PCL-5",
    }
    for code, name in names.items():
        wording = INSTRUMENTS[code].wording
        assert wording.kind is WordingKind.ADAPTED and wording.ref == ADAPTED_WORDING_REF
        assert wording.mark.startswith(f"Adapted from the {name}:")
        assert "not the" in wording.mark and "validated wording" in wording.mark
    assert PAIN_NOW.wording.kind is WordingKind.OWN


def test_a_recorded_wording_reads_back_as_what_it_was() -> None:
    assert wording_of(InstrumentCode.PHQ9, "adapted-1") == PHQ9.wording
    assert wording_of(InstrumentCode.PHQ9, "").kind is WordingKind.ADAPTED
    older = wording_of(InstrumentCode.PHQ9, "published-0123456789ab")
    assert older.kind is WordingKind.PUBLISHED and older.ref == "published-0123456789ab"
    assert wording_of(InstrumentCode.PAIN_NOW, "own-1") == PAIN_NOW.wording


def test_a_check_in_asks_the_same_words_the_patient_met_in_the_assessment() -> None:
    for code in (InstrumentCode.PEG, InstrumentCode.PHQ9, InstrumentCode.GAD7):
        for item in INSTRUMENTS[code].items:
            assert item.label == QUESTIONNAIRE.questions[item.id].text
    frequency = [(o.value, o.label) for o in PHQ9.items[0].options]
    assert frequency == [
        (0, "Not at all"),
        (1, "On some days"),
        (2, "On more than half the days"),
        (3, "Nearly every day"),
    ]


@pytest.mark.parametrize(
    ("items", "mean"),
    [
        ((4, 4, 5), Decimal("4.3")),
        ((0, 1, 1), Decimal("0.7")),
        ((0, 0, 1), Decimal("0.3")),
        ((0, 0, 0), Decimal("0.0")),
        ((10, 10, 10), Decimal("10.0")),
        ((7, 8, 8), Decimal("7.7")),
    ],
)
def test_peg_is_the_mean_of_its_items_rounded_half_up_to_one_decimal(
    items: tuple[int, int, int], mean: Decimal
) -> None:
    responses = dict(zip(PEG.item_ids, items, strict=True))
    score = score_responses(PEG, responses)
    assert score.total == mean
    assert isinstance(score.total, Decimal)
    assert score.severity is None and not score.crisis


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, Severity.MINIMAL),
        (4, Severity.MINIMAL),
        (5, Severity.MILD),
        (9, Severity.MILD),
        (10, Severity.MODERATE),
        (14, Severity.MODERATE),
        (15, Severity.MODERATELY_SEVERE),
        (19, Severity.MODERATELY_SEVERE),
        (20, Severity.SEVERE),
        (27, Severity.SEVERE),
    ],
)
def test_phq9_bands_change_exactly_at_5_10_15_and_20(total: int, severity: Severity) -> None:
    score = score_responses(PHQ9, phq9_totalling(total))
    assert score.total == total
    assert score.severity is severity


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (0, Severity.MINIMAL),
        (4, Severity.MINIMAL),
        (5, Severity.MILD),
        (9, Severity.MILD),
        (10, Severity.MODERATE),
        (14, Severity.MODERATE),
        (15, Severity.SEVERE),
        (21, Severity.SEVERE),
    ],
)
def test_gad7_bands_change_exactly_at_5_10_and_15(total: int, severity: Severity) -> None:
    score = score_responses(GAD7, gad7_totalling(total))
    assert score.total == total
    assert score.severity is severity


def test_the_bands_cover_every_total_once_and_nothing_beyond() -> None:
    for bands, highest in ((PHQ9_BANDS, 27), (GAD7_BANDS, 21)):
        covered = [t for band in bands for t in range(band.lowest, band.highest + 1)]
        assert covered == list(range(highest + 1))


@pytest.mark.parametrize(("item_9", "crisis"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item_9_of_1_or_more_calls_for_crisis_resources(item_9: int, crisis: bool) -> None:
    score = score_responses(PHQ9, phq9_totalling(item_9, item_9=item_9))
    assert score.crisis is crisis


def test_phq9_item_9_is_a_crisis_even_when_the_total_is_minimal() -> None:
    score = score_responses(PHQ9, phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert score.severity is Severity.MINIMAL
    assert score.crisis


def test_a_high_phq9_total_without_item_9_is_not_a_crisis() -> None:
    assert not score_responses(PHQ9, phq9(3, 3, 3, 3, 3, 3, 3, 3, 0)).crisis


@pytest.mark.parametrize(("yes", "positive"), [(0, False), (3, False), (4, True), (5, True)])
def test_pc_ptsd5_counts_yes_answers_and_screens_positive_from_4(yes: int, positive: bool) -> None:
    score = score_responses(PC_PTSD5, pc_ptsd5(yes))
    assert score.total == yes
    assert score.positive_screen is positive


@pytest.mark.parametrize(
    ("total", "positive"), [(0, False), (32, False), (33, True), (34, True), (80, True)]
)
def test_pcl5_sums_its_twenty_items_and_suggests_ptsd_from_33(total: int, positive: bool) -> None:
    assert PCL5_PROBABLE_PTSD_FROM == 33
    score = score_responses(PCL5, pcl5_totalling(total))
    assert score.total == total
    assert score.positive_screen is positive
    assert score.severity is None and not score.crisis


@pytest.mark.parametrize("answer", [-1, 5, True])
def test_a_pcl5_answer_outside_0_to_4_is_refused(answer: object) -> None:
    responses: dict[str, object] = dict(pcl5_totalling(0))
    responses["pcl5_20"] = answer
    assert validate_responses(PCL5, responses) == ["Question 20 takes a whole number from 0 to 4."]


@pytest.mark.parametrize("pain", [0, 5, 10])
def test_pain_now_is_the_rating_itself(pain: int) -> None:
    assert score_responses(PAIN_NOW, {"pain_now": pain}).total == pain


def test_a_complete_set_of_responses_has_no_problems() -> None:
    assert validate_responses(PHQ9, phq9_totalling(12)) == []
    assert validate_responses(PC_PTSD5, pc_ptsd5(2)) == []


def test_a_missing_answer_is_named_by_its_question_number() -> None:
    responses = phq9_totalling(6)
    del responses["phq9_4"]
    assert validate_responses(PHQ9, responses) == ["Question 4 has no answer yet."]


def test_a_none_answer_counts_as_missing() -> None:
    assert validate_responses(PAIN_NOW, {"pain_now": None}) == ["Question 1 has no answer yet."]


@pytest.mark.parametrize("answer", [-1, 4, 2.5, "2", True])
def test_a_phq9_answer_outside_0_to_3_or_not_a_whole_number_is_refused(answer: object) -> None:
    responses: dict[str, object] = dict(phq9_totalling(0))
    responses["phq9_2"] = answer
    assert validate_responses(PHQ9, responses) == ["Question 2 takes a whole number from 0 to 3."]


@pytest.mark.parametrize(("answer", "ok"), [(-1, False), (0, True), (10, True), (11, False)])
def test_a_peg_answer_must_be_0_to_10(answer: int, ok: bool) -> None:
    problems = validate_responses(PEG, {"peg_1": answer, "peg_2": 5, "peg_3": 5})
    assert (problems == []) is ok


@pytest.mark.parametrize("answer", [1, 0, "yes"])
def test_a_pc_ptsd5_answer_must_be_yes_or_no(answer: object) -> None:
    responses: dict[str, object] = dict(pc_ptsd5(0))
    responses["pc_ptsd5_3"] = answer
    assert validate_responses(PC_PTSD5, responses) == ["Question 3 takes yes or no."]


def test_an_answer_to_a_question_the_instrument_does_not_ask_is_refused() -> None:
    responses: dict[str, object] = dict(phq9_totalling(0))
    responses["gad7_1"] = 2
    assert validate_responses(PHQ9, responses) == ["“gad7_1” is not a question of Mood (PHQ-9)."]


def test_scoring_invalid_responses_raises_with_the_problems() -> None:
    with pytest.raises(ValueError, match="Question 1 has no answer yet"):
        score_responses(PEG, {"peg_2": 1, "peg_3": 1})


def test_a_score_reads_as_one_plain_sentence() -> None:
    assert (
        score_responses(PHQ9, phq9_totalling(16)).plain
        == "Mood (PHQ-9): 16 out of 27 (moderately severe)."
    )
    assert score_responses(PEG, {"peg_1": 4, "peg_2": 4, "peg_3": 5}).plain == (
        "Pain and how it affects you (PEG): 4.3 out of 10."
    )
    assert "suggests PTSD" in score_responses(PC_PTSD5, pc_ptsd5(4)).plain
    assert score_responses(PCL5, pcl5_totalling(33)).plain == (
        "Living with a past trauma (PCL-5): 33 out of 80, which suggests PTSD symptoms "
        "worth talking through with your clinician."
    )


@PROPERTY_SETTINGS
@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_any_valid_phq9_scores_its_sum_in_the_band_that_holds_it(items: list[int]) -> None:
    score = score_responses(PHQ9, phq9(*items))
    assert score.total == sum(items)
    band = next(b for b in PHQ9_BANDS if b.severity is score.severity)
    assert band.lowest <= sum(items) <= band.highest
    assert score.crisis is (items[8] >= 1)


@PROPERTY_SETTINGS
@given(st.lists(st.integers(0, 10), min_size=3, max_size=3))
def test_any_valid_peg_lies_between_its_lowest_and_highest_item(items: list[int]) -> None:
    score = score_responses(PEG, dict(zip(PEG.item_ids, items, strict=True)))
    assert isinstance(score.total, Decimal)
    assert min(items) <= score.total <= max(items)
    assert score.total == score.total.quantize(Decimal("0.1"))


ALL_ITEM_IDS = sorted(item_id for i in INSTRUMENTS.values() for item_id in i.item_ids)
ANY_ANSWER = st.one_of(st.none(), st.booleans(), st.integers(-2, 12), st.text(max_size=2))


@PROPERTY_SETTINGS
@given(
    st.sampled_from(list(InstrumentCode)),
    st.data(),
    st.dictionaries(st.sampled_from(ALL_ITEM_IDS) | st.text(max_size=8), ANY_ANSWER, max_size=4),
)
def test_validation_never_crashes_and_whatever_it_passes_can_be_scored(
    code: InstrumentCode, data: st.DataObject, changes: dict[str, object]
) -> None:
    instrument = INSTRUMENTS[code]
    valid = {
        item.id: data.draw(
            st.booleans()
            if item.kind is AnswerKind.YES_NO
            else st.integers(item.minimum, item.maximum)
        )
        for item in instrument.items
    }
    assert validate_responses(instrument, valid) == []
    responses: dict[str, object] = {**valid, **changes}
    if validate_responses(instrument, responses) == []:
        score_responses(instrument, responses)  # type: ignore[arg-type]
    else:
        with pytest.raises(ValueError):
            score_responses(instrument, responses)  # type: ignore[arg-type]
