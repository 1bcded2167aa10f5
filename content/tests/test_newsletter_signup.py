"""Newsletter and waitlist sign-up: double opt-in, the same answer for everyone, one-click out."""

import re
import time
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client

from audit.models import AuditEvent
from content import actions
from content.models import Audience, Subscriber

SIGNUP = "/newsletter/"
WAITLIST = "/newsletter/waitlist/"


def confirm_link(message: Any) -> str:
    match = re.search(r"http://127\.0\.0\.1:8000(/newsletter/confirm/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def unsubscribe_link(message: Any) -> str:
    match = re.search(r"<http://127\.0\.0\.1:8000(/newsletter/unsubscribe/[0-9a-f-]+/)>",
                      message.extra_headers["List-Unsubscribe"])  # fmt: skip
    assert match
    return match.group(1)


def test_signing_up_sends_one_confirmation_email_and_nothing_else(db: Any, visitor: Client) -> None:
    response = visitor.post(SIGNUP, {"email": "Reader@Example.com "})
    assert response.status_code == 302 and response["Location"] == "/newsletter/check-your-inbox/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reader@example.com"]
    assert "confirm" in message.subject.lower()
    subscriber = Subscriber.objects.get()
    assert (subscriber.status, subscriber.audience, subscriber.state) == (
        "pending",
        "newsletter",
        "",
    )


def test_every_email_carries_one_click_unsubscribe_and_the_postal_address(
    db: Any, visitor: Client, settings: Any
) -> None:
    visitor.post(SIGNUP, {"email": "reader@example.com"})
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = unsubscribe_link(message)
    assert isinstance(message, EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    for text in (message.body, html):
        assert settings.PRACTICE_POSTAL_ADDRESS in text
        assert f"http://127.0.0.1:8000{link}" in text


def unmasked(page: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)


def test_the_answer_is_the_same_whether_or_not_the_address_is_already_subscribed(
    db: Any, visitor: Client
) -> None:
    visitor.post(SIGNUP, {"email": "known@example.com"})
    visitor.post(confirm_link(mail.outbox[0]))
    mail.outbox.clear()

    known = visitor.post(SIGNUP, {"email": "known@example.com"}, follow=True)
    unknown = visitor.post(SIGNUP, {"email": "stranger@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    # Each page carries its own masked CSRF token (the language switch's form): random,
    # telling nothing about the address.
    assert unmasked(known.content).replace(b"known", b"") == unmasked(unknown.content).replace(
        b"stranger", b""
    )
    # A confirmed address is not emailed again; the new one gets its confirmation.
    assert [m.to for m in mail.outbox] == [["stranger@example.com"]]


def test_a_pending_address_is_not_sent_a_second_confirmation_within_minutes(
    db: Any, visitor: Client
) -> None:
    visitor.post(SIGNUP, {"email": "eager@example.com"})
    visitor.post(SIGNUP, {"email": "eager@example.com"})
    assert len(mail.outbox) == 1


def test_opening_the_link_asks_and_pressing_the_button_confirms(db: Any, visitor: Client) -> None:
    visitor.post(SIGNUP, {"email": "reader@example.com"})
    link = confirm_link(mail.outbox[0])
    page = visitor.get(link)
    assert page.status_code == 200 and "Yes, confirm my sign-up" in page.content.decode()
    assert Subscriber.objects.get().status == "pending"  # a mail scanner's GET confirms nothing

    done = visitor.post(link)
    assert "You're signed up" in done.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at
    assert visitor.post(link).status_code == 200  # twice is harmless
    assert AuditEvent.objects.filter(action="newsletter.subscription_confirmed").count() == 1


def test_a_confirmation_link_expires_after_three_days(db: Any, visitor: Client) -> None:
    visitor.post(SIGNUP, {"email": "late@example.com"})
    link = confirm_link(mail.outbox[0])
    later = time.time() + 3 * 24 * 3600 + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = visitor.post(link)
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert Subscriber.objects.get().status == "pending"


@pytest.mark.parametrize("code", ["nonsense", "a" * 300, "x:y:z", "%3Cscript%3E", "MTIz:1vQ:abc"])
def test_a_forged_or_mangled_confirmation_link_is_refused_plainly(
    db: Any, visitor: Client, code: str
) -> None:
    for method in (visitor.get, visitor.post):
        response = method(f"/newsletter/confirm/{code}/")
        assert response.status_code in (400, 404)
    assert "does not work" in visitor.get(f"/newsletter/confirm/{code}/").content.decode()


def test_only_the_newest_confirmation_link_works(db: Any, visitor: Client) -> None:
    visitor.post(SIGNUP, {"email": "twice@example.com"})
    first = confirm_link(mail.outbox[0])
    Subscriber.objects.update(confirmation_sent_at=None)
    visitor.post(SIGNUP, {"email": "twice@example.com"})
    second = confirm_link(mail.outbox[1])
    assert visitor.post(first).status_code == 400
    assert visitor.post(second).status_code == 200


def test_one_click_unsubscribe_works_as_rfc_8058_asks_without_a_csrf_token(db: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    actions.do_subscribe("leaving@example.com")
    link = unsubscribe_link(mail.outbox[-1])
    response = client.post(
        link,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"


def test_opening_the_unsubscribe_link_shows_one_button_and_changes_nothing(
    db: Any, visitor: Client
) -> None:
    actions.do_subscribe("reader@example.com")
    link = unsubscribe_link(mail.outbox[0])
    page = visitor.get(link).content.decode()
    assert '<button type="submit">Unsubscribe</button>' in page
    assert Subscriber.objects.get().status == "pending"
    visitor.post(link)
    assert "You're unsubscribed" in visitor.post(link).content.decode()
    assert AuditEvent.objects.filter(action="newsletter.unsubscribed").count() == 1


def test_an_unknown_unsubscribe_token_is_not_found(db: Any, visitor: Client) -> None:
    url = "/newsletter/unsubscribe/00000000-0000-0000-0000-000000000000/"
    assert visitor.get(url).status_code == 404
    assert visitor.post(url).status_code == 404
    assert visitor.get("/newsletter/unsubscribe/not-a-uuid/").status_code == 404


def test_an_unsubscribed_address_can_sign_up_again(db: Any, visitor: Client) -> None:
    actions.do_subscribe("back@example.com")
    actions.do_unsubscribe(Subscriber.objects.get())
    visitor.post(SIGNUP, {"email": "back@example.com"})
    assert len(mail.outbox) == 2
    assert Subscriber.objects.get().status == "pending"


def test_waitlist_sign_ups_are_kept_apart_by_state(db: Any, visitor: Client) -> None:
    visitor.post(WAITLIST, {"email": "a@example.com", "state": "NY"})
    visitor.post(WAITLIST, {"email": "a@example.com", "state": "TX"})
    visitor.post(SIGNUP, {"email": "a@example.com"})
    rows = set(Subscriber.objects.values_list("audience", "state"))
    assert rows == {("waitlist", "NY"), ("waitlist", "TX"), ("newsletter", "")}
    assert "the New York waitlist" in mail.outbox[0].body
    assert "the Texas waitlist" in mail.outbox[1].body


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"email": "a@example.com", "state": "FL"}, "Choose the state you live in from the list."),
        ({"email": "a@example.com", "state": "ZZ"}, "Choose the state you live in from the list."),
        ({"email": "a@example.com"}, "Choose the state you live in."),
        ({"email": "not-an-email", "state": "NY"}, "Enter an email address like name@example.com."),
    ],
)
def test_a_malformed_waitlist_form_gets_a_clear_message(
    db: Any, visitor: Client, form: dict[str, str], message: str
) -> None:
    response = visitor.post(WAITLIST, form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address."),
        ("not an email", "Enter an email address like name@example.com."),
        ("a@b", "Enter an email address like name@example.com."),
        ("x" * 300 + "@example.com", "That email address is too long."),
        ("<script>@example.com", "Enter an email address like name@example.com."),
    ],
)
def test_a_malformed_email_gets_a_clear_message_and_never_a_500(
    db: Any, visitor: Client, email: str, message: str
) -> None:
    response = visitor.post(SIGNUP, {"email": email})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_filled_in_honeypot_gets_the_same_answer_and_no_email(db: Any, visitor: Client) -> None:
    response = visitor.post(SIGNUP, {"email": "bot@example.com", "website": "http://spam"})
    assert response["Location"] == "/newsletter/check-your-inbox/"
    assert not mail.outbox and not Subscriber.objects.exists()


