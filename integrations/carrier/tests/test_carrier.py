"""The carrier adapters: the webhook signature and body, the HTTP carrier's booking."""

import datetime as dt
import json
from typing import Any

import pytest
import requests

from integrations.carrier import BadSignature, CarrierRefused, WebhookRejected, carrier
from integrations.carrier.http_carrier import HttpCarrier, NotConfigured
from integrations.carrier.local import LocalCarrier
from integrations.carrier.webhooks import read_notice, sign, verify

SECRET = "s3cret"
BODY = json.dumps(
    {
        "id": "evt_1",
        "tracking_number": "1z 999aa1 0123456784",
        "status": "delivered",
        "occurred_at": "2026-11-26T10:04:00-05:00",
        "signed_by": "R DELGADO",
    }
).encode()


def test_a_signature_made_with_the_secret_is_accepted_within_the_tolerance() -> None:
    header = sign(BODY, SECRET, 1_000_000)
    verify(BODY, header, SECRET, tolerance=300, now=1_000_300)
    verify(BODY, header, SECRET, tolerance=300, now=999_700)


@pytest.mark.parametrize(
    ("header", "now"),
    [
        (sign(BODY, SECRET, 1_000_000), 1_000_301),
        (sign(BODY, "other", 1_000_000), 1_000_000),
        (sign(BODY + b" ", SECRET, 1_000_000), 1_000_000),
        ("v1=" + sign(BODY, SECRET, 1_000_000).split("v1=")[1], 1_000_000),
        ("t=1000000", 1_000_000),
        ("", 1_000_000),
    ],
)
def test_anything_else_is_a_bad_signature(header: str, now: int) -> None:
    with pytest.raises(BadSignature):
        verify(BODY, header, SECRET, tolerance=300, now=now)


def test_a_replayed_signature_cannot_be_given_a_new_time() -> None:
    old = sign(BODY, SECRET, 1_000_000)
    moved = old.replace("t=1000000", "t=1005000")
    with pytest.raises(BadSignature):
        verify(BODY, moved, SECRET, tolerance=300, now=1_005_000)


def test_no_secret_accepts_nothing() -> None:
    with pytest.raises(BadSignature):
        verify(BODY, sign(BODY, "", 1), "", tolerance=300, now=1)


def test_a_rotated_secret_may_sign_twice() -> None:
    header = sign(BODY, "old", 5) + "," + sign(BODY, SECRET, 5).split(",")[1]
    verify(BODY, header, SECRET, tolerance=300, now=5)


def test_the_body_is_read_into_a_notice() -> None:
    notice = read_notice(BODY)
    assert notice.event_id == "evt_1"
    assert notice.tracking_number == "1Z999AA10123456784"
    assert notice.event.kind == "delivered" and notice.event.signed_by == "R DELGADO"
    assert notice.event.at == dt.datetime(2026, 11, 26, 15, 4, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"null",
        b'"text"',
        b'{"id": "a b", "tracking_number": "1", "status": "x"}',
        b"[" * 100_000 + b"]" * 100_000,
        b"\xff\xfe",
        # A time that leaves the calendar in UTC, and texts no database can keep.
        BODY.replace(b"2026-11-26T10:04:00-05:00", b"0001-01-01T00:00:00+14:00"),
        BODY.replace(b"2026-11-26T10:04:00-05:00", b"9999-12-31T23:59:59-14:00"),
        BODY.replace(b"1z 999aa1 0123456784", b"\\ud800"),
        BODY.replace(b"R DELGADO", b"R\\u0000DELGADO"),
    ],
)
def test_an_unreadable_body_is_rejected(body: bytes) -> None:
    with pytest.raises(WebhookRejected):
        read_notice(body)


class FakeResponse:
    def __init__(self, status_code: int, payload: Any) -> None:
        self.status_code, self.payload = status_code, payload

    def json(self) -> Any:
        return self.payload


class FakeSession:
    def __init__(self, answer: Any) -> None:
        self.answer, self.calls = answer, []  # type: ignore[var-annotated]

    def post(self, url: str, **kwargs: Any) -> Any:
        self.calls.append({"url": url, **kwargs})
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def http_carrier(answer: Any) -> tuple[HttpCarrier, FakeSession]:
    session = FakeSession(answer)
    return HttpCarrier(
        api_url="https://api.carrier.test/v1/", api_key="key", session=session
    ), session


def test_the_http_carrier_books_a_signature_required_tracker() -> None:
    adapter, session = http_carrier(
        FakeResponse(
            201,
            {
                "carrier": "UPS",
                "tracking_number": "1Z999AA10123456784",
                "tracking_url": "https://track.carrier.test/1Z999AA10123456784",
                "signature_required": True,
            },
        )
    )
    booking = adapter.book(carrier="UPS", tracking_number="1z999aa10123456784", reference="r-1")
    assert booking.signature_required
    assert booking.tracking_url == "https://track.carrier.test/1Z999AA10123456784"
    (call,) = session.calls
    assert call["url"] == "https://api.carrier.test/v1/trackers"
    assert call["json"] == {
        "carrier": "UPS",
        "tracking_number": "1Z999AA10123456784",
        "reference": "r-1",
        "signature": "adult",
    }
    assert call["headers"] == {"Authorization": "Bearer key"}


def test_a_carrier_that_does_not_confirm_the_signature_is_reported_as_such() -> None:
    adapter, _ = http_carrier(FakeResponse(201, {"signature_required": False}))
    booking = adapter.book(carrier="UPS", tracking_number="1Z999AA10123456784", reference="r")
    assert booking.signature_required is False  # do_ship refuses it


@pytest.mark.parametrize("answer", [FakeResponse(422, {"error": "bad"}), requests.Timeout("slow")])
def test_the_http_carrier_refuses_in_plain_words(answer: Any) -> None:
    adapter, _ = http_carrier(answer)
    with pytest.raises(CarrierRefused):
        adapter.book(carrier="UPS", tracking_number="1Z999AA10123456784", reference="r")


def test_bad_typing_is_refused_before_any_call() -> None:
    adapter, session = http_carrier(FakeResponse(201, {}))
    with pytest.raises(CarrierRefused):
        adapter.book(carrier="DHL", tracking_number="1Z999AA10123456784", reference="r")
    assert session.calls == []


def test_the_http_carrier_needs_an_https_address_and_a_key() -> None:
    with pytest.raises(NotConfigured):
        HttpCarrier(api_url="http://api.carrier.test", api_key="key")
    with pytest.raises(NotConfigured):
        HttpCarrier(api_url="https://api.carrier.test", api_key="")


def test_the_setting_chooses_the_carrier(settings: Any) -> None:
    settings.CARRIER_BACKEND = "local"
    assert isinstance(carrier(), LocalCarrier)
    settings.CARRIER_BACKEND = "http"
    settings.CARRIER_API_URL = "https://api.carrier.test"
    settings.CARRIER_API_KEY = "key"
    assert isinstance(carrier(), HttpCarrier)


def test_a_tracking_link_that_is_not_https_is_replaced_by_the_carriers_own_page() -> None:
    adapter, _ = http_carrier(
        FakeResponse(201, {"tracking_url": "javascript:alert(1)", "signature_required": True})
    )
    booking = adapter.book(carrier="UPS", tracking_number="1Z999AA10123456784", reference="r")
    assert booking.tracking_url == "https://www.ups.com/track?tracknum=1Z999AA10123456784"
