"""A patient's orders in Spanish: the orders page under /es/, asking for a refill, and the
emails and texts sent when an order ships and arrives, in the patient's language (the
texts keep the keyword STOP). English readers' words are unchanged (test_notices.py)."""

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import dateformat, translation

from clinical.refills import RefillRefusal
from integrations.sms import SentSms
from pharmacy import actions
from pharmacy.models import Fill, ShipmentStatus
from pharmacy.tests.helpers import shipped, signed_prescription
from tests.personas import client_for

ORDERS = reverse("pharmacy:orders")


def es(name: str, *args: Any) -> str:
    """The /es/ address (a request under /es/ leaves Spanish on in the test's thread)."""
    with translation.override("es"):
        return reverse(name, args=args)


TRACKING_URL = "https://www.ups.com/track?tracknum=1Z999AA10123456784"
HEALTH_WORDS = re.compile(
    r"ketamin|pastilla|tableta|\bmg\b|dosis|receta|medic|f[aá]rmaco|droga|controlad|dolor|"
    r"depresi|ansiedad|tept|sdrc|tratamiento|terapia|diagn",
    re.IGNORECASE,
)


@pytest.fixture
def fill(db: Any, clinician_fl: Any) -> Fill:
    fill = actions.do_queue_original_fill(signed_prescription(clinician_fl))
    user = fill.prescription.patient.user
    user.language = "es"
    user.save(update_fields=["language"])
    mail.outbox.clear()  # the visit's booking emails
    return fill


def test_the_orders_page_reads_in_spanish(fill: Fill, pharmacist: Any) -> None:
    shipped(fill, pharmacist)
    patient = fill.prescription.patient
    page = client_for(patient.user).get(es("pharmacy:orders"))
    assert page.status_code == 200
    body = page.content.decode()
    assert '<html lang="es">' in body
    assert "Sus pedidos" in body
    with translation.override("es"):
        issued = dateformat.format(fill.prescription.issued_on, "j \\d\\e F \\d\\e Y")
    assert f"Receta del {issued}" in body
    assert "Original: Enviado. Seguimiento: " in body
    assert "Pedir un resurtido" in body
    assert "Your orders" not in body


def test_asking_for_a_refill_too_soon_is_answered_in_spanish(fill: Fill, pharmacist: Any) -> None:
    shipped(fill, pharmacist)
    client = client_for(fill.prescription.patient.user)
    asked = client.post(
        es("pharmacy:ask_for_refill", fill.prescription.public_id),
        follow=True,
    )
    assert asked.redirect_chain[-1][0] == es("pharmacy:orders")
    body = asked.content.decode()
    assert body.count("Por favor, complete primero un control de seguimiento.") == 2
    assert ": no aceptado." in body
    assert "Please complete a check-in first" not in body


def test_the_english_orders_page_is_unchanged(fill: Fill, pharmacist: Any) -> None:
    shipped(fill, pharmacist)
    user = fill.prescription.patient.user
    user.language = "en"
    user.save(update_fields=["language"])
    body = client_for(user).get(ORDERS).content.decode()
    assert '<html lang="en">' in body
    assert "Your orders" in body
    assert "Original: Shipped. Tracking: " in body
    assert "Ask for a refill" in body


def test_a_spanish_speaking_patient_is_told_in_spanish_by_email_and_text(
    fill: Fill, pharmacist: Any, sms_outbox: list[SentSms]
) -> None:
    patient = fill.prescription.patient
    shipment = shipped(fill, pharmacist)
    actions.do_record_delivery_event(
        shipment, kind=ShipmentStatus.DELIVERED, by=pharmacist, signed_by="Rosa Delgado"
    )

    assert [(text.to, text.body) for text in sms_outbox] == [
        (
            "+13055550123",
            f"ketaclinic: su pedido fue enviado. Sígalo: {TRACKING_URL} "
            "Responda STOP para dejar de recibir mensajes.",
        ),
        (
            "+13055550123",
            f"ketaclinic: su pedido fue entregado. Seguimiento: {TRACKING_URL} "
            "Responda STOP para dejar de recibir mensajes.",
        ),
    ]
    emails = [message for message in mail.outbox if patient.user.email in message.to]
    assert [message.subject for message in emails] == [
        "Su pedido fue enviado",
        "Su pedido fue entregado",
    ]
    shipped_email = emails[0].body
    assert "Su pedido va en camino. Una persona de 18 años o más debe firmar" in shipped_email
    assert f"Sígalo aquí: {TRACKING_URL}" in shipped_email
    assert "Vea sus pedidos: " in shipped_email and es("pharmacy:orders") in shipped_email
    assert "988" in shipped_email and "Your order" not in shipped_email
    for words in [text.body for text in sms_outbox] + [
        f"{message.subject}\n{message.body.split('988')[0]}" for message in emails
    ]:
        assert not HEALTH_WORDS.search(words), words


def test_a_returned_order_is_told_in_spanish(
    fill: Fill, pharmacist: Any, sms_outbox: list[SentSms]
) -> None:
    shipment = shipped(fill, pharmacist)
    actions.do_record_delivery_event(shipment, kind=ShipmentStatus.RETURNED, by=pharmacist)
    subjects = [message.subject for message in mail.outbox]
    assert "Su pedido vuelve a nosotros" in subjects
    assert "An order could not be delivered" in subjects  # the clinician's, in English


@pytest.mark.parametrize("refusal", list(RefillRefusal), ids=str)
def test_every_reason_the_refill_gate_gives_has_its_spanish(refusal: RefillRefusal) -> None:
    with translation.override("es"):
        spanish = translation.gettext(refusal.plain)
    assert spanish != refusal.plain
