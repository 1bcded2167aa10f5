"""Check-ins in Spanish: /es/ asks the instrument in Spanish (a practice's Spanish file when
present, otherwise our own wording, marked as adapted), each check-in records the language
and wording it was answered in, and the score is the same in either language.

The practice's file here is made up (placeholder words), never a published translation.
"""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from journal import actions
from journal.models import CheckIn
from journal.tests.helpers import treated
from patients.models import Patient
from questionnaires.instruments import (
    ADAPTED_ES_WORDING_REF,
    ADAPTED_WORDING_REF,
    INSTRUMENTS,
    InstrumentCode,
)
from questionnaires.wording import use_practice_wording
from tests.personas import client_for

ANSWERS = {"phq9_1": 2, "phq9_2": 1, "phq9_3": 3, "phq9_4": 0, "phq9_5": 1}
ANSWERS |= {"phq9_6": 2, "phq9_7": 0, "phq9_8": 1, "phq9_9": 0}


@pytest.fixture(autouse=True)
def back_to_english() -> Iterator[None]:
    """A request to /es/ leaves Spanish active in the thread; later tests expect English."""
    yield
    translation.deactivate()


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Patient:
    return treated(clinician_fl)


def url(patient: Patient, code: str, language: str) -> str:
    with translation.override(language):
        return reverse("journal:check_in", args=[patient.public_id, code])


def post(patient: Patient, language: str, answers: dict[str, int] = ANSWERS) -> CheckIn:
    client = client_for(patient.user)
    form = {key: str(value) for key, value in answers.items()}
    response = client.post(url(patient, "phq9", language), form)
    assert response.status_code == 302, response.content.decode()
    return patient.check_ins.filter(completed_at__isnull=False).latest("completed_at")


@pytest.fixture
def spanish_file(tmp_path: Path) -> Iterator[Path]:
    """A practice's Spanish PHQ-9 (placeholder words) in use for the test."""
    content = {
        "format": 1,
        "instrument": "phq9",
        "language": "es",
        "title": "Título de ejemplo del PHQ-9",
        "intro": "Instrucciones de ejemplo.",
        "answers": [{"value": v, "label": f"Respuesta de ejemplo {v}"} for v in range(4)],
        "items": [{"text": f"Pregunta de ejemplo {n}"} for n in range(1, 10)],
        "scoring": {"method": "sum", "lowest": 0, "highest": 27},
        "source": {"citation": "Autor de ejemplo. Revista de ejemplo 2001;1:1-2."},
        "permission": "Nota de permiso de ejemplo.",
    }
    (tmp_path / "phq9.es.json").write_text(json.dumps(content, ensure_ascii=False), "utf-8")
    use_practice_wording(tmp_path)
    yield tmp_path
    INSTRUMENTS.reset()


def test_the_spanish_check_in_page_asks_our_spanish_wording_marked_as_adapted(
    patient: Patient,
) -> None:
    address = url(patient, "phq9", "es")
    assert address.startswith("/es/")
    page = client_for(patient.user).get(address).content.decode()
    assert 'lang="es"' in page
    assert "Estado de ánimo (PHQ-9)" in page
    assert "En las últimas dos semanas, ¿con qué frecuencia le ha pasado" in page
    assert "Pensar que sería mejor morirse, o pensar en hacerse daño" in page
    assert "Casi a diario" in page
    assert "Adaptado del PHQ-9: estas preguntas están en nuestras propias palabras" in page
    assert "Feeling low, down or hopeless" not in page


def test_the_english_check_in_page_still_reads_in_english(patient: Patient) -> None:
    page = client_for(patient.user).get(url(patient, "phq9", "en")).content.decode()
    assert "Feeling low, down or hopeless" in page
    assert "Adapted from the PHQ-9" in page
    assert "Estado de ánimo" not in page


def test_a_spanish_check_in_records_spanish_and_our_spanish_wording(patient: Patient) -> None:
    done = post(patient, "es")
    assert done.language == "es"
    assert done.wording == ADAPTED_ES_WORDING_REF
    components = done.observation["component"]
    assert components[0]["code"]["text"].startswith("Poco interés")
    assert done.observation["note"][0]["text"].startswith("Adaptado del PHQ-9")


def test_an_english_check_in_records_english(patient: Patient) -> None:
    done = post(patient, "en")
    assert (done.language, done.wording) == ("en", ADAPTED_WORDING_REF)


def test_the_same_answers_score_the_same_in_either_language(patient: Patient) -> None:
    english = post(patient, "en")
    spanish = post(patient, "es")
    assert spanish.score == english.score
    assert spanish.responses == english.responses
    assert spanish.score["total"] == "10" and spanish.score["severity"] == "moderate"


def test_the_crisis_item_works_the_same_in_spanish(patient: Patient) -> None:
    done = actions.do_complete_check_in(
        patient,
        by=patient.user,
        instrument=InstrumentCode.PHQ9,
        responses=ANSWERS | {"phq9_9": 1},
        language="es",
    )
    assert done.crisis and done.check_in.score["crisis"] is True
    assert done.check_in.language == "es"


def test_a_practices_spanish_file_is_asked_and_recorded_in_spanish(
    patient: Patient, spanish_file: Path
) -> None:
    client = client_for(patient.user)
    page = client.get(url(patient, "phq9", "es")).content.decode()
    assert "Título de ejemplo del PHQ-9" in page
    assert "Pregunta de ejemplo 9" in page and "Respuesta de ejemplo 3" in page
    assert "La redacción publicada del PHQ-9, proporcionada por el consultorio." in page
    assert "Adaptado del" not in page

    done = post(patient, "es")
    spanish = INSTRUMENTS.in_language(InstrumentCode.PHQ9, "es").wording
    assert (done.language, done.wording) == ("es", spanish.ref)
    assert done.wording.startswith("published-")

    # The English page keeps our adapted English: the file is Spanish only.
    english = client.get(url(patient, "phq9", "en")).content.decode()
    assert "Adapted from the PHQ-9" in english and "Pregunta de ejemplo" not in english
    assert post(patient, "en").wording == ADAPTED_WORDING_REF


def test_the_page_after_a_spanish_check_in_marks_its_spanish_wording(patient: Patient) -> None:
    done = post(patient, "es")
    with translation.override("es"):
        address = reverse("journal:check_in_done", args=[patient.public_id, done.public_id])
    page = client_for(patient.user).get(address).content.decode()
    assert "Adaptado del PHQ-9" in page
