"""What a patient is told when an order ships and arrives: by email, and by text when
they gave a mobile number; the words are checked exactly, and none is about health."""

import re
from typing import Any

import pytest
from django.core import mail

from integrations.sms import SentSms, SmsNotSent
from patients.models import Patient
from pharmacy import actions
from pharmacy.models import Fill, ShipmentStatus
from pharmacy.tests.helpers import shipped, signed_prescription

TRACKING_URL = "https://www.ups.com/track?tracknum=1Z999AA10123456784"

# Words that would tell a reader of a lock screen or an inbox what the parcel is for.
HEALTH_WORDS = re.compile(
    r"ketamine|troche|tablet|lozenge|sublingual|\bmg\b|dose|prescri|medic|drug|controlled|"
    r"schedule|crps|pain|depress|anxiety|ptsd|fatigue|treatment|therapy|diagnos|condition",
    re.IGNORECASE,
)


@pytest.fixture
def fill(db: Any, clinician_fl: Any) -> Fill:
    fill = actions.do_queue_original_fill(signed_prescription(clinician_fl))
    mail.outbox.clear()  # the visit's booking emails
    return fill


def told_by_email(patient: Patient) -> list[Any]:
    return [message for message in mail.outbox if patient.user.email in message.to]


def test_shipped_and_delivered_go_by_email_and_text_with_the_tracking_link_only(
    fill: Fill, pharmacist: Any, sms_outbox: list[SentSms]
) -> None:
    patient = fill.prescription.patient
    assert patient.phone == "+13055550123"
    shipment = shipped(fill, pharmacist)
    actions.do_record_delivery_event(
        shipment, kind=ShipmentStatus.DELIVERED, by=pharmacist, signed_by="Rosa Delgado"
    )

    assert [(text.to, text.body) for text in sms_outbox] == [
        (
            "+13055550123",
            f"ketaclinic: your order has shipped. Track it: {TRACKING_URL} "
            "Reply STOP to end texts.",
        ),
        (
            "+13055550123",
            f"ketaclinic: your order was delivered. Tracking: {TRACKING_URL} "
            "Reply STOP to end texts.",
        ),
    ]
    emails = told_by_email(patient)
    assert [message.subject for message in emails] == [
        "Your order has shipped",
        "Your order was delivered",
    ]
    assert all(TRACKING_URL in message.body for message in emails)
    for words in [text.body for text in sms_outbox] + [
        f"{message.subject}\n{message.body}" for message in emails
    ]:
        assert not HEALTH_WORDS.search(words), words
        assert "Rosa" not in words and "Delgado" not in words


def test_no_text_without_a_mobile_number(
    fill: Fill, pharmacist: Any, sms_outbox: list[SentSms]
) -> None:
    Patient.objects.filter(pk=fill.prescription.patient_id).update(phone="")
    shipped(fill, pharmacist)
    assert sms_outbox == []
    assert [m.subject for m in told_by_email(fill.prescription.patient)] == [
        "Your order has shipped"
    ]


def test_a_text_the_provider_refuses_does_not_undo_the_shipment(
    fill: Fill, pharmacist: Any, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    class Refusing:
        def send(self, *, to: str, body: str) -> SentSms:
            raise SmsNotSent("Twilio refused the message (HTTP 400, code 21610).")

    monkeypatch.setattr(actions, "sms_sender", Refusing)
    shipment = shipped(fill, pharmacist)
    assert shipment.pk is not None
    assert told_by_email(fill.prescription.patient)
    assert "+1305" not in caplog.text and "was not sent" in caplog.text


def test_a_practice_that_sends_no_texts_still_emails(
    fill: Fill, pharmacist: Any, sms_outbox: list[SentSms], settings: Any
) -> None:
    settings.SMS_BACKEND = "off"
    shipped(fill, pharmacist)
    assert sms_outbox == []
    assert told_by_email(fill.prescription.patient)


def test_a_patient_who_did_not_agree_to_texts_is_only_emailed(
    fill: Fill, pharmacist: Any, sms_outbox: list[SentSms]
) -> None:
    Patient.objects.filter(pk=fill.prescription.patient_id).update(texts_allowed=False)
    shipped(fill, pharmacist)
    assert sms_outbox == []
    assert told_by_email(fill.prescription.patient)


def test_a_mail_server_that_is_down_does_not_stop_the_shipment(
    fill: Fill, pharmacist: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import smtplib

    from foundation import notices

    def refuse(*args: Any, **kwargs: Any) -> int:
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr(notices, "send_mail", refuse)
    shipment = shipped(fill, pharmacist)
    assert shipment.status == ShipmentStatus.SHIPPED
    fill.refresh_from_db()
    assert fill.status == "shipped"
