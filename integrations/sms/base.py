"""The sms interface: its values, errors and protocol (the adapters and the choice
between them are in the package's __init__)."""

import re
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BACKENDS = ("local", "twilio", "off")

# A US mobile number in E.164 form: +1, then ten digits, the area code not starting 0 or 1.
_US_E164 = re.compile(r"\+1[2-9]\d{9}")


class NotConfigured(ImproperlyConfigured):
    """A backend was asked for without the settings it needs; the message names them."""


class SmsNotSent(Exception):
    """The provider would not take the message; the message says why, with no number."""


@dataclass(frozen=True)
class SentSms:
    """One message handed to the provider: to whom, what, and the provider's id for it."""

    to: str
    body: str
    provider_id: str


class SmsSender(Protocol):
    def send(self, *, to: str, body: str) -> SentSms:
        """Send one text to an E.164 number, or raise ``SmsNotSent``."""
        ...


def is_textable(number: str) -> bool:
    """Whether `number` is a US number in E.164 form that a text can go to."""
    return bool(_US_E164.fullmatch(number.strip()))


def sms_backend_name() -> str:
    name = str(getattr(settings, "SMS_BACKEND", "local") or "local").strip().lower()
    if name not in BACKENDS:
        raise ImproperlyConfigured(f"SMS_BACKEND must be one of {', '.join(BACKENDS)}")
    return name


def texts_enabled() -> bool:
    return sms_backend_name() != "off"
