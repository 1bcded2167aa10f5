"""Email to patients and staff: a nudge to sign in, never health details.

An email may say that something is waiting (a message, a visit time, a request to
upload an ID again); it never says what treatment, medicine or symptom it concerns.
"""

from django.conf import settings
from django.core.mail import send_mail

SIGN_OFF = (
    "\n\nIf you are in crisis, call or text 988, or call 911 in an emergency. Please do "
    "not reply to this email: it is not read. To write to us, sign in and use Messages.\n"
)


def site_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_notice(recipients: list[str], subject: str, body: str) -> int:
    addresses = sorted({address for address in recipients if address})
    sent = 0
    for address in addresses:  # one email each: no one sees another's address
        sent += send_mail(subject, body + SIGN_OFF, None, [address])
    return sent
