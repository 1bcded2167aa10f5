"""The practice's ICD-10-CM list, the checks on a set of codes, and the CRPS code picker."""

import itertools

import pytest

from clinical.icd10 import (
    PRACTICE_CODES,
    CrpsType,
    Family,
    Limb,
    Side,
    check_diagnosis_codes,
    crps_code,
    describe,
    family_of,
    normalise_code,
)

CONFIRMED = {
    "G90.50", "G90.511", "G90.512", "G90.513", "G90.519",
    "G90.521", "G90.522", "G90.523", "G90.529", "G90.59",
    "G56.40", "G56.41", "G56.42", "G56.43", "G57.70", "G57.71", "G57.72", "G57.73",
    "F32.0", "F32.1", "F32.2", "F32.4", "F32.5", "F32.9",
    "F33.0", "F33.1", "F33.2", "F33.9",
    "F41.1", "F41.9", "F40.10", "F40.11", "F43.10", "F43.11", "F43.12",
    "M79.7", "G43.009", "G43.019", "G43.709", "G93.32",
}  # fmt: skip


def test_the_list_holds_exactly_the_confirmed_codes() -> None:
    assert set(PRACTICE_CODES) == CONFIRMED


def test_every_code_has_a_plain_description_of_its_own() -> None:
    descriptions = [entry.description for entry in PRACTICE_CODES.values()]
    assert all(description and description[0].isupper() for description in descriptions)
    assert len(set(descriptions)) == len(descriptions)


def test_depression_with_psychosis_is_left_off_the_list() -> None:
    assert check_diagnosis_codes(["F32.3"]) == [
        "F32.3 is not on the practice's list of diagnosis codes."
    ]


@pytest.mark.parametrize(
    ("written", "code"), [("g90511", "G90.511"), (" f41.1 ", "F41.1"), ("M79.7", "M79.7")]
)
def test_codes_are_read_however_they_are_typed(written: str, code: str) -> None:
    assert normalise_code(written) == code


def test_it_describes_a_code_in_plain_english() -> None:
    assert describe("g90.521") == "Complex regional pain syndrome type I of the right leg"
    assert family_of("G56.43") is Family.CRPS_TYPE_II
    assert family_of("Z99.9") is None
    with pytest.raises(KeyError):
        describe("Z99.9")


def test_a_sound_set_of_codes_has_no_problems() -> None:
    assert check_diagnosis_codes(["G90.511", "F33.1", "F41.1"]) == []


def test_it_refuses_an_empty_set() -> None:
    assert check_diagnosis_codes([]) == ["No diagnosis code is given."]


def test_it_refuses_a_code_not_on_the_list() -> None:
    assert check_diagnosis_codes(["G90.5"]) == [
        "G90.5 is not on the practice's list of diagnosis codes."
    ]


def test_it_refuses_the_same_code_twice_however_it_is_written() -> None:
    assert check_diagnosis_codes(["G90.511", "g90511"]) == [
        "G90.511 is listed 2 times; list each diagnosis once."
    ]


def test_it_refuses_crps_type_i_together_with_type_ii() -> None:
    (problem,) = check_diagnosis_codes(["G90.511", "G57.71"])
    assert problem.startswith(
        "CRPS type I (G90.511) and CRPS type II (G57.71) cannot be recorded together"
    )


def test_it_allows_crps_of_one_type_in_two_limbs() -> None:
    assert check_diagnosis_codes(["G90.511", "G90.522"]) == []
    assert check_diagnosis_codes(["G56.41", "G57.72"]) == []


def test_it_names_every_problem_at_once() -> None:
    problems = check_diagnosis_codes(["X00.0", "F41.1", "F41.1", "G90.50", "G56.40"])
    assert len(problems) == 3


@pytest.mark.parametrize(
    ("crps_type", "limb", "side", "code"),
    [
        (CrpsType.TYPE_I, Limb.UPPER, Side.RIGHT, "G90.511"),
        (CrpsType.TYPE_I, Limb.UPPER, Side.LEFT, "G90.512"),
        (CrpsType.TYPE_I, Limb.UPPER, Side.BOTH, "G90.513"),
        (CrpsType.TYPE_I, Limb.UPPER, Side.NOT_SPECIFIED, "G90.519"),
        (CrpsType.TYPE_I, Limb.LOWER, Side.RIGHT, "G90.521"),
        (CrpsType.TYPE_I, Limb.LOWER, Side.LEFT, "G90.522"),
        (CrpsType.TYPE_I, Limb.LOWER, Side.BOTH, "G90.523"),
        (CrpsType.TYPE_I, Limb.LOWER, Side.NOT_SPECIFIED, "G90.529"),
        (CrpsType.TYPE_I, Limb.NOT_SPECIFIED, Side.NOT_SPECIFIED, "G90.50"),
        (CrpsType.TYPE_I, Limb.OTHER_SITE, Side.NOT_SPECIFIED, "G90.59"),
        (CrpsType.TYPE_II, Limb.UPPER, Side.NOT_SPECIFIED, "G56.40"),
        (CrpsType.TYPE_II, Limb.UPPER, Side.RIGHT, "G56.41"),
        (CrpsType.TYPE_II, Limb.UPPER, Side.LEFT, "G56.42"),
        (CrpsType.TYPE_II, Limb.UPPER, Side.BOTH, "G56.43"),
        (CrpsType.TYPE_II, Limb.LOWER, Side.NOT_SPECIFIED, "G57.70"),
        (CrpsType.TYPE_II, Limb.LOWER, Side.RIGHT, "G57.71"),
        (CrpsType.TYPE_II, Limb.LOWER, Side.LEFT, "G57.72"),
        (CrpsType.TYPE_II, Limb.LOWER, Side.BOTH, "G57.73"),
    ],
)
def test_it_picks_the_crps_code_from_type_limb_and_side(
    crps_type: CrpsType, limb: Limb, side: Side, code: str
) -> None:
    assert crps_code(crps_type, limb, side) == code


@pytest.mark.parametrize("limb", [Limb.NOT_SPECIFIED, Limb.OTHER_SITE])
def test_it_refuses_crps_type_ii_without_an_arm_or_a_leg(limb: Limb) -> None:
    with pytest.raises(ValueError, match="only for an arm or a leg"):
        crps_code(CrpsType.TYPE_II, limb, Side.NOT_SPECIFIED)


def test_it_refuses_a_side_without_an_arm_or_a_leg() -> None:
    with pytest.raises(ValueError, match="A side can be given only"):
        crps_code(CrpsType.TYPE_I, Limb.OTHER_SITE, Side.LEFT)


def test_every_code_it_picks_is_on_the_list_under_the_right_type() -> None:
    families = {CrpsType.TYPE_I: Family.CRPS_TYPE_I, CrpsType.TYPE_II: Family.CRPS_TYPE_II}
    picked = set()
    for crps_type, limb, side in itertools.product(CrpsType, Limb, Side):
        try:
            code = crps_code(crps_type, limb, side)
        except ValueError:
            continue
        assert family_of(code) is families[crps_type]
        picked.add(code)
    crps_codes = {
        code
        for code, entry in PRACTICE_CODES.items()
        if entry.family in (Family.CRPS_TYPE_I, Family.CRPS_TYPE_II)
    }
    assert picked == crps_codes
