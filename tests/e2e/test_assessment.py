"""The assessment in Chromium at 390 px: with and without JavaScript."""

from typing import Any

import pytest

from assessment.tests.answering import answers
from content.models import Subscriber
from questionnaires.assessment import QUESTIONNAIRE
from tests.browser import assert_accessible, assert_fits_width

pytestmark = pytest.mark.browser


def fill_section(
    page: Any,
    section_id: str,
    given: dict[str, Any],
    *,
    audit: bool = True,
    buttons: tuple[str, str] = ("Continue", "See my result"),
) -> None:
    """Answer what the page shows, as a person would, then check it and continue (the
    buttons' names: continue, and the last section's)."""
    for question in QUESTIONNAIRE.section(section_id).questions:
        name = question.link_id
        if name not in given:
            continue
        value = given[name]
        if question.options and (question.kind.value != "choice" or len(question.options) <= 12):
            for option in value if isinstance(value, list) else [value]:
                page.locator(f"input[name='{name}'][value='{option}']").check()
        elif question.options:
            page.select_option(f"#input-{name}", str(value))
        else:
            page.fill(f"#input-{name}", "" if value is None else str(value))
    if audit:  # axe needs JavaScript in the page
        assert_accessible(page)
        assert_fits_width(page)
    page.get_by_role("button", name=buttons[0]).or_(
        page.get_by_role("button", name=buttons[1])
    ).click()


def test_an_eligible_florida_crps_patient_reaches_account_creation(page: Any) -> None:
    page.goto("/assessment/")
    assert_accessible(page)
    page.get_by_role("link", name="Start the assessment").click()
    assert "Step 1 of 5" in page.locator(".progress").inner_text()
    given = answers()
    for section in QUESTIONNAIRE.sections:
        fill_section(page, section.id, given)
    page.wait_for_url("**/assessment/result/")
    assert page.locator("h1").inner_text() == "You may qualify for treatment"
    assert "not approved by the FDA" in page.locator("main").inner_text()
    assert_accessible(page)
    assert_fits_width(page)
    page.get_by_role("link", name="Create your account").click()
    assert "account" in page.locator("main").inner_text().lower()


def test_bladder_symptoms_and_a_sleeping_pill_are_explained_on_the_outcome_page(
    page: Any,
) -> None:
    page.goto("/assessment/location/")
    given = answers(urinary_symptoms="yes", medications=["sleep_medicine"])
    for section in QUESTIONNAIRE.sections:
        if section.id == "health":
            assert page.locator("#q-aneurysm_avm").is_visible()
            assert page.locator("#q-urinary_symptoms").is_visible()
        fill_section(page, section.id, given)
    page.wait_for_url("**/assessment/result/")
    main = page.locator("main").inner_text()
    assert page.locator("h1").inner_text() == "A clinician would like to look at your answers"
    assert "Ketamine can irritate and, over time, damage the bladder." in main
    assert "One or more of your medicines can change how ketamine works" in main
    assert "not approved by the FDA" in main
    assert_accessible(page)
    assert_fits_width(page)


def test_an_aneurysm_ends_at_a_not_eligible_page_that_says_why(page: Any) -> None:
    page.goto("/assessment/location/")
    given = answers(aneurysm_avm="yes")
    for section in QUESTIONNAIRE.sections:
        fill_section(page, section.id, given, audit=False)
    page.wait_for_url("**/assessment/result/")
    main = page.locator("main").inner_text()
    assert "not right for you at the moment" in page.locator("h1").inner_text()
    assert "an aneurysm, a malformed blood vessel or a torn artery" in main
    assert page.get_by_role("link", name="Create your account").count() == 0
    assert_accessible(page)


def test_questions_that_do_not_apply_stay_hidden(page: Any) -> None:
    page.goto("/assessment/location/")
    assert page.locator("#q-county").is_hidden()
    page.select_option("#input-state", "NJ")
    assert page.locator("#q-county").is_visible()
    page.select_option("#input-state", "NY")
    assert page.locator("#q-county").is_hidden()


def test_an_out_of_state_visitor_is_stopped_after_section_one(page: Any) -> None:
    page.goto("/assessment/location/")
    fill_section(page, "location", {"state": "NY", "zip": "10001", "date_of_birth": "1980-05-17"})
    page.wait_for_url("**/assessment/result/")
    assert "Join the waitlist for NY" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Create your account").count() == 0
    assert_accessible(page)
    page.get_by_label("Email address").fill("new.yorker@example.com")
    page.get_by_role("button", name="Join the waitlist").click()
    page.wait_for_url("**/newsletter/check-your-inbox/")
    waiting = Subscriber.objects.get(email="new.yorker@example.com")
    assert (waiting.audience, waiting.state) == ("waitlist", "NY")


def test_a_crisis_answer_shows_the_crisis_page(page: Any) -> None:
    page.goto("/assessment/location/")
    fill_section(page, "location", answers())
    fill_section(page, "safety", answers(asq_1="yes", asq_5="yes"))
    page.wait_for_url("**/assessment/result/")
    panel = page.locator(".crisis-panel")
    assert "988" in panel.inner_text()
    assert "911" in panel.inner_text()
    assert page.locator("main a[href^='/assessment/'], main button").count() == 0
    assert_accessible(page)
    assert_fits_width(page)


def test_a_reload_mid_way_keeps_the_answers(page: Any) -> None:
    page.goto("/assessment/location/")
    fill_section(page, "location", answers())
    fill_section(page, "safety", answers())
    page.wait_for_url("**/assessment/conditions/")
    page.reload()
    assert "Step 3 of 5" in page.locator(".progress").inner_text()
    page.get_by_role("link", name="Back").click()
    assert page.locator("input[name='asq_1'][value='no']").is_checked()
    page.goto("/assessment/location/")
    assert page.input_value("#input-zip") == "33133"
    assert page.input_value("#input-county") == "Miami-Dade"


def test_an_error_summary_takes_focus_and_links_to_the_question(page: Any) -> None:
    page.goto("/assessment/location/")
    fill_section(page, "location", answers(zip="331"))
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.matches('[data-error-summary]')"
    )
    assert page.input_value("#input-county") == "Miami-Dade"
    assert_accessible(page)


def test_the_flow_completes_without_javascript(
    browser: Any, live_server: Any, transactional_db: Any
) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, base_url=live_server.url
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/assessment/location/")
        assert page.locator("#q-county").is_visible()
        given = answers()
        for section in QUESTIONNAIRE.sections:
            fill_section(page, section.id, given, audit=False)
        page.wait_for_url("**/assessment/result/")
        assert page.locator("h1").inner_text() == "You may qualify for treatment"
    finally:
        context.close()
