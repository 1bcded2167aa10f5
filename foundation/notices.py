"""Email to patients and staff: a nudge to sign in, never health details.

An email may say that something is waiting (a message, a visit time, a request to
upload an ID again); it never says what treatment, medicine or symptom it concerns.

Each is written in the language its reader chose (their account's ``language``): compose
it inside ``in_language_of(person)`` and pass ``language=`` so the worker signs it off in
the same language.
"""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

SIGN_OFF = gettext_noop(
    "If you are in crisis, call or text 988, or call 911 in an emergency. Please do not "
    "reply to this email: it is not read. To write to us, sign in and use Messages."
)


def language_of(person: Any) -> str:
    """The language ``person`` (a user) reads; English when they never chose."""
    return getattr(person, "language", "") or settings.LANGUAGE_CODE


def in_language_of(person: Any) -> translation.override:
    """Strings and addresses made inside read in ``person``'s language."""
    return translation.override(language_of(person))


def site_link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_notice(
    recipients: list[str], subject: str, body: str, *, language: str = settings.LANGUAGE_CODE
) -> int:
    """Queue one email per address (no one sees another's address); the count queued.

    The worker sends them, so a mail server that is down never fails the step that
    prompted the email, and a step rolled back sends nothing: the queued task is a row
    in the same transaction.
    """
    addresses = sorted({address for address in recipients if address})
    for address in addresses:
        deliver_notice.enqueue(address, subject, body, language)
    return len(addresses)


@task()
def deliver_notice(address: str, subject: str, body: str, language: str = "en") -> int:
    with translation.override(language):
        sign_off = gettext(SIGN_OFF)
    return send_mail(subject, f"{body}\n\n{sign_off}\n", None, [address])
