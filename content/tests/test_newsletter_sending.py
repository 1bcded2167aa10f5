"""Newsletter issues: queued by an administrator, delivered by the worker exactly once per
recipient (even across a restart), failures retried and recorded."""

import datetime
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from content import actions
from content.actions import deliver_newsletter_issue, do_deliver_newsletter
from content.models import Audience, NewsletterDelivery, NewsletterIssue, Subscriber
from content.tasks import resume_stalled_newsletter_issues
from tests.personas import client_for

Status = NewsletterDelivery.Status


def confirmed(email: str, *, audience: str = Audience.NEWSLETTER, state: str = "") -> Subscriber:
    actions.do_subscribe(email, audience=audience, state=state)
    subscriber = Subscriber.objects.get(email=email, audience=audience, state=state)
    return actions.do_confirm_subscription(actions.confirmation_code(subscriber))


def an_issue(admin: Any, **fields: Any) -> NewsletterIssue:
    return NewsletterIssue.objects.create(
        subject="New research on CRPS",
        body="A **new** review came out.",
        created_by=admin,
        **fields,
    )


@pytest.fixture
def dummy_tasks(settings: Any) -> None:
    """A worker that is not running: tasks are queued and nothing else."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


class WorkerKilled(BaseException):
    """What a worker's process sees when it is stopped mid-run."""


