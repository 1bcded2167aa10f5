"""The patient's home page in Chromium at 390 px: a patient in treatment sees today first
(the hold and what happens next, the next session, the check-in due, the medicine left and
the refill), the joining checklist folded below, and the page is axe clean both ways."""

from typing import Any

import pytest

from care.tests.course import bladder_flag, missed_check_in
from journal.tests.helpers import treated
from tests.browser import assert_accessible, assert_fits_width, sign_in_as
from tests.personas import make

pytestmark = pytest.mark.browser


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def test_a_patient_in_treatment_sees_today_first(page: Any, live_server: Any) -> None:
    patient = treated(make("clinician_fl"))
    missed_check_in(patient, days_ago=0)
    bladder_flag(patient)
    sign_in_as(page, patient.user, live_server.url)

    page.goto("/patients/")
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0].startswith("Today, ")
    assert headings[-1] == "Joining"
    today = page.locator("[data-today]")
    first_box = today.locator("h3").first.inner_text()
    assert first_box == "Your doses are on hold"
    assert "What happens next:" in today.locator("[data-holds]").inner_text()
    assert "spoken with you" in today.locator("[data-next-session]").inner_text()
    assert "Due today" in today.locator("[data-check-in]").inner_text()
    assert "24 of 24 units left" in today.locator("[data-supply]").inner_text()
    assert "not asked for a refill" in today.locator("[data-refill]").inner_text()
    assert not page.locator("[data-joining] .checklist").is_visible()
    check(page)

    page.get_by_text("Your joining steps: 6 of 6 done").click()
    assert page.locator("[data-joining] .checklist").is_visible()
    check(page)
