"""A reader of Spanish in Chromium at 390 px, their browser asking for Spanish: the home
page, the CRPS article, the whole assessment to an eligible result, and joining; then, in
treatment, a home session and a PHQ-9 check-in whose item 9 shows the crisis resources;
each page in Spanish (lang="es"), axe clean and within the width."""

import re
from typing import Any

import pytest

from assessment.tests.answering import answers
from content.seeding import seed_content
from journal.tests.helpers import treated
from questionnaires.assessment import QUESTIONNAIRE
from tests.browser import assert_accessible, assert_fits_width, email_to, sign_in_as
from tests.e2e.test_assessment import fill_section
from tests.e2e.test_journal import fill_safety_check
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


def test_a_patient_who_reads_spanish_takes_a_dose_and_answers_a_phq9(
    page: Any, live_server: Any
) -> None:
    patient = treated(make("clinician_fl"))
    patient.user.language = "es"
    patient.user.save(update_fields=["language"])
    sign_in_as(page, patient.user, live_server.url)

    page.goto("/journal/")
    page.wait_for_url("**/es/journal/**")
    in_spanish(page)
    page.get_by_role("link", name="Empezar una sesión en casa").click()
    in_spanish(page)
    fill_safety_check(page, "124")
    page.get_by_role("button", name="Comprobar y empezar mi sesión").click()
    page.wait_for_url("**/es/journal/**/session/*/")
    in_spanish(page)
    page.locator("input[name='pain_now'][value='3']").check()
    page.locator("input[name='dissociation'][value='4']").check()
    page.get_by_role("button", name="Guardar cómo le fue").click()
    page.wait_for_url("**/after/")
    in_spanish(page)

    page.goto(f"/journal/{patient.public_id}/check-in/phq9/")
    in_spanish(page)
    for number in range(1, 10):
        page.locator(f"input[name='phq9_{number}'][value='{1 if number == 9 else 0}']").check()
    page.get_by_role("button", name="Enviar sus respuestas").click()
    page.wait_for_url("**/es/journal/**/check-in/done/*/")
    in_spanish(page)
    crisis = page.locator("[data-crisis-resources]")
    assert crisis.is_visible()
    assert crisis.locator("a[href='tel:988']").is_visible()
    assert crisis.locator("a[href='tel:911']").is_visible()
    assert "oprima 2 para español" in crisis.inner_text()
