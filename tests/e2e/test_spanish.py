"""A reader of Spanish in Chromium at 390 px, their browser asking for Spanish: the home
page, the CRPS article, the whole assessment to an eligible result, and joining, each
page in Spanish (lang="es"), axe clean and within the width."""

import re
from typing import Any

import pytest

from assessment.tests.answering import answers
from content.seeding import seed_content
from questionnaires.assessment import QUESTIONNAIRE
from tests.browser import assert_accessible, assert_fits_width, email_to
from tests.e2e.test_assessment import fill_section
from tests.personas import make

pytestmark = pytest.mark.browser

EMAIL = "lucia.mendez@example.com"
PASSWORD = "una-frase-larga-de-paso-9"


def in_spanish(page: Any) -> None:
    assert page.locator("html").get_attribute("lang") == "es", page.url
    assert "/es/" in page.url, page.url
    assert_accessible(page)
    assert_fits_width(page)


def reads_spanish(page: Any) -> Any:
    page.set_extra_http_headers({"Accept-Language": "es-US,es;q=0.9,en;q=0.3"})
    return page


def test_a_reader_of_spanish_reads_about_crps_takes_the_assessment_and_joins(
    page: Any, live_server: Any
) -> None:
    seed_content(editor=make("editor"), reviewer=make("clinician_fl"))
    reads_spanish(page)
    page.goto("/")
    page.wait_for_url("**/es/")
    in_spanish(page)
    assert "Ir al contenido principal" in page.content()

    page.goto("/articles/ketamine-for-crps/")
    page.wait_for_url("**/es/articles/ketamine-for-crps/")
    in_spanish(page)
    assert "SDRC" in page.locator("h1").inner_text()

    page.goto("/assessment/")
    page.wait_for_url("**/es/assessment/")
    in_spanish(page)
    page.get_by_role("link", name="Empezar la evaluación").click()
    given = answers()
    for section in QUESTIONNAIRE.sections:
        fill_section(page, section.id, given, buttons=("Continuar", "Ver mi resultado"))
    page.wait_for_url("**/es/assessment/result/")
    assert page.locator("h1").inner_text() == (
        "Es posible que usted cumpla los requisitos para el tratamiento"
    )
    in_spanish(page)

    page.get_by_role("link", name="Cree su cuenta").first.click()
    page.wait_for_url("**/es/patients/join/**")
    in_spanish(page)
    page.locator("main a[href*='/accounts/signup/']").first.click()
    page.wait_for_url("**/es/accounts/signup/**")
    in_spanish(page)
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/es/accounts/confirm-email/")
    in_spanish(page)

    body = email_to(EMAIL)
    link = re.search(r"https?://[^/\s]+(/es/accounts/confirm-email/\S+/)", body)
    assert link, body
    page.goto(link.group(1))
    in_spanish(page)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/es/patients/")
    in_spanish(page)
    assert "Sus próximos pasos" in page.content() or "próximos pasos" in page.content()
