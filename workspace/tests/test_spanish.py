"""The patient's home page in Spanish: the page's own words, the words ``workspace.today``
builds (days and months in Django's Spanish names, times, the refill's state) and the
words ``clinical`` holds that it shows, while the English page reads as before."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from care.tests.course import bladder_flag
from clinical import refills, safety
from clinical.holds import Hold
from journal.tests.helpers import treated
from patients.models import Patient
from tests.personas import client_for
from workspace import clinical_words
from workspace.today import clock, day_words, when


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """A request under /es/ leaves Spanish active in the thread: the tests after start in
    English again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def home(patient: Patient, language: str) -> str:
    with translation.override(language):
        url = reverse("workspace:home")
    response = client_for(patient.user).get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_patient_in_treatment_reads_their_home_page_in_spanish(
    db: Any, clinician_fl: Any
) -> None:
    patient = treated(clinician_fl)
    body = home(patient, "es")
    assert '<html lang="es"' in body
    assert "Hoy, " in body
    assert "Ya puede comenzar una sesión." in body
    assert "Quedan 24 de 24 unidades de su última entrega: 12 dosis." in body
    assert "No ha pedido un resurtido de su receta vigente." in body
    assert "Sus pedidos y resurtidos" in body
    assert "Descargar su expediente completo" in body
    assert "llame al 911" in body
    assert "You can start a session now." not in body
    assert "Your orders and refills" not in body


def test_on_hold_the_spanish_page_says_why_in_spanish(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    bladder_flag(patient)
    body = home(patient, "es")
    assert "Sus dosis están en pausa" in body
    assert "La ketamina puede irritar la vejiga" in body
    assert Hold.BLADDER.plain not in body
    assert "Qué pasa ahora:" in body


def test_the_english_home_page_is_unchanged(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    body = home(patient, "en")
    assert '<html lang="en"' in body
    assert "You can start a session now." in body
    assert "24 of 24 units left from your last delivery: 12 doses." in body
    assert "Ya puede" not in body


def test_days_and_times_in_spanish_words() -> None:
    monday = dt.date(2026, 12, 7)
    at_nine = dt.datetime(2026, 12, 8, 9, 5, tzinfo=dt.UTC)
    at_one = dt.datetime(2026, 12, 9, 13, 30, tzinfo=dt.UTC)
    with translation.override("en"):
        assert day_words(monday) == "Monday 7 December"
        assert clock(at_nine) == "9:05 am"
        assert when(at_nine, monday) == "9:05 am tomorrow, Tuesday 8 December"
        assert when(at_one, monday) == "1:30 pm on Wednesday 9 December"
    with translation.override("es"):
        assert day_words(monday) == "lunes 7 de diciembre"
        assert clock(at_nine) == "9:05 a. m."
        assert when(at_nine, monday) == "mañana, martes 8 de diciembre, a las 9:05 a. m."
        assert when(at_one, monday) == "el miércoles 9 de diciembre a la 1:30 p. m."
        assert when(at_nine, at_nine.date()) == "hoy a las 9:05 a. m."


def test_the_words_clinical_holds_are_the_ones_listed_and_each_has_spanish() -> None:
    assert set(clinical_words.HOLD_WORDS) == {hold.plain for hold in Hold}
    assert set(clinical_words.REFILL_WORDS) == {r.plain for r in refills.RefillRefusal}
    advice = ("_RECHECK_ADVICE", "_NO_DOSE_TODAY_ADVICE", "_NO_PLAN_ADVICE", "_NO_SUPPLY_ADVICE")
    for name in advice:
        assert getattr(safety, name) in clinical_words.SESSION_WORDS, name
    words = (
        *clinical_words.HOLD_WORDS,
        *clinical_words.SESSION_WORDS,
        *clinical_words.REFILL_WORDS,
    )
    with translation.override("es"):
        for english in words:
            assert translation.gettext(english) != english, english


def test_the_error_pages_read_in_spanish_under_es(db: Any, client: Any) -> None:
    missing = client.get("/es/no-such-page/")
    assert missing.status_code == 404
    assert "No encontramos esa página" in missing.content.decode()
    assert "We can't find that page" in client.get("/no-such-page/").content.decode()
    with translation.override("es"):
        broken = render_to_string("500.html")
    assert '<html lang="es">' in broken
    assert "Algo salió mal de nuestro lado" in broken
    with translation.override("en"):
        assert '<html lang="en">' in render_to_string("500.html")
