"""Texts: the local outbox, Twilio's Messages endpoint (with a fake HTTP session), and
the settings that refuse a production without a real sender."""

from typing import Any

import pytest
import requests

from integrations.sms import NotConfigured, SmsNotSent, is_textable, sms_sender
from integrations.sms import local as local_sms
from integrations.sms.twilio import TwilioCredentials, TwilioSms
from tests.test_settings import PRODUCTION as PRODUCTION_ENV
from tests.test_settings import load_settings

CREDENTIALS = TwilioCredentials("AC0123", "auth-token", "+13055550100")


class FakeResponse:
    def __init__(self, status_code: int, payload: Any) -> None:
        self.status_code = status_code
        self.payload = payload

    def json(self) -> Any:
        if isinstance(self.payload, Exception):
            raise self.payload
        return self.payload


class FakeSession:
    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.calls: list[dict[str, Any]] = []

    def post(self, url: str, **kwargs: Any) -> Any:
        self.calls.append({"url": url, **kwargs})
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.fixture(autouse=True)
def empty_outbox() -> None:
    local_sms.outbox.clear()


def test_only_us_numbers_in_e164_form_are_texted() -> None:
    assert is_textable("+13055550123")
    assert not is_textable("(305) 555-0123")
    assert not is_textable("+441632960961")
    assert not is_textable("+10055550123")
    assert not is_textable("")


def test_the_local_backend_keeps_texts_in_the_outbox(settings: Any) -> None:
    settings.SMS_BACKEND = "local"
    sent = sms_sender().send(to="+13055550123", body="Your order has shipped.")
    assert local_sms.outbox == [sent]
    assert sent.provider_id.startswith("local-")
    with pytest.raises(SmsNotSent):
        sms_sender().send(to="305-555-0123", body="x")


def test_twilio_posts_to_the_messages_endpoint() -> None:
    session = FakeSession(FakeResponse(201, {"sid": "SM123", "status": "queued"}))
    sent = TwilioSms(CREDENTIALS, session=session).send(to="+13055550123", body="Hello")
    assert sent.provider_id == "SM123"
    (call,) = session.calls
    assert call["url"] == "https://api.twilio.com/2010-04-01/Accounts/AC0123/Messages.json"
    assert call["data"] == {"To": "+13055550123", "Body": "Hello", "From": "+13055550100"}
    assert call["auth"] == ("AC0123", "auth-token")
    assert call["timeout"] == 10


def test_twilio_can_send_through_a_messaging_service() -> None:
    session = FakeSession(FakeResponse(201, {"sid": "SM9"}))
    creds = TwilioCredentials("AC0123", "auth-token", "MG0001")
    TwilioSms(creds, session=session).send(to="+13055550123", body="Hi")
    assert session.calls[0]["data"]["MessagingServiceSid"] == "MG0001"


@pytest.mark.parametrize(
    "answer",
    [
        FakeResponse(400, {"code": 21610, "message": "Attempt to send to unsubscribed"}),
        FakeResponse(500, ValueError("not json")),
        FakeResponse(201, {"status": "queued"}),
        requests.ConnectionError("down"),
    ],
)
def test_twilio_failures_are_reported_without_the_number(answer: Any) -> None:
    with pytest.raises(SmsNotSent) as problem:
        TwilioSms(CREDENTIALS, session=FakeSession(answer)).send(to="+13055550123", body="Hi")
    assert "555" not in str(problem.value)


def test_twilio_refuses_to_start_unconfigured(settings: Any) -> None:
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_ACCOUNT_SID = "AC0123"
    settings.TWILIO_AUTH_TOKEN = ""
    settings.SMS_FROM_NUMBER = "+13055550100"
    with pytest.raises(NotConfigured, match="TWILIO_AUTH_TOKEN"):
        sms_sender()


def test_the_credentials_never_show_the_token() -> None:
    assert "auth-token" not in repr(CREDENTIALS)


TWILIO = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "SMS_FROM_NUMBER")
PRODUCTION = {name: value for name, value in PRODUCTION_ENV.items() if name not in TWILIO}


def test_production_refuses_to_start_without_a_real_text_sender() -> None:
    result = load_settings(**PRODUCTION)
    assert result.returncode != 0
    assert "SMS_BACKEND=twilio" in result.stderr
    local = load_settings(
        **PRODUCTION,
        SMS_BACKEND="local",
        TWILIO_ACCOUNT_SID="AC1",
        TWILIO_AUTH_TOKEN="t",
        SMS_FROM_NUMBER="+13055550100",
    )
    assert local.returncode != 0


def test_production_starts_with_twilio_configured() -> None:
    result = load_settings(
        **PRODUCTION,
        TWILIO_ACCOUNT_SID="AC1",
        TWILIO_AUTH_TOKEN="t",
        SMS_FROM_NUMBER="+13055550100",
    )
    assert result.returncode == 0, result.stderr
