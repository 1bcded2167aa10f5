"""The at-home journal in Chromium at 390 px: a patient with a signed prescription is
blocked by a high blood pressure, passes with a normal one, takes the dose, answers the
after-questions, does a GMI exercise, completes a check-in and sees the progress page."""

from typing import Any

import pytest

from journal.tests.helpers import treated
from tests.browser import assert_accessible, assert_fits_width, sign_in_as
from tests.personas import make

pytestmark = pytest.mark.browser


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def safety_check(page: Any, systolic: str) -> None:
    page.locator("#id_systolic").fill(systolic)
    page.locator("#id_diastolic").fill("82")
    page.locator("#id_heart_rate").fill("74")
    for name in (
        "monitor_present",
        "nothing_eaten_for_two_hours",
        "no_driving_for_rest_of_day",
        "safe_place_to_rest",
    ):
        page.locator(f"#id_{name}").check()
    page.get_by_role("button", name="Check I can start").click()


def test_a_patient_completes_a_home_session_an_exercise_and_a_check_in(
    page: Any, live_server: Any
) -> None:
    clinician = make("clinician_fl")
    patient = treated(clinician)
    sign_in_as(page, patient.user, live_server.url)

    page.goto("/journal/")
    check(page)
    page.get_by_role("link", name="Start a home session").click()
    check(page)

    safety_check(page, "168")
    assert "Do not take your dose yet" in page.locator("main").inner_text()
    check(page)

    safety_check(page, "124")
    assert page.locator("[data-directions]").inner_text().startswith("Place 2 troches")
    check(page)
    page.get_by_role("button", name="I am taking my dose now").click()
    page.wait_for_url("**/session/*/")
    assert "Started at" in page.locator("[data-timer]").inner_text()
    assert "left under your tongue" in page.locator("[data-countdown]").inner_text()
    assert page.locator("a[href='tel:911']").first.is_visible()
    check(page)

    page.locator("input[name='pain_now'][value='3']").check()
    page.locator("input[name='dissociation'][value='4']").check()
    page.locator("input[name='side_effects'][value='nausea']").check()
    page.get_by_role("button", name="Save how it went").click()
    page.wait_for_url("**/after/")
    check(page)

    page.get_by_role("link", name="Left or right?").first.click()
    check(page)
    page.locator("#id_completed").check()
    page.locator("input[name='discomfort'][value='2']").check()
    page.get_by_role("button", name="Save this exercise").click()
    page.wait_for_url("**/journal/*/")
    assert "1 of 10 comfortable sessions done" in page.locator("main").inner_text()

    for scores in (("8", "7", "8"), ("5", "4", "4")):
        page.get_by_role("link", name="PEG").first.click()
        check(page)
        for number, score in enumerate(scores, start=1):
            page.locator(f"input[name='peg_{number}'][value='{score}']").check()
        page.get_by_role("button", name="Send your answers").click()
        page.wait_for_url("**/check-in/done/*/")
        check(page)
        page.get_by_role("link", name="Back to your journal").click()

    page.get_by_role("link", name="See your progress").click()
    check(page)
    assert page.locator("svg.chart").count() == 1  # PEG only; no PHQ-9 or GAD-7 yet
    assert page.locator("svg.chart .chart-baseline").count() == 1
    assert "lower than at the start" in page.locator("main").inner_text()

    page.get_by_role("link", name="Printable summary").click()
    page.wait_for_url("**/summary/")
    check(page)
    assert page.get_by_role("button", name="Print this summary").is_visible()
    assert "baseline (assessment," in page.locator("main").inner_text()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Print this summary").is_visible()
    page.emulate_media(media="screen")
