"""Text messages to patients, behind one small interface.

A text says only that something happened (an order shipped, an order arrived) with a
link; never a medicine, a dose, a condition or anything else from the record. It goes
only to the mobile number the patient gave us (``Patient.phone``, E.164), names the
practice, and says how to stop texts.

- ``LocalSms`` (local.py): sends nothing. Each message is kept in ``local.outbox``, a
  list in memory like Django's locmem mail outbox, so tests and the demo can read what
  a patient would have received.
- ``TwilioSms`` (twilio.py): posts to Twilio's Messages endpoint over HTTPS. It refuses
  to start without an account, a token and a sender (``NotConfigured``).

``SMS_BACKEND`` chooses: "local" (the default outside production), "twilio", or "off"
for a practice that sends no texts (email and the portal still say everything). In
production the local backend is refused at start-up, so texts are never silently lost.
"""

from django.conf import settings

from integrations.sms.base import (
    BACKENDS,
    NotConfigured,
    SentSms,
    SmsNotSent,
    SmsSender,
    is_textable,
    sms_backend_name,
    texts_enabled,
)
from integrations.sms.local import LocalSms
from integrations.sms.twilio import TwilioSms

__all__ = [
    "BACKENDS",
    "LocalSms",
    "NotConfigured",
    "SentSms",
    "SmsNotSent",
    "SmsSender",
    "TwilioSms",
    "is_textable",
    "sms_backend_name",
    "texts_enabled",
]


def sms_sender() -> SmsSender:
    """The backend in use."""
    if sms_backend_name() == "twilio":
        return TwilioSms.from_settings(settings)
    return LocalSms()
