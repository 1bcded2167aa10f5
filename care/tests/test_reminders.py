"""Confirmation and reminders by email, 24 hours and 1 hour before, with no health details."""

import datetime
from typing import Any

import pytest
from django.core import mail

from care.consults import do_book_consult, due_reminders, open_slots, schedule_reminders
from care.models import Consult
from care.tasks import send_consult_reminder, send_due_consult_reminders
from patients.tests.helpers import join, offer_time, ready_to_book

WORDS_THAT_MUST_NOT_APPEAR = ("ketamine", "crps", "pain", "depression", "dose", "prescri")


@pytest.fixture
def consult(db: Any, clinician_fl: Any) -> Consult:
    patient = ready_to_book(join())
    offer_time(clinician_fl)
    mail.outbox.clear()
    return do_book_consult(patient, open_slots(patient)[0].value, by=patient.user)


def assert_no_health_details(body: str) -> None:
    for word in WORDS_THAT_MUST_NOT_APPEAR:
        assert word not in body.lower(), word


def test_booking_sends_a_confirmation(consult: Consult) -> None:
    (email,) = mail.outbox
    assert email.subject == "Your video visit is booked"
    assert email.to == [consult.patient.user.email]
    assert_no_health_details(str(email.body))


def test_reminders_go_24_hours_and_1_hour_before(consult: Consult) -> None:
    mail.outbox.clear()
    two_days_before = consult.starts_at - datetime.timedelta(hours=48)
    assert due_reminders(two_days_before) == []

    day_before = consult.starts_at - datetime.timedelta(hours=23, minutes=50)
    assert [kind for _, kind in due_reminders(day_before)] == ["day"]
    send_consult_reminder.call(str(consult.public_id), "day", consult.starts_at.isoformat())
    (email,) = mail.outbox
    assert email.subject == "Your video visit is tomorrow"
    assert_no_health_details(str(email.body))
    assert due_reminders(day_before) == []

    hour_before = consult.starts_at - datetime.timedelta(minutes=55)
    assert [kind for _, kind in due_reminders(hour_before)] == ["hour"]
    send_consult_reminder.call(str(consult.public_id), "hour", consult.starts_at.isoformat())
    assert mail.outbox[-1].subject == "Your video visit starts soon"
    send_consult_reminder.call(str(consult.public_id), "hour", consult.starts_at.isoformat())
    assert len(mail.outbox) == 2, "a reminder is sent once"


def test_a_reminder_for_a_moved_or_cancelled_visit_sends_nothing(consult: Consult) -> None:
    mail.outbox.clear()
    stale_time = (consult.starts_at - datetime.timedelta(hours=1)).isoformat()
    assert send_consult_reminder.call(str(consult.public_id), "day", stale_time) == 0
    Consult.objects.filter(pk=consult.pk).update(status="cancelled")
    assert (
        send_consult_reminder.call(str(consult.public_id), "day", consult.starts_at.isoformat())
        == 0
    )
    assert mail.outbox == []


def test_the_safety_net_sends_whatever_is_due(consult: Consult) -> None:
    mail.outbox.clear()
    Consult.objects.filter(pk=consult.pk).update(
        starts_at=consult.starts_at.replace(year=2000), ends_at=consult.ends_at.replace(year=2000)
    )
    assert send_due_consult_reminders.call() == 0, "past visits get no reminder"


def test_reminders_are_queued_for_their_time_with_a_worker(consult: Consult, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    assert schedule_reminders(str(consult.public_id), consult.starts_at) == 2
    queued = DBTaskResult.objects.filter(task_path="care.tasks.send_consult_reminder")
    due = sorted(row.run_after for row in queued)
    assert due == [
        consult.starts_at - datetime.timedelta(hours=24),
        consult.starts_at - datetime.timedelta(hours=1),
    ]
