"""Emails to a patient who reads Spanish are in Spanish, links to the /es/ pages
included; a patient who reads English gets the English, as before."""

from typing import Any

from django.core import mail

from billing.tasks import send_payment_failed_notice
from care.tests.workspace import book_visit, candidate
from foundation.notices import deliver_notice
from patients.tasks import send_id_asked_again_notice

SIGN_OFF_ES = "Si está en crisis, llame o envíe un mensaje de texto al 988 (al llamar, oprima 2"


def reads_spanish(patient: Any) -> Any:
    patient.user.language = "es"
    patient.user.save(update_fields=["language"])
    return patient


def test_a_visit_booked_is_confirmed_in_spanish(db: Any, clinician_fl: Any) -> None:
    patient = reads_spanish(candidate())
    mail.outbox.clear()
    book_visit(patient, clinician_fl)
    (email,) = [m for m in mail.outbox if m.to == [patient.user.email]]
    assert email.subject == "Su videoconsulta está reservada"
    assert "Su videoconsulta es el " in email.body
    assert " de " in email.body and "/es/patients/" in email.body
    assert SIGN_OFF_ES in email.body
    assert "video visit" not in email.body


def test_a_visit_booked_is_confirmed_in_english_for_an_english_reader(
    db: Any, clinician_fl: Any
) -> None:
    patient = candidate()
    mail.outbox.clear()
    book_visit(patient, clinician_fl)
    (email,) = [m for m in mail.outbox if m.to == [patient.user.email]]
    assert email.subject == "Your video visit is booked"
    assert "/es/" not in email.body
    assert "If you are in crisis, call or text 988" in email.body


def test_a_photo_id_asked_again_and_a_failed_payment_in_spanish(db: Any) -> None:
    patient = reads_spanish(candidate())
    mail.outbox.clear()
    send_id_asked_again_notice.call(patient.user.pk)
    send_payment_failed_notice.call(patient.user.pk)
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Por favor, suba de nuevo su identificación con foto",
        "No pudimos cobrar su pago",
    ]
    assert all("/es/" in m.body and SIGN_OFF_ES in m.body for m in mail.outbox)


def test_an_email_queued_before_languages_is_signed_off_in_english(db: Any) -> None:
    deliver_notice.call("someone@example.com", "Subject", "Body")
    assert mail.outbox[-1].body.startswith("Body\n\nIf you are in crisis, call or text 988")
