"""The free assessment in Spanish: every page under /es/ reads in Spanish, the engine's
words and messages included, while the answers posted are the same codes as in English
and so lead to the same outcome."""

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from assessment import wording
from assessment.models import Assessment
from assessment.presenting import OUTCOME_HEADINGS
from assessment.tests.answering import answers, complete, post_section
from assessment.wording import error_message
from questionnaires.assessment import QUESTIONNAIRE, validate_section
from questionnaires.assessment.rules import _REASON_WORDS, _REFERRAL_WORDS
from servicearea import US_STATE_CODES, state_name

pytestmark = pytest.mark.django_db

SAME_IN_SPANISH = {"Error:", "No", "Puerto Rico", "Rhode Island"} | {
    name for name in map(state_name, US_STATE_CODES) if name and " " not in name
}
"""Words whose Spanish is the English itself (most states' names keep their spelling)."""


def spanish(client: Client, name: str, *args: str) -> Any:
    with translation.override("es"):
        return client.get(reverse(name, args=args))


def walk_in_spanish(client: Client, given: dict[str, Any]) -> Any:
    with translation.override("es"):
        return complete(client, given)


def test_the_start_page_reads_in_spanish(visitor: Client) -> None:
    response = spanish(visitor, "assessment:start")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es">' in page
    assert "Averigüe si el tratamiento con ketamina en casa podría ser adecuado" in page
    assert "<strong>Dónde vive</strong>" in page
    assert "Empezar la evaluación" in page
    assert 'href="/es/assessment/location/"' in page
    assert "Find out if" not in page


def test_each_question_reads_in_spanish_and_answers_with_the_engine_codes(
    visitor: Client,
) -> None:
    page = spanish(visitor, "assessment:section", "location").content.decode()
    assert "Paso 1 de 5 · quedan más o menos 5 minutos" in page
    assert "¿En qué estado o territorio vive?" in page
    assert '<option value="NJ">Nueva Jersey</option>' in page
    assert "Elija…" in page
    assert "Continuar" in page

    with translation.override("es"):
        post_section(visitor, "location", answers())
    page = spanish(visitor, "assessment:section", "safety").content.decode()
    assert "¿Tiene pensamientos de quitarse la vida en este momento?" in page
    assert 'value="yes"> Sí</label>' in page
    assert 'value="no"> No</label>' in page
    assert "oprima 2 para español" in page

    with translation.override("es"):
        post_section(visitor, "safety", answers())
    page = spanish(visitor, "assessment:section", "conditions").content.decode()
    assert 'value="crps"> Síndrome de dolor regional complejo (SDRC)</label>' in page
    assert "Estado de ánimo" not in page  # an instrument's title is not shown, only its intro
    assert "En las últimas dos semanas, ¿con qué frecuencia" in page
    assert 'value="3"> Casi a diario</label>' in page
    assert "Atrás" in page


def test_the_whole_assessment_under_es_reaches_the_same_eligible_outcome_as_in_english(
    visitor: Client,
) -> None:
    english = Client()
    complete(english, answers())
    in_english = Assessment.objects.get()

    response = walk_in_spanish(visitor, answers())
    with translation.override("es"):
        assert response["Location"] == reverse("assessment:result")
    assert response["Location"] == "/es/assessment/result/"
    in_spanish = Assessment.objects.exclude(pk=in_english.pk).get()

    assert in_spanish.outcome == in_english.outcome == "eligible"
    assert in_spanish.answers == in_english.answers
    assert in_spanish.reasons == in_english.reasons
    assert in_spanish.pathways == in_english.pathways == ["crps"]
    assert in_spanish.scores == in_english.scores

    page = spanish(visitor, "assessment:result").content.decode()
    assert '<html lang="es">' in page
    assert "Es posible que usted cumpla los requisitos para el tratamiento" in page
    assert "Cree su cuenta" in page
    assert "no está aprobada por la FDA" in page
    assert "You may qualify" not in page


def test_the_english_pages_still_read_in_english(visitor: Client) -> None:
    page = visitor.get(reverse("assessment:start")).content.decode()
    assert '<html lang="en">' in page
    assert "Find out if at-home ketamine treatment may suit you" in page
    page = visitor.get(reverse("assessment:section", args=["location"])).content.decode()
    assert "Which state or territory do you live in?" in page
    assert '<option value="NJ">New Jersey</option>' in page
    complete(visitor, answers())
    page = visitor.get(reverse("assessment:result")).content.decode()
    assert "You may qualify for treatment" in page
    assert "Cree su cuenta" not in page


def test_a_refusal_explains_why_in_spanish(visitor: Client) -> None:
    walk_in_spanish(visitor, answers(pregnancy_status="pregnant"))
    page = spanish(visitor, "assessment:result").content.decode()
    assert "El tratamiento con ketamina en casa no es adecuado para usted" in page
    assert "No se sabe si la ketamina es segura durante el embarazo" in page
    assert "Hable con su obstetra o su médico de familia" in page
    assert "Hacer la evaluación de nuevo" in page
    assert Assessment.objects.get().outcome == "ineligible"


