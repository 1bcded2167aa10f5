"""The journal in Spanish: its pages under /es/ read in Spanish (the crisis resources
among them), the English pages still read in English, and every refusal, hold word and
flag advice the clinical rules can produce has its Spanish translation."""

import dataclasses
import datetime as dt
import html
import itertools
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from clinical import exercises, outcomes, safety
from clinical.holds import Hold
from clinical.plan import SessionSafetyLimits
from journal.clinical_words import MESSAGES, clinical_words, gmi_words, is_known
from journal.progress import describe
from journal.tests.helpers import ALL_CLEAR, SAFETY_FORM, treated
from patients.models import Patient
from questionnaires.instruments import InstrumentCode
from tests.personas import client_for

CRISIS_LINE_ES = "Llame o envíe un mensaje de texto al 988 (al llamar, oprima 2 para español)"


@pytest.fixture(autouse=True)
def back_to_english() -> Iterator[None]:
    """A request to /es/ leaves Spanish active in the thread; later tests expect English."""
    yield
    translation.deactivate()


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Patient:
    return treated(clinician_fl)


def url(name: str, patient: Patient, *args: Any, language: str = "es") -> str:
    with translation.override(language):
        return reverse(f"journal:{name}", args=[patient.public_id, *args])


def text_of(page: str) -> str:
    """What a reader sees: the page without its tags, its spaces run together."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


# The pages -------------------------------------------------------------------------------


def test_the_safety_check_before_a_home_session_reads_in_spanish(patient: Patient) -> None:
    response = client_for(patient.user).get(url("safety", patient))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="es"' in page
    seen = text_of(page)
    assert "Antes de su sesión" in seen
    assert "Tómese ahora la presión arterial y el pulso" in seen
    assert "Número de arriba (sistólica)" in seen
    assert "Mi acompañante de tratamiento está aquí" in seen
    assert "Comprobar y empezar mi sesión" in seen
    assert "En una emergencia, llame al 911" in seen
    assert CRISIS_LINE_ES in seen
    assert "Before your session" not in seen and "Tick each one" not in seen


def test_a_refused_check_says_why_in_spanish_with_the_plan_s_numbers(patient: Patient) -> None:
    high = {**SAFETY_FORM, "systolic": "168", "diastolic": "96"}
    response = client_for(patient.user).post(url("safety", patient), high)
    assert response.status_code == 409
    seen = text_of(response.content.decode())
    assert "No tome una dosis ahora" in seen
    assert "Su lectura: 168/96, pulso 72." in seen
    assert "Su presión arterial o su pulso están demasiado altos" in seen
    assert "Si la presión sigue en 160/100 o más, o su pulso pasa de 100" in seen
    assert "too high" not in seen


def test_thoughts_of_self_harm_at_the_check_bring_the_crisis_resources_in_spanish(
    patient: Patient,
) -> None:
    unsafe = {key: value for key, value in SAFETY_FORM.items() if key != "no_self_harm_thoughts"}
    response = client_for(patient.user).post(url("safety", patient), unsafe)
    page = response.content.decode()
    assert "data-crisis-resources" in page
    seen = text_of(page)
    assert "Hay ayuda ahora mismo" in seen
    assert f"{CRISIS_LINE_ES}, la Línea de Prevención del Suicidio y Crisis" in seen
    assert "llame al 911 o vaya a la sala de emergencias más cercana" in seen


def test_a_finished_check_in_with_the_crisis_item_reads_in_spanish(patient: Patient) -> None:
    client = client_for(patient.user)
    answers = {f"phq9_{n}": "1" for n in range(1, 10)}
    done = client.post(url("check_in", patient, "phq9"), answers)
    assert done.status_code == 302
    assert done["Location"].startswith("/es/")
    page = client.get(done["Location"]).content.decode()
    assert 'lang="es"' in page and "data-crisis-resources" in page
    seen = text_of(page)
    assert "Control de seguimiento guardado" in seen
    assert "Hay ayuda ahora mismo" in seen
    assert CRISIS_LINE_ES in seen
    assert 'href="tel:988"' in page and 'href="tel:911"' in page
    assert "Su profesional de la salud ya está enterado" in seen
    assert "Ver su progreso" in seen and "Volver a su diario de tratamiento" in seen
    assert "Help is here now" not in seen


def test_the_journal_s_overview_reads_in_spanish(patient: Patient) -> None:
    page = client_for(patient.user).get(url("overview", patient)).content.decode()
    seen = text_of(page)
    assert "Su diario de tratamiento" in seen
    assert "Empezar una sesión en casa" in seen
    assert "Cuéntenos sobre un efecto secundario" in seen


def test_the_english_pages_still_read_in_english(patient: Patient) -> None:
    client = client_for(patient.user)
    page = client.get(url("safety", patient, language="en")).content.decode()
    assert 'lang="en"' in page
    seen = text_of(page)
    assert "Before your session" in seen and "Top number (systolic)" in seen
    assert "Call or text 988 in a crisis" in seen
    answers = {f"phq9_{n}": "1" for n in range(1, 10)}
    done = client.post(url("check_in", patient, "phq9", language="en"), answers)
    seen = text_of(client.get(done["Location"]).content.decode())
    assert "Check-in saved" in seen and "Help is here now" in seen
    assert "(Suicide & Crisis Lifeline) to talk to someone now, any time." in seen


# The words clinical/ gives the pages -----------------------------------------------------

ZONE = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 12, 6, 15, 0, tzinfo=ZONE)
LIMITS = (
    SessionSafetyLimits(),
    SessionSafetyLimits(no_dose_systolic_from=150, no_dose_diastolic_from=95),
    SessionSafetyLimits(no_dose_heart_rate_above=90),
)
READINGS = (
    safety.VitalSigns(122, 78, 72),
    safety.VitalSigns(165, 95, 80),
    safety.VitalSigns(185, 112, 80),
    safety.VitalSigns(122, 78, 120),
    safety.VitalSigns(85, 48, 45),
    safety.VitalSigns(15, 900, 3),
)


def everything_refused() -> safety.DosingFacts:
    """Facts on which every rule that needs no readings refuses."""
    return safety.DosingFacts(
        now=NOW,
        zone=ZONE,
        has_plan=False,
        limits=SessionSafetyLimits(),
        plan_dose_mg=None,
        plan_doses_per_week=3,
        prescription_doses_per_week=2,
        supply=None,
        refused_checks=(NOW - dt.timedelta(minutes=40), NOW - dt.timedelta(minutes=5)),
        session_starts=tuple(NOW - dt.timedelta(days=days, hours=2) for days in (0, 1, 2)),
        latest_session_logged=False,
        open_holds=frozenset(Hold),
    )


def texts_the_rules_produce() -> list[str]:
    texts: list[str] = []
    for limits, reading in itertools.product(LIMITS, READINGS):
        texts += [refusal.what_to_do for refusal in safety.check_vitals(reading, limits)]
    blockers = safety.dosing_blockers(everything_refused())
    assert {refusal.code for refusal in blockers} >= {
        safety.SessionRefusal.RECHECK_TOO_SOON,
        safety.SessionRefusal.NO_DOSE_TODAY,
        safety.SessionRefusal.TOO_SOON_AFTER_LAST_DOSE,
        safety.SessionRefusal.WEEKLY_LIMIT_REACHED,
        safety.SessionRefusal.AFTER_LOG_MISSING,
        safety.SessionRefusal.NO_PLAN,
        safety.SessionRefusal.NO_SUPPLY,
        safety.SessionRefusal.SUICIDALITY_HOLD,
        safety.SessionRefusal.BLADDER_HOLD,
        safety.SessionRefusal.ADVERSE_EVENT_HOLD,
    }
    texts += [refusal.what_to_do for refusal in blockers]
    for answers in itertools.product((True, False), repeat=len(safety.CHECKLIST_ITEMS)):
        verdict = safety.check_session_start(
            everything_refused(), READINGS[0], safety.SessionChecklist(*answers)
        )
        texts += [r.what_to_do for r in verdict.refusals if r.code == "checklist_incomplete"]
    texts += [hold.plain for hold in Hold]
    texts += list(safety.FLAG_ADVICE.values())
    texts += safety.validate_after_log(
        safety.AfterSessionLog(
            pain_now=11, dissociation=-1, blood_pressure=safety.BloodPressure(400, 10)
        )
    )
    texts += exercises.validate_exercise_log(
        exercises.ExerciseLog("juggling", NOW, completed=True, discomfort=12)
    )
    return texts


def test_every_refusal_hold_and_flag_text_the_clinical_rules_produce_is_in_spanish() -> None:
    texts = sorted(set(texts_the_rules_produce()))
    assert len(texts) > 40
    with translation.override("es"):
        for text in texts:
            assert is_known(text), f"not in journal/clinical_words.py: {text!r}"
            spanish = clinical_words(text)
            assert spanish != text, text
            assert "%(" not in spanish, spanish


def test_each_listed_message_has_a_spanish_translation() -> None:
    with translation.override("es"):
        missing = [message for message in MESSAGES if translation.gettext(message) == message]
    assert not missing


def test_the_crisis_line_reads_the_same_wherever_clinical_names_988() -> None:
    with translation.override("es"):
        assert CRISIS_LINE_ES in clinical_words(safety.FLAG_ADVICE[safety.FlagKind.SELF_HARM])
        unmet = dataclasses.replace(ALL_CLEAR, no_self_harm_thoughts=False)
        verdict = safety.check_session_start(everything_refused(), READINGS[0], unmet)
        [checklist] = [r for r in verdict.refusals if r.code == "checklist_incomplete"]
        assert CRISIS_LINE_ES in clinical_words(checklist.what_to_do)


def test_a_text_clinical_does_not_list_is_shown_as_it_came() -> None:
    with translation.override("es"):
        assert clinical_words("Something new from the rules.") == "Something new from the rules."
        assert clinical_words("") == ""


# The progress words ----------------------------------------------------------------------

SCORE_PAIRS: list[tuple[int | Decimal, int | Decimal]] = [
    (20, 8),
    (20, 3),
    (10, 9),
    (10, 12),
    (0, 4),
    (7, 7),
]
SCORE_PAIRS += [(Decimal("6.3"), Decimal("2.7"))]


@pytest.mark.parametrize(("baseline", "current"), SCORE_PAIRS)
def test_the_progress_words_in_english_are_clinical_s_own(
    baseline: int | Decimal, current: int | Decimal
) -> None:
    with translation.override("en"):
        assert describe(InstrumentCode.PEG, baseline, current) == outcomes.describe_pain(
            baseline, current
        )
        assert describe(InstrumentCode.PHQ9, int(baseline), int(current)) == (
            outcomes.describe_phq9(int(baseline), int(current))
        )


def test_the_progress_words_read_in_spanish() -> None:
    with translation.override("es"):
        assert describe(InstrumentCode.PHQ9, 20, 8) == (
            "Su puntuación es 8, un 60,0 % más baja que al principio (20). Su puntuación bajó por "
            "lo menos a la mitad, lo que cuenta como respuesta al tratamiento."
        )
        pain = describe(InstrumentCode.PEG, Decimal("6.3"), Decimal("2.7"))
        assert pain.startswith("Su puntuación es 2,7, un 57,1 % más baja que al principio (6,3).")
        assert describe(InstrumentCode.GAD7, 0, 4) == (
            "Su puntuación es 4; al principio no había ninguna puntuación con la cual compararla."
        )


# The exercises ---------------------------------------------------------------------------


def test_every_exercise_s_words_have_a_spanish_translation() -> None:
    words = [exercise.title for exercise in exercises.EXERCISES.values()]
    words += [step for exercise in exercises.EXERCISES.values() for step in exercise.steps]
    words += [*exercises.TEXTURES, *(phase.label for phase in exercises.GmiPhase)]
    with translation.override("es"):
        assert [word for word in words if translation.gettext(word) == word] == []


@pytest.mark.parametrize("phase", list(exercises.GmiPhase))
@pytest.mark.parametrize("finished", [False, True])
def test_the_gmi_progress_reads_as_clinical_says_it_in_english(
    phase: exercises.GmiPhase, finished: bool
) -> None:
    progress = exercises.PhaseProgress(phase, 3, 10, finished)
    with translation.override("en"):
        assert gmi_words(progress) == progress.plain
    with translation.override("es"):
        assert gmi_words(progress) != progress.plain
