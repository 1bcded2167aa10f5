"""The practice's geography: served states, counties, and what a ZIP code tells us."""

from typing import Any

import pytest
import zipcodes

from servicearea import (
    SERVED_STATES,
    US_STATE_CODES,
    ZipPlace,
    counties,
    find_county,
    normalise_county,
    places,
    state_name,
    zip_counties,
    zip_place,
    zip_state,
    zip_timezone,
)


def zip_rows(state: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = zipcodes.filter_by(state=state)
    return rows


def test_the_practice_serves_florida_and_new_jersey_only() -> None:
    assert SERVED_STATES == ("FL", "NJ")


def test_state_codes_are_the_50_states_dc_and_five_territories() -> None:
    assert len(US_STATE_CODES) == 56
    assert {"DC", "PR", "VI", "GU", "AS", "MP"} <= set(US_STATE_CODES)
    assert not {"AA", "AE", "AP", "FM", "MH", "PW"} & set(US_STATE_CODES)
    assert list(US_STATE_CODES) == sorted(US_STATE_CODES)


def test_state_names() -> None:
    assert state_name("FL") == "Florida"
    assert state_name("NJ") == "New Jersey"
    assert state_name("XX") is None


def test_florida_has_67_counties_and_new_jersey_21() -> None:
    assert len(counties("FL")) == 67
    assert len(counties("NJ")) == 21
    assert len(set(counties("FL"))) == 67


def test_county_names_are_official_without_the_word_county() -> None:
    assert {"Miami-Dade", "St. Johns", "St. Lucie", "DeSoto", "Palm Beach"} <= set(counties("FL"))
    assert {"Atlantic", "Bergen", "Cape May", "Hudson", "Warren"} <= set(counties("NJ"))
    assert not any("County" in name for name in counties("FL") + counties("NJ"))


def test_an_unknown_state_has_no_counties() -> None:
    assert counties("XX") == ()
    assert counties("fl") == ()


@pytest.mark.parametrize(
    ("state", "spelling", "official"),
    [
        ("FL", "miami dade county", "Miami-Dade"),
        ("FL", "MIAMI-DADE", "Miami-Dade"),
        ("FL", "Miami Dade", "Miami-Dade"),
        ("FL", "Saint Johns", "St. Johns"),
        ("FL", "St Johns", "St. Johns"),
        ("FL", "st.johns county", "St. Johns"),
        ("FL", "St Lucie", "St. Lucie"),
        ("FL", "Saint Lucie County", "St. Lucie"),
        ("FL", "Desoto", "DeSoto"),
        ("FL", "DeSoto", "DeSoto"),
        ("FL", "De Soto County", "DeSoto"),
        ("FL", "palm-beach", "Palm Beach"),
        ("FL", "Santa Rosa", "Santa Rosa"),
        ("NJ", "cape-may county", "Cape May"),
        ("NJ", "  bergen  ", "Bergen"),
    ],
)
def test_find_county_ignores_case_county_saint_and_hyphens(
    state: str, spelling: str, official: str
) -> None:
    assert find_county(state, spelling) == official


@pytest.mark.parametrize(
    ("state", "name"),
    [("NJ", "Miami-Dade"), ("FL", "Bergen"), ("FL", "Kings"), ("XX", "Miami-Dade"), ("FL", "")],
)
def test_find_county_refuses_a_county_of_another_state(state: str, name: str) -> None:
    assert find_county(state, name) is None


def test_normalise_county_gives_one_key_to_every_spelling() -> None:
    spellings = ["St. Lucie County", "saint lucie", "ST LUCIE", "St-Lucie"]
    assert {normalise_county(s) for s in spellings} == {"stlucie"}


def test_a_county_keeps_st_when_it_is_part_of_a_word() -> None:
    assert normalise_county("Stark County") == "stark"


@pytest.mark.parametrize("state", SERVED_STATES)
def test_every_county_in_the_zip_data_resolves_to_an_official_one(state: str) -> None:
    spelled = {row["county"] for row in zip_rows(state) if row["county"].strip()}
    assert all(find_county(state, name) for name in spelled), spelled


@pytest.mark.parametrize("state", SERVED_STATES)
def test_every_official_county_has_a_zip_code(state: str) -> None:
    covered = {county for row in zip_rows(state) for county in zip_counties(row["zip_code"])}
    assert covered == set(counties(state))


def test_zip_state() -> None:
    assert zip_state("33133") == "FL"
    assert zip_state("07030") == "NJ"
    assert zip_state("10001") == "NY"
    assert zip_state("00901") == "PR"


@pytest.mark.parametrize(
    "value", ["3313", "331330", "33133-1234", "abcde", "", " 3313", 33133, None]
)
def test_zip_state_needs_five_digits_as_text(value: Any) -> None:
    assert zip_state(value) is None


def test_an_unknown_zip_has_no_state() -> None:
    assert zip_state("00000") is None
    assert zip_place("99999") is None


def test_military_post_offices_are_not_home_addresses() -> None:
    assert any(row["zip_code"] == "09905" for row in zip_rows("NJ"))
    assert zip_state("09905") is None
    assert zip_state("09001") is None


def test_every_served_zip_lies_in_its_state() -> None:
    for state in SERVED_STATES:
        homes = [r for r in zip_rows(state) if r["city"].upper() not in ("APO", "FPO", "DPO")]
        assert homes
        assert {zip_state(row["zip_code"]) for row in homes} == {state}


def test_zip_counties_use_the_official_spelling() -> None:
    assert zip_counties("33133") == ("Miami-Dade",)
    assert zip_counties("34265") == ("DeSoto",)
    assert zip_counties("32084") == ("St. Johns",)
    assert zip_counties("07030") == ("Hudson",)


def test_a_zip_with_no_county_in_the_data_has_none() -> None:
    assert zip_counties("34441") == ()
    assert zip_counties("00000") == ()


def test_zip_timezones_follow_the_panhandle_line() -> None:
    assert zip_timezone("32501") == "America/Chicago"
    assert zip_timezone("32401") == "America/Chicago"
    assert zip_timezone("32301") == "America/New_York"
    assert zip_timezone("33133") == "America/New_York"
    assert zip_timezone("07030") == "America/New_York"
    assert zip_timezone("00000") is None


def test_every_served_zip_has_one_of_the_two_eastern_zones() -> None:
    zones = {zip_timezone(row["zip_code"]) for s in SERVED_STATES for row in zip_rows(s)}
    assert zones <= {"America/New_York", "America/Chicago", None}
    assert None not in {zip_timezone(row["zip_code"]) for row in zip_rows("FL")}


def test_a_zip_without_a_zone_falls_back_to_a_single_zone_state(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocks = {"089": {"08999": ZipPlace("NJ", "", "")}, "329": {"32999": ZipPlace("FL", "", "")}}
    monkeypatch.setattr(places, "_zip_block", lambda prefix: blocks.get(prefix, {}))
    assert zip_timezone("08999") == "America/New_York"
    assert zip_timezone("32999") is None


def test_lookups_are_cached_per_block() -> None:
    zip_state("33133")
    before = places._zip_block.cache_info().hits
    for _ in range(100):
        zip_state("33133")
    assert places._zip_block.cache_info().hits == before + 100
