"""The foundation in a real browser: the home page, and a clinician's sign-in."""

from typing import Any

import pytest

from tests.browser import assert_accessible, assert_fits_width, sign_in_as, sign_in_with_code
from tests.personas import make

pytestmark = pytest.mark.browser


def test_home_page_is_accessible_and_self_contained(page: Any) -> None:
    page.goto("/")
    assert page.locator("h1").first.is_visible()
    assert "not approved by the FDA" in page.locator("footer").inner_text()
    assert "988" in page.locator("footer").inner_text()
    assert_accessible(page)
    assert_fits_width(page)


def test_skip_link_moves_focus_to_the_main_content(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"


def test_demo_clinician_signs_in_with_password_and_code(page: Any) -> None:
    sign_in_with_code(page, "clinician_fl")
    assert "Dr Ana Rivera" in page.locator("h1").inner_text()
    assert_accessible(page)


def test_an_idle_session_warns_before_it_ends(page: Any, live_server: Any, settings: Any) -> None:
    settings.IDLE_TIMEOUT_STAFF_MINUTES = 1
    settings.IDLE_WARNING_SECONDS = 58
    sign_in_as(page, make("coordinator"), live_server.url)
    page.goto("/accounts/home/")
    dialog = page.locator("#idle-warning")
    dialog.wait_for(state="visible", timeout=8_000)
    assert "signed out" in dialog.inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    dialog.wait_for(state="hidden")
    page.reload()
    assert "Welcome" in page.locator("h1").inner_text()
