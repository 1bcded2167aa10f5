"""Directions: the exact sentence, every refusal, and properties over all valid fields."""

import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinical.directions import (
    Directions,
    DosageForm,
    UnclearDirections,
    check_directions,
    write_directions,
)
from clinical.plan import PhaseDoseLimits

ONE_TROCHE = Directions(
    form=DosageForm.TROCHE,
    strength_mg=100,
    units_per_dose=1,
    max_doses_per_week=2,
    hold_minutes=15,
)
PLAN = PhaseDoseLimits(mg_per_session=200, sessions_per_week=2)


def test_it_writes_one_troche_as_one_sentence_of_numerals() -> None:
    assert write_directions(ONE_TROCHE) == (
        "Place 1 troche (100 mg) under your tongue and let it dissolve without swallowing "
        "for 15 minutes, then spit out what is left. Take 1 dose at most once a day and no "
        "more than 2 doses in 7 days, only with your treatment monitor present."
    )


def test_it_gives_each_strength_and_the_total_for_two_units() -> None:
    directions = replace(ONE_TROCHE, form=DosageForm.RAPID_DISSOLVE_TABLET, units_per_dose=2)
    assert write_directions(directions).startswith(
        "Place 2 rapid-dissolve tablets (100 mg each, 200 mg in all) under your tongue and "
        "let them dissolve without swallowing for 15 minutes"
    )


def test_a_weekly_limit_of_one_reads_as_one_dose() -> None:
    assert "no more than 1 dose in 7 days" in write_directions(
        replace(ONE_TROCHE, max_doses_per_week=1)
    )


def test_valid_fields_within_the_plan_have_no_problems() -> None:
    assert check_directions(replace(ONE_TROCHE, units_per_dose=2), PLAN) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"units_per_dose": 0}, "A dose must be at least 1 unit."),
        ({"units_per_dose": 1.5}, "never part of a troche or tablet"),
        ({"units_per_dose": 3}, "A dose can be at most 2 units"),
        ({"strength_mg": 0}, "The strength must be a whole number of mg"),
        ({"strength_mg": 12.5}, "The strength must be a whole number of mg"),
        ({"max_doses_per_day": 2}, "1 dose a day at the most"),
        ({"max_doses_per_week": 0}, "weekly limit must be a whole number of doses from 1 to 7"),
        ({"max_doses_per_week": 8}, "weekly limit must be a whole number of doses from 1 to 7"),
        ({"hold_minutes": 9}, "from 10 to 30"),
        ({"hold_minutes": 31}, "from 10 to 30"),
        ({"form": "lozenge"}, "Choose the form"),
    ],
)
def test_it_refuses_ambiguous_or_unsafe_fields(change: dict[str, object], reason: str) -> None:
    directions = replace(ONE_TROCHE, **change)  # type: ignore[arg-type]
    (problem,) = check_directions(directions)
    assert reason in problem
    with pytest.raises(UnclearDirections) as refused:
        write_directions(directions)
    assert refused.value.reasons == [problem]


@pytest.mark.parametrize("minutes", [10, 30])
def test_the_hold_time_may_be_10_or_30_minutes(minutes: int) -> None:
    assert f"for {minutes} minutes" in write_directions(replace(ONE_TROCHE, hold_minutes=minutes))


def test_it_refuses_a_dose_above_the_plan() -> None:
    assert check_directions(replace(ONE_TROCHE, strength_mg=250), PLAN) == [
        "A dose of 250 mg is above the plan's 200 mg a session."
    ]


def test_it_refuses_more_doses_a_week_than_the_plan() -> None:
    assert check_directions(replace(ONE_TROCHE, max_doses_per_week=3), PLAN) == [
        "The plan allows 2 sessions a week at the most; 3 doses a week is more."
    ]


def test_it_names_every_problem_at_once() -> None:
    directions = replace(ONE_TROCHE, units_per_dose=0, hold_minutes=5, max_doses_per_week=9)
    assert len(check_directions(directions)) == 3


_valid_directions = st.builds(
    Directions,
    form=st.sampled_from(DosageForm),
    strength_mg=st.integers(1, 300),
    units_per_dose=st.integers(1, 2),
    max_doses_per_week=st.integers(1, 7),
    hold_minutes=st.integers(10, 30),
)
_RANGE = re.compile(r"\d\s*(-|\u2013|\u2014|to|or)\s*\d")


@given(_valid_directions)
def test_any_valid_fields_state_the_exact_dose_and_the_weekly_limit(directions: Directions) -> None:
    sentence = write_directions(directions)
    units = directions.form.units(directions.units_per_dose)
    assert f"Place {units} ({directions.strength_mg} mg" in sentence
    assert f"{directions.mg_per_dose} mg" in sentence
    assert f"no more than {directions.max_doses_per_week} dose" in sentence
    assert f"for {directions.hold_minutes} minutes" in sentence
    assert "at most once a day" in sentence


@given(_valid_directions)
def test_any_valid_fields_give_no_range_and_no_as_needed(directions: Directions) -> None:
    sentence = write_directions(directions).lower()
    assert not _RANGE.search(sentence)
    assert "as needed" not in sentence
    assert "prn" not in sentence
    assert "when needed" not in sentence


@given(_valid_directions, st.integers().filter(lambda units: not 1 <= units <= 2))
def test_any_number_of_units_but_1_or_2_is_refused(directions: Directions, units: int) -> None:
    with pytest.raises(UnclearDirections):
        write_directions(replace(directions, units_per_dose=units))
