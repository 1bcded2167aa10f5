"""The service-area page: every county listed, and the ZIP checker's plain answers."""

from typing import Any

import pytest
from django.test import Client

from content import coverage
from content.coverage import Outcome, check_coverage

URL = "/service-area/"


@pytest.mark.parametrize(
    ("zip_code", "county", "state"),
    [
        ("33133", "Miami-Dade County", "Florida"),
        ("32301", "Leon County", "Florida"),
        ("32501", "Escambia County", "Florida"),
        ("34266", "DeSoto County", "Florida"),
        ("07102", "Essex County", "New Jersey"),
        ("08401", "Atlantic County", "New Jersey"),
        ("07302", "Hudson County", "New Jersey"),
    ],
)
def test_a_zip_in_florida_or_new_jersey_is_served_and_named_by_county(
    db: Any, visitor: Client, zip_code: str, county: str, state: str
) -> None:
    response = visitor.post(URL, {"zip_code": zip_code})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Yes, we treat people in ZIP code {zip_code}." in html
    assert f"It is in {county}, {state}" in html
    assert 'href="/assessment/"' in html


def test_a_zip_plus_four_and_stray_spaces_are_accepted() -> None:
    assert check_coverage(" 33133-1234 ").county == "Miami-Dade"
    assert check_coverage("07102 1234").state == "NJ"


@pytest.mark.parametrize(("zip_code", "state"), [("10001", "New York"), ("90210", "California")])
def test_a_zip_in_another_state_offers_that_states_waitlist(
    db: Any, visitor: Client, zip_code: str, state: str
) -> None:
    html = visitor.post(URL, {"zip_code": zip_code}).content.decode()
    assert f"ZIP code {zip_code} is in {state}, where we cannot treat people yet." in html
    assert f"Join the {state} waitlist" in html
    assert 'action="/newsletter/waitlist/"' in html


@pytest.mark.parametrize("zip_code", ["", "abc", "3313", "331333", "33-133", "<script>", "9" * 500])
def test_a_malformed_zip_asks_for_five_digits(db: Any, visitor: Client, zip_code: str) -> None:
    response = visitor.post(URL, {"zip_code": zip_code})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the 5 digits of your ZIP code." in html
    assert 'aria-invalid="true"' in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("zip_code", ["00000", "99999"])
def test_an_unknown_zip_says_so(db: Any, visitor: Client, zip_code: str) -> None:
    html = visitor.post(URL, {"zip_code": zip_code}).content.decode()
    assert f"We could not find ZIP code {zip_code}." in html


def test_a_zip_spanning_several_counties_asks_which_one(
    db: Any, visitor: Client, monkeypatch: Any
) -> None:
    monkeypatch.setattr(coverage.places, "zip_counties", lambda zip5: ("Palm Beach", "Martin"))
    html = visitor.post(URL, {"zip_code": "33458"}).content.decode()
    assert "please tell us which one you live in" in html
    assert '<option value="Palm Beach">' in html and '<option value="Martin">' in html

    chosen = visitor.post(URL, {"zip_code": "33458", "county": "martin county"}).content.decode()
    assert "It is in Martin County, Florida" in chosen

    wrong = visitor.post(URL, {"zip_code": "33458", "county": "Leon"}).content.decode()
    assert "Choose your county from the list." in wrong


def test_a_zip_whose_county_the_data_leaves_blank_asks_from_the_whole_state() -> None:
    answer = check_coverage("33106")
    assert answer.outcome == Outcome.CHOOSE_COUNTY
    assert len(answer.county_choices) == 67
    assert check_coverage("33106", "Miami Dade").county == "Miami-Dade"


def test_the_page_lists_all_67_florida_and_21_new_jersey_counties(db: Any, visitor: Client) -> None:
    html = visitor.get(URL).content.decode()
    assert "Florida: all 67 counties" in html and "New Jersey: all 21 counties" in html
    florida = html[html.index("Florida: all 67") : html.index("New Jersey: all 21")]
    assert florida.count("<li>") == 67
    assert "<li>Miami-Dade</li>" in florida and "<li>DeSoto</li>" in florida
    new_jersey = html[html.index("New Jersey: all 21") :]
    new_jersey = new_jersey[: new_jersey.index("</ul>")]
    assert new_jersey.count("<li>") == 21 and "<li>Cape May</li>" in new_jersey


def test_an_over_long_county_is_cut_short_and_asked_again(
    db: Any, visitor: Client, monkeypatch: Any
) -> None:
    monkeypatch.setattr(coverage.places, "zip_counties", lambda zip5: ("Palm Beach", "Martin"))
    response = visitor.post(URL, {"zip_code": "33458", "county": "M" * 5000})
    assert response.status_code == 200
    assert "Choose your county from the list." in response.content.decode()


def test_the_checker_works_without_javascript_by_posting_a_form(db: Any, visitor: Client) -> None:
    html = visitor.get(URL).content.decode()
    assert '<form method="post" action="/service-area/"' in html
    assert visitor.get(URL + "?zip_code=33133").status_code == 200  # a GET checks nothing
    assert visitor.put(URL).status_code == 405


def test_the_checker_is_rate_limited_per_address(db: Any, visitor: Client) -> None:
    for _ in range(60):
        visitor.post(URL, {"zip_code": "33133"})
    assert visitor.post(URL, {"zip_code": "33133"}).status_code == 429
