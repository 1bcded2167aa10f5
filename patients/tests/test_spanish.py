"""Joining and the patient's own pages in Spanish (issue #17): under /es/ a patient who
reads Spanish meets Spanish words on joining, allauth's sign-up and sign-in, the profile,
the monitor and its guide, the photo ID, the consents' frame and the messages; the English
pages still read in English."""

import datetime
import hashlib
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from patients import actions
from patients.forms import ASK_AGAIN_REASONS
from patients.joining import COMPLETED_SESSION_KEY
from patients.models import ConsentKind, IdentityStatus, MessageTopic, Patient
from patients.tests.helpers import complete_assessment, fill_profile, join, upload_id
from patients.text import monitor_guide, monitor_guide_es
from tests.personas import client_for, make


def es(name: str, *args: Any) -> str:
    with translation.override("es"):
        return reverse(name, args=args)


def en(name: str, *args: Any) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def visitor_with_assessment() -> Client:
    client = Client()
    session = client.session
    session[COMPLETED_SESSION_KEY] = str(complete_assessment().public_id)
    session.save()
    return client


@pytest.fixture
def patient(db: Any) -> Patient:
    patient = join()
    patient.user.language = "es"
    patient.user.save(update_fields=["language"])
    return patient


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    body: str = response.content.decode()
    assert '<html lang="es"' in body, url
    return body


# Joining ----------------------------------------------------------------------------------


def test_joining_reads_in_spanish_and_leads_to_spanish_sign_up(db: Any) -> None:
    client = visitor_with_assessment()
    body = page(client, es("patients:join"))
    assert "Cree su cuenta" in body
    assert "Según su evaluación, el tratamiento podría ser adecuado para usted." in body
    assert "Elija su plan. No se le cobra nada antes de este paso." in body
    assert f'href="{es("account_signup")}?next={es("workspace:home")}"' in body
    assert "Create your account" not in body


def test_joining_without_an_assessment_asks_for_it_in_spanish(db: Any) -> None:
    body = page(Client(), es("patients:join"))
    assert "Primero haga la evaluación" in body
    assert f'¿Ya es paciente? <a href="{es("account_login")}">Inicie sesión</a>.' in body


def test_the_english_joining_page_is_unchanged(db: Any) -> None:
    body = visitor_with_assessment().get(en("patients:join")).content.decode()
    assert '<html lang="en"' in body
    assert "Your assessment says treatment may suit you." in body
    assert "Cree su cuenta" not in body


def test_allauth_sign_up_and_sign_in_read_in_spanish(db: Any) -> None:
    signup = page(Client(), es("account_signup"))
    assert "Registrarse" in signup
    assert "Contraseña" in signup
    login = page(Client(), es("account_login"))
    assert "Iniciar sesión" in login


