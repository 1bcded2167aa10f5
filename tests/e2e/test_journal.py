"""The at-home journal in Chromium at 390 px: a patient takes a dose after a passing check,
answers the after-questions, does a GMI exercise, completes check-ins and sees the progress
page; a refused reading cannot be re-typed at once and a second refusal means no dose
today; a PHQ-9 with thoughts of self-harm shows 988 and 911 first and holds every dose
until the clinician speaks with the patient and clears the hold with a note."""

from typing import Any

import pytest

from care.models import HoldClearance
from clinical.safety import CHECKLIST_ITEMS
from journal.models import HomeSession, SafetyCheck
from journal.tests.helpers import treated
from tests.browser import (
    assert_accessible,
    assert_fits_width,
    sign_in_as,
    sign_in_with_code,
    sign_out,
    switch_user,
)
from tests.personas import make

pytestmark = pytest.mark.browser


def check(page: Any) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def fill_safety_check(page: Any, systolic: str) -> None:
    page.locator("#id_systolic").fill(systolic)
    page.locator("#id_diastolic").fill("82")
    page.locator("#id_pulse").fill("74")
    for name in CHECKLIST_ITEMS:
        page.locator(f"#id_{name}").check()


def safety_check(page: Any, systolic: str) -> None:
    fill_safety_check(page, systolic)
    page.get_by_role("button", name="Check and start my session").click()


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
    assert page.locator("[data-directions]").inner_text().startswith("Place 2 troches")

    safety_check(page, "124")
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


def test_a_refused_reading_cannot_be_retyped_at_once_and_two_mean_no_dose_today(
    page: Any, live_server: Any
) -> None:
    patient = treated(make("clinician_fl"))
    sign_in_as(page, patient.user, live_server.url)
    page.goto("/journal/")
    page.get_by_role("link", name="Start a home session").click()
    second_tab = page.context.new_page()
    second_tab.goto(page.url)

    safety_check(page, "168")
    refused = page.locator("[data-safety-problems]")
    assert "Do not take a dose now" in refused.inner_text()
    assert "168/82" in refused.inner_text()
    assert "You can measure again from" in page.locator("[data-recheck]").inner_text()
    assert page.get_by_role("button", name="Check and start my session").count() == 0
    check(page)

    # The form opened earlier in a second tab: typing a better number at once is refused,
    # and that second refusal today means no dose today.
    safety_check(second_tab, "124")
    second_tab.locator("[data-safety-problems]").wait_for()
    assert second_tab.locator("h2#not-now-title").inner_text() == "No dose today"
    codes = second_tab.locator("[data-refusal]").evaluate_all(
        "items => items.map(item => item.dataset.refusal)"
    )
    assert "recheck_too_soon" in codes
    assert second_tab.locator("[data-recheck]").count() == 0
    check(second_tab)
    second_tab.close()

    page.goto(f"/journal/{patient.public_id}/session/")
    assert page.locator("h2#not-now-title").inner_text() == "No dose today"
    assert page.get_by_role("button", name="Check and start my session").count() == 0
    assert not HomeSession.objects.filter(patient=patient).exists()
    assert SafetyCheck.objects.filter(patient=patient, passed=False).count() == 2


def test_thoughts_of_self_harm_on_a_phq9_hold_doses_until_the_clinician_clears_the_hold(
    page: Any, live_server: Any
) -> None:
    patient = treated(make("clinician_fl"))
    sign_in_as(page, patient.user, live_server.url)
    page.goto(f"/journal/{patient.public_id}/check-in/phq9/")
    for number in range(1, 10):
        page.locator(f"input[name='phq9_{number}'][value='{1 if number == 9 else 0}']").check()
    page.get_by_role("button", name="Send your answers").click()
    page.wait_for_url("**/check-in/done/*/")
    check(page)
    crisis = page.locator("[data-crisis-resources]")
    assert crisis.is_visible()
    first = page.locator("main").inner_html()
    assert first.index("data-crisis-resources") < first.index("<h1")
    assert crisis.locator("a[href='tel:988']").is_visible()
    assert crisis.locator("a[href='tel:911']").is_visible()

    page.goto("/journal/")
    assert page.locator("[data-holds]").is_visible()
    assert page.get_by_role("link", name="Start a home session").count() == 0
    check(page)
    page.goto(f"/journal/{patient.public_id}/session/")
    assert page.locator("[data-refusal='suicidality_hold']").is_visible()
    assert page.get_by_role("button", name="Check and start my session").count() == 0

    sign_out(page)
    sign_in_with_code(page, "clinician_fl")
    page.goto(f"/care/patients/{patient.public_id}/")
    assert page.locator("[data-hold='suicidality']").is_visible()
    page.get_by_role("link", name="Clear this hold").click()
    check(page)
    page.get_by_role("button", name="Save").click()
    assert "Enter what you discussed" in page.locator("main").inner_text()
    note = "Called her: passing thoughts, no plan, safety plan reviewed with her husband."
    page.locator("#id_note").fill(note)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/care/patients/*/")
    assert "No hold is open." in page.locator("main").inner_text()
    assert HoldClearance.objects.get(patient=patient).note == note

    switch_user(page, patient.user, live_server.url)
    page.goto("/journal/")
    assert page.locator("[data-holds]").count() == 0
    page.get_by_role("link", name="Start a home session").click()
    assert page.get_by_role("button", name="Check and start my session").is_visible()
