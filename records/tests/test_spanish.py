"""A patient reads "Download your whole record" in Spanish, asks for it there and is told
in Spanish; the English page reads as before."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from journal.tests.helpers import treated
from patients.models import Patient
from tests.personas import client_for


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """A request under /es/ leaves Spanish active in the thread: the tests after start in
    English again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


pytestmark = pytest.mark.django_db


@pytest.fixture
def rosa(clinician_fl: User) -> Patient:
    return treated(clinician_fl)


def page(language: str) -> str:
    with translation.override(language):
        return reverse("records:my_record")


def test_the_record_page_reads_in_spanish(rosa: Patient) -> None:
    client = client_for(rosa.user)
    response = client.get(page("es"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="es"' in body
    assert "<h1>Descargar su expediente completo</h1>" in body
    assert "Todo lo que guardamos sobre su atención, en dos archivos" in body
    assert "Todavía no ha pedido ninguna copia." in body
    assert "Preparar mi expediente" in body
    asked = client.post(page("es"), follow=True).content.decode()
    assert "Gracias: estamos preparando su expediente." in asked
    assert "Su expediente para leer e imprimir (HTML)" in asked
    assert "Disponible hasta el" in asked


def test_the_english_record_page_is_unchanged(rosa: Patient) -> None:
    body = client_for(rosa.user).get(page("en")).content.decode()
    assert '<html lang="en"' in body
    assert "<h1>Download your whole record</h1>" in body
    assert "You have not asked for a copy yet." in body
