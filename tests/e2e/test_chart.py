"""The chart of a patient five weeks into treatment, on a clinician's 1280 px screen: the
summary is on the first screen, the contents links reach each section, and the older
rows of a long section are a plain link away. Every page is checked with axe."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser import assert_accessible, assert_fits_width, sign_in_as
from tests.personas import make

pytestmark = pytest.mark.browser

SCREEN = {"width": 1280, "height": 800}


def on_first_screen(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= SCREEN["height"]


def scrolled_to(page: Any, selector: str) -> None:
    expect(page.locator(selector)).to_be_in_viewport()


def test_the_summary_comes_first_and_the_contents_reach_every_section(
    page: Any, live_server: Any
) -> None:
    call_command("seed_demo", stdout=StringIO())
    page.set_viewport_size(SCREEN)
    sign_in_as(page, make("clinician_fl"), live_server.url)

    daniel = make("patient_on_hold").patient
    page.goto(f"/care/patients/{daniel.public_id}/")
    assert on_first_screen(page, "#summary-heading")
    assert on_first_screen(page, "#holds")
    assert page.locator('[data-chart-summary] [data-hold="bladder"]').is_visible()
    assert_accessible(page)

    elena = make("patient_in_treatment").patient
    page.goto(f"/care/patients/{elena.public_id}/")
    assert on_first_screen(page, "[data-chart-summary]")
    assert "100 mg a dose" in page.locator("[data-chart-summary]").inner_text()
    assert_accessible(page)
    assert_fits_width(page)

    contents = page.get_by_role("navigation", name="Sections of this chart")
    for name, anchor in [("Home sessions", "sessions"), ("Timeline", "timeline")]:
        contents.get_by_role("link", name=name, exact=True).click()
        page.wait_for_url(f"**#{anchor}")
        scrolled_to(page, f"#{anchor}")

    page.get_by_role("link", name="Older events").click()
    page.wait_for_url("**?timeline_page=2#timeline")
    scrolled_to(page, "#timeline")
    assert page.locator('[data-pager="timeline"]').get_by_text("Page 2").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Newer events").click()
    page.wait_for_url("**#timeline")
    assert "timeline_page" not in page.url


def test_the_chart_fits_a_phone_and_stays_accessible(page: Any, live_server: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    sign_in_as(page, make("clinician_fl"), live_server.url)
    elena = make("patient_in_treatment").patient
    page.goto(f"/care/patients/{elena.public_id}/?timeline_page=2")
    assert_accessible(page)
    assert_fits_width(page)
