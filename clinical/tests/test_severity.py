"""The CRPS Severity Score: its 16 items, and when a change between two scores is real."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinical.severity import (
    HIGHEST_SCORE,
    MEANINGFUL_CHANGE,
    CrpsSeverityScore,
    Direction,
    ReportedSymptom,
    SeverityChange,
    SignSeen,
    compare,
)


def score(symptoms: int, signs: int) -> CrpsSeverityScore:
    return CrpsSeverityScore(
        symptoms=frozenset(list(ReportedSymptom)[:symptoms]),
        signs=frozenset(list(SignSeen)[:signs]),
    )


def test_it_has_eight_symptoms_and_eight_signs_for_a_highest_score_of_16() -> None:
    assert len(ReportedSymptom) == 8
    assert len(SignSeen) == 8
    assert HIGHEST_SCORE == 16


def test_every_item_present_scores_16_and_none_scores_0() -> None:
    assert score(8, 8).total == 16
    assert score(0, 0).total == 0


def test_each_present_item_scores_one_point() -> None:
    assert score(5, 3).total == 8


def test_it_refuses_a_sign_recorded_as_a_symptom() -> None:
    with pytest.raises(ValueError, match="not a symptom item"):
        CrpsSeverityScore(symptoms=frozenset({SignSeen.ALLODYNIA}), signs=frozenset())  # type: ignore[arg-type]


def test_it_refuses_a_symptom_recorded_as_a_sign() -> None:
    with pytest.raises(ValueError, match="not a sign item"):
        CrpsSeverityScore(symptoms=frozenset(), signs=frozenset({ReportedSymptom.OEDEMA}))  # type: ignore[arg-type]


def test_a_fall_of_5_points_is_a_real_improvement() -> None:
    change = compare(score(8, 4), score(4, 3))
    assert (change.points, change.direction, change.meaningful) == (-5, Direction.LOWER, True)
    assert change.in_words == (
        "Better: the CRPS Severity Score fell by 5 points, from 12 to 7, "
        "a real change (5 points or more)."
    )


def test_a_fall_of_4_points_is_not_a_real_change() -> None:
    change = compare(score(8, 4), score(5, 3))
    assert not change.meaningful
    assert change.in_words == (
        "No real change: the CRPS Severity Score fell by 4 points, from 12 to 8, "
        "less than the 5 points that mark a real change."
    )


def test_a_rise_of_6_points_is_a_real_worsening() -> None:
    change = compare(score(3, 1), score(6, 4))
    assert change.direction is Direction.HIGHER
    assert change.in_words.startswith("Worse: the CRPS Severity Score rose by 6 points")


def test_a_rise_of_1_point_says_point() -> None:
    assert "rose by 1 point," in compare(score(3, 1), score(4, 1)).in_words


def test_the_same_score_is_no_change() -> None:
    change = compare(score(6, 2), score(2, 6))
    assert change.direction is Direction.SAME
    assert change.in_words == "No change: the CRPS Severity Score is 8 at both visits."


@pytest.mark.parametrize(("points", "meaningful"), [(4, False), (5, True), (6, True)])
def test_the_threshold_is_5_points_either_way(points: int, meaningful: bool) -> None:
    assert SeverityChange(baseline=8, follow_up=8 + points).meaningful is meaningful
    assert SeverityChange(baseline=8 + points, follow_up=8).meaningful is meaningful


@given(st.integers(0, 16), st.integers(0, 16))
def test_a_change_is_real_exactly_when_it_is_5_points_or_more(
    baseline: int, follow_up: int
) -> None:
    change = SeverityChange(baseline=baseline, follow_up=follow_up)
    assert change.meaningful == (abs(follow_up - baseline) >= MEANINGFUL_CHANGE)
    assert change.in_words.startswith(
        ("Better", "Worse") if change.meaningful else ("No real change", "No change")
    )