class StopAfter(EmailBackend):
    """Delivers `count` messages, then the worker dies before sending the next."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.left = count

    def send_messages(self, messages: Any) -> int:
        if self.left == 0:
            raise WorkerKilled
        self.left -= 1
        return super().send_messages(messages)


class RefusesFor(EmailBackend):
    """A mail server that refuses one recipient."""

    def __init__(self, email: str) -> None:
        super().__init__()
        self.email = email

    def send_messages(self, messages: Any) -> int:
        if messages[0].to == [self.email]:
            raise smtplib.SMTPRecipientsRefused({self.email: (450, b"Mailbox busy")})
        return super().send_messages(messages)


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_an_issue_goes_once_to_each_confirmed_subscriber_and_no_one_else(
    admin_user: Any,
) -> None:
    confirmed("one@example.com")
    confirmed("two@example.com")
    actions.do_subscribe("pending@example.com")
    gone = confirmed("gone@example.com")
    actions.do_unsubscribe(gone)
    confirmed("waiting@example.com", audience=Audience.WAITLIST, state="TX")
    mail.outbox.clear()

    count = actions.do_send_newsletter_issue(an_issue(admin_user), by=admin_user)

    assert count == 2
    assert recipients() == ["one@example.com", "two@example.com"]
    issue = NewsletterIssue.objects.get()
    assert issue.status == NewsletterIssue.Status.SENT and issue.sent_at
    assert set(issue.deliveries.values_list("status", flat=True)) == {Status.SENT}
    message = mail.outbox[0]
    assert message.subject == "New research on CRPS"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/newsletter/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert isinstance(message, EmailMultiAlternatives)
    assert "<strong>new</strong>" in str(message.alternatives[0][0])
    assert "100 Example Way" in message.body


def test_a_worker_restarted_midway_sends_each_recipient_exactly_once(
    admin_user: Any, dummy_tasks: None
) -> None:
    for n in range(4):
        confirmed(f"r{n}@example.com")
    mail.outbox.clear()
    issue = an_issue(admin_user)
    actions.do_send_newsletter_issue(issue, by=admin_user)
    assert NewsletterDelivery.objects.filter(status=Status.PENDING).count() == 4
    assert not mail.outbox  # queued, the worker has not run

    with pytest.raises(WorkerKilled):
        deliver_newsletter_issue(issue.pk, mailer=StopAfter(2))
    assert recipients() == ["r0@example.com", "r1@example.com"]
    # The third row was claimed when the worker died; a new worker leaves it alone
    # while its lease runs, and sends the rest.
    run = deliver_newsletter_issue(issue.pk)
    assert run.outcomes == {"sent": 1} and not run.finished
    assert recipients() == ["r0@example.com", "r1@example.com", "r3@example.com"]
    # Once the lease has run out the interrupted row is taken over, and the issue is done.
    NewsletterDelivery.objects.filter(status=Status.SENDING).update(
        last_attempt_at=timezone.now() - actions.delivery_lease() - datetime.timedelta(seconds=1)
    )
    assert deliver_newsletter_issue(issue.pk).finished
    assert recipients() == [f"r{n}@example.com" for n in range(4)]
    # Running the worker yet again sends nothing more.
    assert deliver_newsletter_issue(issue.pk).outcomes == {}
    assert len(mail.outbox) == 4
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


def test_an_issue_whose_worker_stopped_goes_on_by_itself(
    admin_user: Any, dummy_tasks: None, settings: Any
) -> None:
    for n in range(3):
        confirmed(f"r{n}@example.com")
    mail.outbox.clear()
    issue = an_issue(admin_user)
    actions.do_send_newsletter_issue(issue, by=admin_user)
    with pytest.raises(WorkerKilled):
        deliver_newsletter_issue(issue.pk, mailer=StopAfter(1))
    NewsletterDelivery.objects.filter(status=Status.SENDING).update(
        last_attempt_at=timezone.now() - actions.delivery_lease() - datetime.timedelta(seconds=1)
    )
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    assert resume_stalled_newsletter_issues.enqueue().return_value == 1
    assert recipients() == [f"r{n}@example.com" for n in range(3)]
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert resume_stalled_newsletter_issues.enqueue().return_value == 0


def test_a_delivery_already_claimed_or_sent_is_never_claimed_again(
    admin_user: Any, dummy_tasks: None
) -> None:
    confirmed("solo@example.com")
    mail.outbox.clear()
    issue = an_issue(admin_user)
    actions.do_send_newsletter_issue(issue, by=admin_user)
    delivery = NewsletterDelivery.objects.get()
    NewsletterDelivery.objects.filter(pk=delivery.pk).update(
        status=Status.SENDING, attempts=1, last_attempt_at=timezone.now()
    )
    assert do_deliver_newsletter(delivery.pk) == "not_ready"  # another worker holds it
    NewsletterDelivery.objects.filter(pk=delivery.pk).update(status=Status.SENT)
    assert do_deliver_newsletter(delivery.pk) == "not_ready"
    assert not mail.outbox


def test_the_database_allows_one_delivery_row_per_issue_and_subscriber(
    admin_user: Any, dummy_tasks: None
) -> None:
    from django.db import IntegrityError, transaction

    subscriber = confirmed("solo@example.com")
    issue = an_issue(admin_user)
    actions.do_send_newsletter_issue(issue, by=admin_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        NewsletterDelivery.objects.create(issue=issue, subscriber=subscriber)


def test_a_failed_delivery_is_recorded_retried_later_and_then_sent(
    admin_user: Any, dummy_tasks: None
) -> None:
    confirmed("busy@example.com")
    confirmed("fine@example.com")
    mail.outbox.clear()
    issue = an_issue(admin_user)
    actions.do_send_newsletter_issue(issue, by=admin_user)

    run = deliver_newsletter_issue(issue.pk, mailer=RefusesFor("busy@example.com"))
    assert run.outcomes == {"failed": 1, "sent": 1}
    assert not run.finished and run.retry_at is not None
    failed = NewsletterDelivery.objects.get(subscriber__email="busy@example.com")
    assert failed.status == Status.FAILED and failed.attempts == 1
    assert "SMTPRecipientsRefused" in failed.last_error
    event = AuditEvent.objects.get(action="newsletter.delivery_failed")
    assert event.detail == {
        "issue": issue.pk,
        "attempt": 1,
        "error": "SMTPRecipientsRefused",
        "gave_up": False,
    }
    # Not before its wait is over...
    assert deliver_newsletter_issue(issue.pk).outcomes == {}
    # ...and then it goes, once.
    NewsletterDelivery.objects.filter(pk=failed.pk).update(next_attempt_at=timezone.now())
    assert deliver_newsletter_issue(issue.pk).outcomes == {"sent": 1}
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.last_error) == (Status.SENT, 2, "")
    assert recipients() == ["busy@example.com", "fine@example.com"]


def test_a_delivery_that_keeps_failing_is_given_up_and_the_issue_finishes(
    admin_user: Any, dummy_tasks: None
) -> None:
    confirmed("dead@example.com")
    issue = an_issue(admin_user)
    actions.do_send_newsletter_issue(issue, by=admin_user)
    refusing = RefusesFor("dead@example.com")
    for _ in range(actions.MAX_DELIVERY_ATTEMPTS):
        NewsletterDelivery.objects.update(next_attempt_at=timezone.now())
        run = deliver_newsletter_issue(issue.pk, mailer=refusing)
    assert run.outcomes == {"gave_up": 1} and run.finished
    delivery = NewsletterDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Status.GAVE_UP, actions.MAX_DELIVERY_ATTEMPTS)
    assert AuditEvent.objects.filter(action="newsletter.delivery_failed").count() == 5
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT


class RefusesBusy(EmailBackend):
    """The default mailer of a test: its server refuses busy@example.com."""

    def send_messages(self, messages: Any) -> int:
        if messages[0].to == ["busy@example.com"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_with_the_database_worker_a_failure_queues_a_later_pass(
    admin_user: Any, settings: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    from content.tasks import send_newsletter_issue

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusesBusy"}}
    confirmed("busy@example.com")
    issue = an_issue(admin_user)
    actions.do_send_newsletter_issue(issue, by=admin_user)
    queued = DBTaskResult.objects.get(task_path="content.tasks.send_newsletter_issue")
    assert queued.args_kwargs["args"] == [issue.pk]

    result = send_newsletter_issue.call(issue.pk)  # what the worker runs

    assert result == {"outcomes": {"failed": 1}, "finished": False}
    retry = DBTaskResult.objects.filter(task_path=queued.task_path).exclude(pk=queued.pk).get()
    delivery = NewsletterDelivery.objects.get()
    assert retry.run_after == delivery.next_attempt_at
    assert retry.run_after > timezone.now()


def test_someone_unsubscribed_after_the_issue_was_queued_is_skipped(
    admin_user: Any, dummy_tasks: None
) -> None:
    leaving = confirmed("leaving@example.com")
    mail.outbox.clear()
    issue = an_issue(admin_user)
    actions.do_send_newsletter_issue(issue, by=admin_user)
    actions.do_unsubscribe(leaving)
    assert deliver_newsletter_issue(issue.pk).outcomes == {"skipped": 1}
    assert not mail.outbox


def test_a_waitlist_issue_goes_only_to_that_states_waitlist(admin_user: Any) -> None:
    confirmed("texan@example.com", audience=Audience.WAITLIST, state="TX")
    confirmed("new.yorker@example.com", audience=Audience.WAITLIST, state="NY")
    confirmed("reader@example.com")
    mail.outbox.clear()
    issue = an_issue(admin_user, audience=Audience.WAITLIST, waitlist_state="TX")
    assert actions.do_send_newsletter_issue(issue, by=admin_user) == 1
    assert recipients() == ["texan@example.com"]
    assert "the Texas waitlist" in mail.outbox[0].body


def test_an_issue_is_sent_only_once_and_only_by_an_administrator(
    admin_user: Any, editor: Any
) -> None:
    issue = an_issue(admin_user)
    with pytest.raises(PermissionDenied):
        actions.do_send_newsletter_issue(issue, by=editor)
    actions.do_send_newsletter_issue(issue, by=admin_user)
    with pytest.raises(actions.WorkflowError, match="already been sent"):
        actions.do_send_newsletter_issue(issue, by=admin_user)


def test_the_admin_writes_an_issue_and_sends_it_with_an_action(admin_user: Any) -> None:
    confirmed("reader@example.com")
    mail.outbox.clear()
    client = client_for(admin_user)
    client.post(
        "/admin/content/newsletterissue/add/",
        {
            "subject": "Hello",
            "body": "Plain words.",
            "audience": "newsletter",
            "waitlist_state": "",
        },
    )
    issue = NewsletterIssue.objects.get()
    response = client.post(
        "/admin/content/newsletterissue/",
        {"action": "send_issue", "_selected_action": [issue.pk]},
        follow=True,
    )
    assert "queued for 1 recipients" in response.content.decode()
    assert recipients() == ["reader@example.com"]
    # A sent issue can no longer be edited.
    client.post(
        f"/admin/content/newsletterissue/{issue.pk}/change/",
        {"subject": "Changed", "body": "x", "audience": "newsletter"},
    )
    issue.refresh_from_db()
    assert issue.subject == "Hello"


def test_a_waitlist_issue_needs_a_state_we_do_not_serve(admin_user: Any) -> None:
    client = client_for(admin_user)
    response = client.post(
        "/admin/content/newsletterissue/add/",
        {"subject": "Hello", "body": "x", "audience": "waitlist", "waitlist_state": "FL"},
    )
    assert "Give the two letters of a state we do not serve yet." in response.content.decode()
    assert not NewsletterIssue.objects.exists()


@pytest.mark.parametrize("persona", ["editor", "clinician_fl", "pharmacist", "coordinator"])
def test_staff_who_are_not_administrators_cannot_open_the_newsletter_admin(
    persona: str, request: Any
) -> None:
    client = client_for(request.getfixturevalue(persona))
    response = client.get("/admin/content/newsletterissue/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_visitor_cannot_open_the_newsletter_admin(db: Any, visitor: Client) -> None:
    assert visitor.get("/admin/content/subscriber/").status_code == 302
