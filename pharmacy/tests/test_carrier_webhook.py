"""The carrier's webhook: signed, fresh, readable posts about a known parcel are recorded
once through the pharmacy's verb; anything else changes nothing."""

import json
import time
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from integrations.carrier.webhooks import sign
from integrations.sms import SentSms
from pharmacy import actions
from pharmacy.models import Shipment, ShipmentEvent, ShipmentStatus
from pharmacy.tests.helpers import shipped, signed_prescription

SECRET = "carrier-webhook-test-secret"
URL = reverse("carrier:webhook")
NUMBER = "1Z999AA10123456784"


@pytest.fixture(autouse=True)
def webhook_secret(settings: Any) -> None:
    settings.CARRIER_WEBHOOK_SECRET = SECRET
    settings.CARRIER_WEBHOOK_TOLERANCE_SECONDS = 300


@pytest.fixture
def shipment(db: Any, clinician_fl: Any, pharmacist: Any) -> Shipment:
    return shipped(actions.do_queue_original_fill(signed_prescription(clinician_fl)), pharmacist)


def event(**changes: Any) -> dict[str, Any]:
    return {
        "id": "evt_0001",
        "tracking_number": NUMBER,
        "status": "delivered",
        "occurred_at": "2026-11-26T15:04:00+00:00",
        "signed_by": "R DELGADO",
        "detail": "Left with the signer at the front door.",
    } | changes


def post(body: bytes | dict[str, Any], *, secret: str = SECRET, at: int | None = None) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    signature = sign(raw, secret, int(time.time()) if at is None else at)
    return Client().post(
        URL,
        data=raw,
        content_type="application/json",
        headers={"Carrier-Signature": signature},
    )


def carrier_events(shipment: Shipment) -> list[ShipmentEvent]:
    return list(shipment.events.exclude(carrier_event_id=""))


def test_a_signed_delivery_is_recorded_and_the_patient_told(
    shipment: Shipment, sms_outbox: list[SentSms]
) -> None:
    mail.outbox.clear()
    sms_outbox.clear()
    response = post(event())
    assert response.status_code == 200
    assert response.json() == {"received": True, "recorded": True}
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED and shipment.signed_by == "R DELGADO"
    assert shipment.delivered_at is not None and shipment.delivered_at.hour == 15
    (recorded,) = carrier_events(shipment)
    assert recorded.carrier_event_id == "evt_0001" and recorded.recorded_by is None
    assert [m.subject for m in mail.outbox] == ["Your order was delivered"]
    assert [text.body.split(":")[1].strip() for text in sms_outbox] == [
        "your order was delivered. Tracking"
    ]
    assert AuditEvent.objects.filter(action="pharmacy.shipment_delivered").exists()


def test_the_same_event_twice_is_recorded_once(shipment: Shipment) -> None:
    assert post(event(status="out_for_delivery")).json()["recorded"] is True
    again = post(event(status="out_for_delivery"))
    assert again.status_code == 200
    assert again.json() == {"received": True, "recorded": False, "duplicate": True}
    assert len(carrier_events(shipment)) == 1


def test_the_database_keeps_a_carrier_event_id_once(shipment: Shipment) -> None:
    from django.db import IntegrityError, transaction

    ShipmentEvent.objects.create(shipment=shipment, kind="out_for_delivery", carrier_event_id="e1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ShipmentEvent.objects.create(
            shipment=shipment, kind="out_for_delivery", carrier_event_id="e1"
        )
    # Events without a carrier id (staff's) are not held to it.
    ShipmentEvent.objects.create(shipment=shipment, kind="out_for_delivery")
    ShipmentEvent.objects.create(shipment=shipment, kind="out_for_delivery")


@pytest.mark.parametrize(
    "how",
    ["wrong secret", "no header", "stale", "from the future", "body changed", "garbage"],
)
def test_a_bad_signature_records_nothing(shipment: Shipment, how: str) -> None:
    raw = json.dumps(event()).encode()
    now = int(time.time())
    if how == "wrong secret":
        response = post(raw, secret="not-the-secret")
    elif how == "no header":
        response = Client().post(URL, data=raw, content_type="application/json")
    elif how == "stale":
        response = post(raw, at=now - 301)
    elif how == "from the future":
        response = post(raw, at=now + 301)
    elif how == "body changed":
        signature = sign(raw, SECRET, now)
        response = Client().post(
            URL,
            data=raw.replace(b"R DELGADO", b"SOMEONE ELSE"),
            content_type="application/json",
            headers={"Carrier-Signature": signature},
        )
    else:
        response = Client().post(
            URL,
            data=raw,
            content_type="application/json",
            headers={"Carrier-Signature": "t=abc,v1=zz"},
        )
    assert response.status_code == 403
    assert carrier_events(shipment) == []
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.SHIPPED


def test_an_unknown_tracking_number_is_not_found_and_records_nothing(
    shipment: Shipment,
) -> None:
    response = post(event(tracking_number="1Z000000000000000"))
    assert response.status_code == 404
    assert not ShipmentEvent.objects.exclude(carrier_event_id="").exists()


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        json.dumps(event(id="")).encode(),
        json.dumps(event(tracking_number=None)).encode(),
        json.dumps(event(occurred_at="yesterday")).encode(),
        json.dumps(event(occurred_at="2026-11-26T15:04:00")).encode(),
        json.dumps(event(signed_by=["R", "DELGADO"])).encode(),
    ],
)
def test_a_malformed_body_is_refused_with_400(shipment: Shipment, body: bytes) -> None:
    response = post(body)
    assert response.status_code == 400
    assert carrier_events(shipment) == []


def test_events_the_pharmacy_does_not_keep_or_that_cannot_follow_change_nothing(
    shipment: Shipment,
) -> None:
    in_transit = post(event(id="evt_a", status="in_transit"))
    assert in_transit.status_code == 200 and in_transit.json()["recorded"] is False
    assert post(event(id="evt_b")).json()["recorded"] is True
    late = post(event(id="evt_c", status="out_for_delivery"))
    assert late.status_code == 200 and late.json()["recorded"] is False
    no_name = post(event(id="evt_d", signed_by=""))
    assert no_name.json()["recorded"] is False
    assert [e.carrier_event_id for e in carrier_events(shipment)] == ["evt_b"]


def test_three_failed_attempts_from_the_carrier_return_the_parcel(shipment: Shipment) -> None:
    for n in range(3):
        assert post(event(id=f"evt_f{n}", status="failed_attempt", signed_by="")).json()["recorded"]
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.RETURNED and shipment.failed_attempts == 3


def test_the_webhook_is_off_without_a_secret(shipment: Shipment, settings: Any) -> None:
    settings.CARRIER_WEBHOOK_SECRET = ""
    assert post(event()).status_code == 404
    assert carrier_events(shipment) == []


def test_only_post_is_accepted(db: Any) -> None:
    assert Client().get(URL).status_code == 405
