"""A practice may make the safety numbers stricter, never looser (CLINICAL_SAFETY_POLICY)."""

from fractions import Fraction

import pytest

from clinical.policy import DEFAULT_POLICY, DIRECTION, SafetyPolicy


def test_a_stricter_number_is_taken_and_the_rest_stay() -> None:
    policy = DEFAULT_POLICY.stricter(dose_ceiling_mg=200, low_pulse_below="55")
    assert policy.dose_ceiling_mg == 200
    assert policy.low_pulse_below == 55
    assert policy.hours_between_doses == DEFAULT_POLICY.hours_between_doses


def test_the_default_itself_counts_as_stricter_enough() -> None:
    assert DEFAULT_POLICY.stricter(hours_between_doses=20) == DEFAULT_POLICY


def test_a_fraction_number_takes_a_fraction() -> None:
    policy = DEFAULT_POLICY.stricter(step_up_factor="5/4", starting_dose_mg_per_kg=1.5)
    assert policy.step_up_factor == Fraction(5, 4)
    assert policy.starting_dose_mg_per_kg == Fraction(3, 2)


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("dose_ceiling_mg", 400, "may only be made stricter: at most 300, not 400."),
        ("low_systolic_below", 80, "may only be made stricter: at least 90, not 80."),
        ("step_up_factor", 2, "may only be made stricter: at most 3/2, not 2."),
    ],
)
def test_a_looser_number_is_refused_saying_which_way_is_stricter(
    name: str, value: object, words: str
) -> None:
    with pytest.raises(ValueError, match=f"^{name} {words}$"):
        DEFAULT_POLICY.stricter(**{name: value})


@pytest.mark.parametrize("value", [0, -5, "ten", "", True, None, [200], 20.5, "1/0", float("nan")])
def test_a_whole_number_that_is_not_one_above_zero_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"^hours_between_doses must be a whole number above 0\.$"):
        DEFAULT_POLICY.stricter(hours_between_doses=value)


def test_a_fraction_number_that_is_not_above_zero_is_refused_without_whole() -> None:
    with pytest.raises(ValueError, match=r"^step_up_factor must be a number above 0\.$"):
        DEFAULT_POLICY.stricter(step_up_factor=0)


def test_an_unknown_name_is_refused_listing_the_known_ones() -> None:
    with pytest.raises(ValueError, match="dose_cieling_mg is not a policy number") as refusal:
        DEFAULT_POLICY.stricter(dose_cieling_mg=200)
    assert all(name in str(refusal.value) for name in DIRECTION)


def test_every_problem_is_named_at_once() -> None:
    with pytest.raises(ValueError) as refusal:
        DEFAULT_POLICY.stricter(dose_ceiling_mg=900, low_pulse_below=0)
    assert "dose_ceiling_mg" in str(refusal.value)
    assert "low_pulse_below" in str(refusal.value)


def test_every_policy_number_has_a_direction() -> None:
    assert set(DIRECTION) == set(SafetyPolicy.__dataclass_fields__)
