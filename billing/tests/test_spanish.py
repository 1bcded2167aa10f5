"""A patient reads their plan page in Spanish: the page, its statuses and the price a month;
the English page reads as before."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from journal.tests.helpers import treated
from patients.models import Patient
from patients.tests.helpers import join, standard_plan, subscribe
from tests.personas import client_for


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """A request under /es/ leaves Spanish active in the thread: the tests after start in
    English again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def plan_page(patient: Patient, language: str) -> str:
    with translation.override(language):
        url = reverse("billing:plan")
    response = client_for(patient.user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_patient_in_treatment_reads_their_plan_in_spanish(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    if not patient.subscriptions.filter(status="active").exists():
        subscribe(patient)
    body = plan_page(patient, "es")
    assert '<html lang="es"' in body
    assert "<h1>Su plan</h1>" in body
    assert "$250 al mes" in body
    assert "Activo" in body
    assert "Se renueva el" in body
    assert "Pausar su plan" in body
    assert "Volver a su panel" in body
    assert "Your plan" not in body
    english = plan_page(patient, "en")
    assert '<html lang="en"' in english
    assert "$250 a month" in english
    assert "Renews on" in english
    assert "Pause your plan" in english


def test_before_a_plan_the_choice_reads_in_spanish(db: Any) -> None:
    standard_plan()
    patient = join()
    body = plan_page(patient, "es")
    assert "Un solo precio mensual cubre sus videoconsultas" in body
    assert "Elegir <span" in body
    assert "<strong>$250</strong> al mes" in body