def test_sign_up_is_rate_limited_per_address(db: Any) -> None:
    one = Client(REMOTE_ADDR="203.0.113.7")
    other = Client(REMOTE_ADDR="203.0.113.8")
    for n in range(5):
        assert one.post(SIGNUP, {"email": f"n{n}@example.com"}).status_code == 302
    assert one.post(SIGNUP, {"email": "n6@example.com"}).status_code == 429
    assert one.post(WAITLIST, {"email": "n7@example.com", "state": "NY"}).status_code == 429
    assert other.post(SIGNUP, {"email": "n8@example.com"}).status_code == 302
    assert len(mail.outbox) == 6


def test_no_email_address_or_health_detail_travels_in_a_link(db: Any, visitor: Client) -> None:
    visitor.post(WAITLIST, {"email": "private.person@example.com", "state": "NY"})
    message = mail.outbox[0]
    for link in re.findall(r"https?://\S+", str(message.body)):
        assert "private" not in link and "example.com" not in link.split("/", 3)[-1]


def test_a_waitlist_needs_a_state_in_the_verb_too(db: Any) -> None:
    with pytest.raises(actions.WorkflowError):
        actions.do_subscribe("a@example.com", audience=Audience.WAITLIST, state="")
    with pytest.raises(actions.WorkflowError):
        actions.do_subscribe("not-an-email")


def test_the_unsubscribe_header_goes_over_smtp_as_a_plain_url_however_long(
    db: Any, settings: Any
) -> None:
    import email.policy

    settings.SITE_URL = "https://a-rather-long-practice-domain-name.example"
    actions.do_subscribe("reader@example.com")
    wire = mail.outbox[0].message(policy=email.policy.SMTP).as_bytes()
    header = next(line for line in wire.split(b"\r\n") if line.startswith(b"List-Unsubscribe:"))
    assert re.fullmatch(
        rb"List-Unsubscribe: <https://a-rather-long-practice-domain-name\.example"
        rb"/newsletter/unsubscribe/[0-9a-f-]{36}/>",
        header,
    )
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in wire
    assert b"=?utf-8?" not in wire.split(b"\r\n\r\n")[0]
