"""Email to patients and staff: a nudge to sign in, never health details.

An email may say that something is waiting (a message, a visit time, a request to
upload an ID again); it never says what treatment, medicine or symptom it concerns.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task

SIGN_OFF = (
    "\n\nIf you are in crisis, call or text 988, or call 911 in an emergency. Please do "
    "not reply to this email: it is not read. To write to us, sign in and use Messages.\n"
)


def site_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_notice(recipients: list[str], subject: str, body: str) -> int:
    """Queue one email per address (no one sees another's address); the count queued.

    The worker sends them, so a mail server that is down never fails the step that
    prompted the email, and a step rolled back sends nothing: the queued task is a row
    in the same transaction.
    """
    addresses = sorted({address for address in recipients if address})
    for address in addresses:
        deliver_notice.enqueue(address, subject, body)
    return len(addresses)


@task()
def deliver_notice(address: str, subject: str, body: str) -> int:
    return send_mail(subject, body + SIGN_OFF, None, [address])
