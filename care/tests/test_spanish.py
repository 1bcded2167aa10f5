"""Booking a video visit in Spanish: the pages under /es/ read in Spanish for a patient
(times as 'domingo 6 de diciembre', '10:00', 'hora del Este'), the steps still to take
and the refusals too; the English pages are unchanged."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import dateformat, translation

from care.consults import open_slots
from care.models import Consult
from care.times import in_zone, patient_zone
from patients.models import Patient
from patients.tests.helpers import join, offer_time, ready_to_book
from tests.personas import client_for

BOOK = reverse("care:book")


def es(name: str, *args: Any) -> str:
    """The /es/ address (a request under /es/ leaves Spanish on in the test's thread)."""
    with translation.override("es"):
        return reverse(name, args=args)


def reads_spanish(patient: Patient) -> Patient:
    patient.user.language = "es"
    patient.user.save(update_fields=["language"])
    return patient


@pytest.fixture
def florida(db: Any) -> Patient:
    return reads_spanish(ready_to_book(join("rosa@example.com", "FL")))


def spanish_day(moment: datetime.datetime, patient: Patient) -> str:
    with translation.override("es"):
        return dateformat.format(in_zone(moment, patient_zone(patient)), "l j \\d\\e F")


def test_the_booking_page_reads_in_spanish(florida: Patient, clinician_fl: Any) -> None:
    block = offer_time(clinician_fl)
    page = client_for(florida.user).get(es("care:book"))
    assert page.status_code == 200
    body = page.content.decode()
    assert '<html lang="es">' in body
    assert "Reserve su videoconsulta" in body
    assert "con un médico con licencia en Florida" in body
    assert "Las horas se muestran en su zona horaria: hora del Este." in body
    assert spanish_day(block.starts_at, florida) in body
    assert "<span>10:00</span>" in body and "AM" not in body.split('class="slot-grid"')[1]
    assert "Reservar esta hora" in body
    assert "Book your video visit" not in body


def test_the_english_booking_page_is_unchanged(florida: Patient, clinician_fl: Any) -> None:
    block = offer_time(clinician_fl)
    local = in_zone(block.starts_at, patient_zone(florida))
    florida.user.language = "en"
    florida.user.save(update_fields=["language"])
    body = client_for(florida.user).get(BOOK).content.decode()
    assert '<html lang="en">' in body
    assert "Book your video visit" in body
    assert "with a physician licensed in Florida. You can move or cancel it" in body
    assert "Times are shown in your time zone: Eastern time." in body
    assert f"{local:%A} {local.day} {local:%B}" in body
    assert "<span>10:00 AM</span>" in body


def test_the_steps_left_read_in_spanish(db: Any) -> None:
    patient = reads_spanish(join("sean@example.com", "NJ"))
    body = client_for(patient.user).get(es("care:book")).content.decode()
    assert "Antes de elegir una hora, le quedan algunos pasos:" in body
    assert "Lea y firme los documentos de consentimiento." in body
    assert "Subir su identificación con foto" in body


def test_a_patient_books_moves_and_cancels_in_spanish(florida: Patient, clinician_fl: Any) -> None:
    offer_time(clinician_fl)
    client = client_for(florida.user)

    refused = client.post(es("care:book"), {})
    assert refused.status_code == 400
    assert "Elija una hora para su consulta." in refused.content.decode()

    slot = open_slots(florida)[0]
    booked = client.post(es("care:book"), {"slot": slot.value}, follow=True)
    consult = Consult.objects.get(patient=florida)
    assert booked.redirect_chain[-1][0] == es("care:consult", consult.public_id)
    body = booked.content.decode()
    assert "Su videoconsulta está reservada. Le enviamos la hora por correo electrónico." in body
    assert "Cómo prepararse" in body
    assert "esté en Florida a la hora de la consulta" in body
    assert "Reservada" in body
    assert spanish_day(consult.starts_at, florida) in body

    moving = client.get(es("care:reschedule", consult.public_id))
    assert "Cambie la hora de su videoconsulta" in moving.content.decode()

    cancelling = client.get(es("care:cancel", consult.public_id))
    assert "¿Cancelar la videoconsulta?" in cancelling.content.decode()
    assert f"con {clinician_fl.display_name}" in cancelling.content.decode()
    cancelled = client.post(es("care:cancel", consult.public_id), follow=True)
    assert "La videoconsulta está cancelada." in cancelled.content.decode()


def test_the_closed_visit_link_reads_in_spanish(florida: Patient, clinician_fl: Any) -> None:
    offer_time(clinician_fl)
    client = client_for(florida.user)
    client.post(es("care:book"), {"slot": open_slots(florida)[0].value})
    consult = Consult.objects.get(patient=florida)
    closed = client.get(es("care:join", consult.public_id))
    assert closed.status_code == 403
    assert "La videoconsulta no está abierta ahora" in closed.content.decode()


def test_a_spanish_speaking_patient_is_emailed_in_spanish(
    florida: Patient, clinician_fl: Any
) -> None:
    from django.core import mail

    from care.consults import do_book_consult

    offer_time(clinician_fl)
    mail.outbox.clear()
    consult = do_book_consult(florida, open_slots(florida)[0].value, by=florida.user)
    (email,) = mail.outbox
    assert email.subject == "Su videoconsulta está reservada"
    assert f"Su videoconsulta es el {spanish_day(consult.starts_at, florida)}" in email.body
    assert "Se lo recordaremos el día anterior y una hora antes." in email.body