def test_signing_up_in_spanish_sends_a_spanish_confirmation_and_joins(db: Any) -> None:
    client = visitor_with_assessment()
    response = client.post(
        es("account_signup") + "?next=" + es("workspace:home"),
        {
            "email": "rosa.delgado@example.com",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    sent = page(client, response["Location"])
    assert "Verifique su dirección de correo electrónico" in sent
    body = str(mail.outbox[-1].body)
    link = re.search(r"https?://\S+/es/accounts/confirm-email/\S+/", body)
    assert link, body
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    confirm = page(client, "/" + path)
    assert "Confirmar" in confirm
    response = client.post("/" + path)
    assert response.status_code == 302
    assert Patient.objects.filter(user__email="rosa.delgado@example.com").exists()


# The patient's own pages --------------------------------------------------------------------


def test_the_profile_reads_in_spanish_and_its_problems_too(patient: Patient) -> None:
    client = client_for(patient.user)
    body = page(client, es("patients:profile"))
    assert "<h1>Sus datos</h1>" in body
    assert "Nombre legal completo" in body
    assert "Dirección de envío" in body
    assert "Guardar sus datos" in body
    response = client.post(
        es("patients:profile"),
        {"legal_name": "Rosa Delgado", "state": "FL", "zip_code": "07102", "phone": "12"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Hay 8 problemas" in body
    assert "No se perdió nada de lo que escribió: corríjalos abajo" in body
    assert "Escriba su fecha de nacimiento." in body
    assert "El código postal 07102 está en Nueva Jersey, no en Florida." in body
    assert "Ese no es un número de teléfono al que podamos llamar." in body
    assert "Escriba el número de teléfono de su contacto de emergencia." in body
    assert '<option value="NJ">Nueva Jersey</option>' in body


def test_a_date_of_birth_shows_in_the_date_input_whatever_the_language(patient: Patient) -> None:
    fill_profile(patient)
    body = page(client_for(patient.user), es("patients:profile"))
    assert 'value="1980-05-17"' in body


def test_a_different_date_of_birth_is_named_the_spanish_way(patient: Patient) -> None:
    fill_profile(patient)
    dob = actions.assessment_date_of_birth(patient)
    assert dob is not None
    other = dob - datetime.timedelta(days=400)
    response = client_for(patient.user).post(
        es("patients:profile"),
        {
            "legal_name": "Rosa Delgado",
            "date_of_birth": other.isoformat(),
            "phone": "(305) 555-0123",
            "address_line1": "2100 South Bayshore Drive",
            "city": "Miami",
            "state": "FL",
            "zip_code": "33133",
            "emergency_contact_name": "Luis Delgado",
            "emergency_contact_relationship": "Hermano",
            "emergency_contact_phone": "(305) 555-0188",
        },
    )
    body = response.content.decode()
    assert f"que dio en su evaluación ({dob:%d/%m/%Y})" in body


def test_the_monitor_page_and_its_guide_read_in_spanish(patient: Patient) -> None:
    client = client_for(patient.user)
    body = page(client, es("patients:monitor"))
    assert "Su acompañante de tratamiento" in body
    assert "Mi acompañante tiene 18 años o más." in body
    assert f'<a href="{es("patients:monitor_guide")}">Lea la guía para acompañantes</a>' in body
    guide = page(Client(), es("patients:monitor_guide"))
    assert "Guía para acompañantes de tratamiento" in guide
    assert '<article class="prose" lang="es">' in guide
    assert "Llame al 911 de inmediato si" in guide
    assert "oprima 2" in guide
    assert f"Versión de la guía: {monitor_guide()[2]}." in guide
    response = client.post(
        es("patients:monitor"),
        {"name": "Carmen Díaz", "relationship": "Amiga", "phone": "(305) 555-0144"},
    )
    body = response.content.decode()
    assert "Su acompañante debe ser un adulto de 18 años o más." in body
    assert "Pídale a su acompañante que lea primero la guía para acompañantes" in body


def test_the_spanish_guide_translates_the_current_english_guide() -> None:
    """When the English guide changes (its version changes), the Spanish must follow: update
    patients/monitor_guide.es.md, then the version pinned here."""
    assert monitor_guide()[2] == "d2edc1784cd6", (
        "the English monitor guide changed: bring monitor_guide.es.md up to date"
    )
    title, body = monitor_guide_es()
    assert title == "Guía para acompañantes de tratamiento"
    english = monitor_guide()[1]
    assert body.count("\n## ") == english.count("\n## ")
    assert body.count("\n- ") == english.count("\n- ")
    assert hashlib.sha256(body.encode()).hexdigest()[:12] != monitor_guide()[2]


def test_the_english_guide_is_unchanged(db: Any) -> None:
    body = Client().get(en("patients:monitor_guide")).content.decode()
    assert "A guide for treatment monitors" in body
    assert 'lang="es"' not in body.split("<article", 1)[1][:40]


def test_the_photo_id_page_reads_in_spanish_with_the_reason_to_send_again(
    patient: Patient,
) -> None:
    document = upload_id(patient)
    coordinator = make("coordinator")
    actions.do_ask_for_id_again(
        document, by=coordinator, reason="The photo is blurred or too dark to read."
    )
    body = page(client_for(patient.user), es("patients:identity"))
    assert "Su identificación con foto" in body
    assert "Le pedimos que la suba de nuevo" in body
    assert "La foto está borrosa o demasiado oscura para leerla." in body
    assert "Subir su identificación" in body
    assert re.search(r"\d+ de \w+ de \d{4}", body)


def test_the_consents_frame_reads_in_spanish(patient: Patient) -> None:
    fill_profile(patient)
    client = client_for(patient.user)
    body = page(client, es("patients:consents"))
    assert "Documentos de consentimiento" in body
    assert "Por firmar" in body
    sign = page(client, es("patients:consent_sign", "telehealth"))
    assert "Firmar este documento" in sign
    assert "Leí este documento y estoy de acuerdo con él." in sign
    assert re.search(r"Versión [^,]+, publicada el \d+ de \w+ de \d{4}\.", sign)


def test_messages_read_in_spanish(patient: Patient) -> None:
    client = client_for(patient.user)
    body = page(client, es("patients:messages"))
    assert "<h1>Mensajes</h1>" in body
    assert "al llamar, oprima 2 para español" in body
    assert "Todavía no tiene mensajes." in body
    new = page(client, es("patients:message_new"))
    assert "Escriba al equipo de atención" in new
    assert "Mi tratamiento o mis síntomas" in new
    response = client.post(
        es("patients:message_new"),
        {"topic": "scheduling", "subject": "Cambiar mi cita", "body": "¿Puedo cambiarla?"},
        follow=True,
    )
    body = response.content.decode()
    assert "Su mensaje se envió. El equipo de atención le responderá aquí." in body
    assert "Usted" in body
    assert "Citas" in body
    listing = page(client, es("patients:messages"))
    assert re.search(r"Citas · \d+ de \w+, \d+:\d\d", listing)


def test_a_problem_in_a_message_is_named_in_spanish(patient: Patient) -> None:
    response = client_for(patient.user).post(es("patients:message_new"), {})
    body = response.content.decode()
    assert "Hay 3 problemas" in body
    assert "Elija de qué trata su mensaje." in body


def test_the_english_pages_still_read_in_english(patient: Patient) -> None:
    patient.user.language = "en"
    patient.user.save(update_fields=["language"])
    client = client_for(patient.user)
    assert "<h1>Your details</h1>" in client.get(en("patients:profile")).content.decode()
    assert "Your treatment monitor" in client.get(en("patients:monitor")).content.decode()
    assert "Write a new message" in client.get(en("patients:messages")).content.decode()
    response = client.post(en("patients:message_new"), {})
    assert "There are 3 problems" in response.content.decode()


# Strings kept in English and translated where shown ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [reason for reason, _ in ASK_AGAIN_REASONS if reason]
    + [str(label) for label in IdentityStatus.labels]
    + [str(label) for label in MessageTopic.labels]
    + [str(label) for label in ConsentKind.labels],
)
def test_each_shown_english_string_has_a_spanish_translation(text: str) -> None:
    with translation.override("en"):
        english = translation.gettext(text)
    with translation.override("es"):
        spanish = translation.gettext(text)
    assert english == text
    assert spanish != text