def test_the_crisis_page_reads_in_spanish(visitor: Client) -> None:
    with translation.override("es"):
        post_section(visitor, "location", answers())
        post_section(visitor, "safety", answers(asq_3="yes", asq_5="yes"))
    page = spanish(visitor, "assessment:result").content.decode()
    assert "No tiene que pasar por esto a solas" in page
    assert 'envíe un mensaje de texto al <a href="tel:988">988</a>' in page
    assert page.index("tel:988") < page.index("tel:911")
    assert Assessment.objects.get().outcome == "crisis"


def test_problems_are_named_in_spanish(visitor: Client) -> None:
    with translation.override("es"):
        response = post_section(
            visitor, "location", answers(zip="3313", date_of_birth="1980-05-17", county=...)
        )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Hay problemas con sus respuestas" in page
    assert "Por favor, responda esta pregunta." in page
    assert "Indique el código postal (ZIP) de cinco dígitos." in page
    assert "Give the five-digit" not in page


@pytest.mark.parametrize(
    "form",
    [
        {"state": "ZZ", "zip": "abcde", "date_of_birth": "31/31/1980"},
        {"state": ["FL", "NJ"], "county": "x" * 5000, "zip": "0", "date_of_birth": "9999-99-99"},
        {"date_of_birth": "2100-01-01", "state": "FL", "county": "Nowhere", "zip": "33133"},
        {"state": "FL", "county": "Bergen", "zip": "07030", "date_of_birth": "1890-01-01"},
        {},
    ],
)
def test_malformed_answers_get_spanish_messages(visitor: Client, form: Any) -> None:
    with translation.override("es"):
        response = visitor.post(reverse("assessment:section", args=["location"]), form)
    assert response.status_code == 400
    page = response.content.decode()
    shown = re.findall(r'<p class="errorlist"[^>]*><span[^>]*>Error:</span> ([^<]*)</p>', page)
    assert shown
    english = set(wording.ERROR_WORDS) | {"Give a", "is outside", "is not a county", "older"}
    for message in shown:
        assert not any(words in message for words in english), message


def test_every_engine_message_the_web_flow_can_show_has_its_spanish() -> None:
    """Every kind of message the engine writes about a web answer, in Spanish."""
    as_of = date(2026, 12, 6)
    forms: list[tuple[str, dict[str, Any]]] = [
        ("location", {"state": "ZZ", "zip": "abcde", "date_of_birth": "31/31/1980"}),
        ("location", {"state": "FL", "county": "Nowhere", "zip": "07030"}),
        ("location", {"state": "FL", "zip": "99999", "date_of_birth": "2100-01-01"}),
        ("location", {"state": "NY", "county": "Kings", "date_of_birth": "1890-01-01"}),
        ("conditions", {**answers(), "conditions": ["crps", "nope"], "peg_1": 11}),
        ("conditions", {**answers(), "conditions": [], "phq9_1": 2, "pain_duration_months": "x"}),
        ("conditions", {**answers(), "conditions": "crps", "prior_treatments": "x"}),
        ("health", {**answers(), "bp_systolic": None, "bp_diastolic": 80, "bipolar": "maybe"}),
        ("safety", {**answers(), "asq_5": "yes", "asq_1": "no", "asq_2": "no"}),
        ("safety", {**answers(), "asq_4": "no", "suicide_attempt_12mo": "no"}),
    ]
    seen = set()
    for section_id, given in forms:
        _, errors = validate_section(section_id, given, as_of)
        for error in errors:
            message = error["message"]
            seen.add(message)
            with translation.override("es"):
                translated = error_message(message)
            assert translated != message, message
            assert error_message(message) == message  # English stays the engine's own
    assert len(seen) >= 15


def test_the_wording_lists_hold_every_engine_string_a_visitor_reads() -> None:
    listed = {
        *wording.QUESTIONNAIRE_WORDS,
        *wording.CONDITION_WORDS,
        *wording.OUTCOME_WORDS,
        *wording.STATE_NAMES,
    }
    shown: set[str] = set()
    for section in QUESTIONNAIRE.sections:
        shown |= {section.title, section.intro}
        for question in section.questions:
            shown |= {question.text, question.help_text, *(o.label for o in question.options)}
            if question.asked_when is not None:
                shown.add(question.asked_when.plain)
    shown |= {instrument.intro for instrument in QUESTIONNAIRE.instruments.values()}
    for words in (*_REASON_WORDS.values(), *_REFERRAL_WORDS.values()):
        shown |= set(words)
    shown.discard("")
    assert shown <= listed, sorted(shown - listed)


def test_every_listed_string_has_its_spanish() -> None:
    everything = (
        *wording.QUESTIONNAIRE_WORDS,
        *wording.CONDITION_WORDS,
        *wording.OUTCOME_WORDS,
        *wording.STATE_NAMES,
        *wording.ERROR_WORDS,
        *(str(heading) for heading in OUTCOME_HEADINGS.values()),
    )
    with translation.override("es"):
        untranslated = [
            words
            for words in everything
            if gettext(words) == words and words not in SAME_IN_SPANISH
        ]
    assert untranslated == []
