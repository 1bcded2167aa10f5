"""The emails the content app sends. Each carries a one-click unsubscribe (RFC 8058
headers and a footer link) and the practice's postal address, and never any
health information.

The confirmation is written in the language of the page the visitor signed up on
(`Subscriber.language`). A newsletter issue is one text an editor writes, in English, so
it goes out in English to everyone, its frame included.
"""

import email.policy
from email.message import EmailMessage as MimeMessage
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from content.models import NewsletterIssue, Subscriber
from content.rendering import render_markdown


class PracticeEmail(EmailMultiAlternatives):
    """Headers are folded at RFC 5322's hard limit (998) rather than 78 characters, so a
    long List-Unsubscribe address is sent as it is: folding it would make Python wrap it
    in encoded words, which mail clients do not read as a URL."""

    def message(self, *, policy: Any = email.policy.default) -> MimeMessage:
        return super().message(policy=(policy or email.policy.default).clone(max_line_length=998))


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_url(subscriber: Subscriber) -> str:
    return absolute_url(reverse("content:unsubscribe", args=[subscriber.token]))


def _practice_email(
    subscriber: Subscriber,
    *,
    subject: str,
    template: str,
    context: dict[str, object],
    message_id: str | None = None,
) -> PracticeEmail:
    link = unsubscribe_url(subscriber)
    context = {
        **context,
        "subscriber": subscriber,
        "unsubscribe_url": link,
        "practice_name": settings.PRACTICE_NAME,
        "postal_address": settings.PRACTICE_POSTAL_ADDRESS,
        "site_url": settings.SITE_URL,
    }
    headers = {
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    if message_id:
        headers["Message-ID"] = message_id
    message = PracticeEmail(
        subject=subject,
        body=render_to_string(f"content/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string(f"content/email/{template}.html", context), "text/html"
    )
    return message


def confirmation_email(subscriber: Subscriber, code: str) -> PracticeEmail:
    """In the language of the page they signed up on, its links to that language's pages."""
    with translation.override(subscriber.language):
        confirm_url = absolute_url(reverse("content:confirm_subscription", args=[code]))
        return _practice_email(
            subscriber,
            subject=_("Please confirm: %(practice)s %(list)s")
            % {"practice": settings.PRACTICE_NAME, "list": subscriber.list_name},
            template="confirm_subscription",
            context={"confirm_url": confirm_url, "list_name": subscriber.list_name},
        )


@translation.override("en")
def newsletter_issue_email(issue: NewsletterIssue, subscriber: Subscriber) -> PracticeEmail:
    """The same Message-ID for the same issue and subscriber, so a copy re-sent after a
    crash mid-send can be recognised as a duplicate by the receiving server."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return _practice_email(
        subscriber,
        subject=issue.subject,
        template="newsletter_issue",
        context={
            "issue": issue,
            "body_html": render_markdown(issue.body),
            "list_name": subscriber.list_name,
        },
        message_id=f"<issue-{issue.pk}.{subscriber.token.hex}@{domain}>",
    )
