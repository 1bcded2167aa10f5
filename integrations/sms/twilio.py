"""Twilio's Programmable Messaging, through its REST API with ``requests``.

One POST per text to ``/2010-04-01/Accounts/{AccountSid}/Messages.json`` with ``To``,
``From`` (or ``MessagingServiceSid``) and ``Body``, authenticated with the account SID and
auth token. Twilio keeps the number and the text; that is why a text never carries any
health detail. Twilio itself honours a patient's STOP reply (error 21610 afterwards).
"""

from dataclasses import dataclass, field
from typing import Any

import requests

from integrations.sms.base import NotConfigured, SentSms, SmsNotSent, is_textable

API_BASE = "https://api.twilio.com/2010-04-01"
TIMEOUT_SECONDS = 10
CREDENTIAL_SETTINGS = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "SMS_FROM_NUMBER")


@dataclass(frozen=True)
class TwilioCredentials:
    account_sid: str
    auth_token: str = field(repr=False)
    sender: str  # an E.164 number, or a Messaging Service SID ("MG...")

    @classmethod
    def from_settings(cls, settings: object) -> "TwilioCredentials | None":
        values = [str(getattr(settings, name, "") or "").strip() for name in CREDENTIAL_SETTINGS]
        return cls(*values) if all(values) else None


class TwilioSms:
    def __init__(self, credentials: TwilioCredentials | None, *, session: Any = None) -> None:
        if credentials is None:
            raise NotConfigured(
                f"Twilio texts are not configured: set {', '.join(CREDENTIAL_SETTINGS)}."
            )
        self.credentials = credentials
        self.session = session or requests.Session()

    @classmethod
    def from_settings(cls, settings: object) -> "TwilioSms":
        return cls(TwilioCredentials.from_settings(settings))

    def send(self, *, to: str, body: str) -> SentSms:
        if not is_textable(to):
            raise SmsNotSent("The number is not a US mobile number in E.164 form.")
        creds = self.credentials
        data = {"To": to, "Body": body}
        if creds.sender.startswith("MG"):
            data["MessagingServiceSid"] = creds.sender
        else:
            data["From"] = creds.sender
        try:
            response = self.session.post(
                f"{API_BASE}/Accounts/{creds.account_sid}/Messages.json",
                data=data,
                auth=(creds.account_sid, creds.auth_token),
                timeout=TIMEOUT_SECONDS,
            )
        except requests.RequestException as problem:
            raise SmsNotSent(f"Twilio could not be reached ({type(problem).__name__}).") from None
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code >= 400 or not isinstance(answer, dict) or not answer.get("sid"):
            code = answer.get("code", "") if isinstance(answer, dict) else ""
            raise SmsNotSent(
                f"Twilio refused the message (HTTP {response.status_code}, code {code})."
            )
        return SentSms(to=to, body=body, provider_id=str(answer["sid"]))
