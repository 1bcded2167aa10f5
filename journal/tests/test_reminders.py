"""Journal reminders and missed check-ins through the worker, at fixed times.

Reminders go out once per check-in or exercise, at most one email per patient a run, only
from 9:00 to 20:00 of the patient's own day, and say nothing about health. A missed
check-in raises one clinician flag.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from background.periodic import PERIODIC_TASKS
from care.models import ClinicianFlag, FlagReason
from clinical import schedule
from journal.models import CheckIn, ExerciseLog
from journal.reminders import REMINDER_SUBJECT, run_journal_reminders
from journal.tasks import send_due_journal_reminders
from journal.tests.helpers import treated
from patients.models import Patient, PatientStatus
from questionnaires.instruments import InstrumentCode

EASTERN = ZoneInfo("America/New_York")
CENTRAL = ZoneInfo("America/Chicago")
WEDNESDAY = dt.date(2026, 12, 2)


def at(hour: int, minute: int = 0, *, day: dt.date = WEDNESDAY, zone: Any = EASTERN) -> Any:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone).astimezone(dt.UTC)


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Patient:
    found = treated(clinician_fl)
    Patient.objects.filter(pk=found.pk).update(time_zone="America/New_York")
    found.refresh_from_db()
    assert found.status == PatientStatus.IN_TREATMENT
    mail.outbox.clear()
    return found


def due(patient: Patient, on: dt.date = WEDNESDAY, code: str = InstrumentCode.PHQ9) -> CheckIn:
    return CheckIn.objects.create(patient=patient, instrument=code, due_on=on)


def exercise(patient: Patient, starts: dt.datetime) -> ExerciseLog:
    return ExerciseLog.objects.create(
        patient=patient, exercise="limb_recognition", phase=1, scheduled_for=starts
    )


HEALTH_WORDS = ("phq", "gad", "peg", "mood", "pain", "ketamine", "dose", "anxiety", "exercise")


def test_a_check_in_due_today_is_reminded_of_once_with_no_health_details(
    patient: Patient,
) -> None:
    check_in = due(patient)
    assert run_journal_reminders(at(10)).emails == 1
    message = mail.outbox[0]
    assert message.to == [patient.user.email]
    assert message.subject == REMINDER_SUBJECT
    assert "/journal/" in message.body
    text = (message.subject + message.body).lower()
    assert not [word for word in HEALTH_WORDS if word in text]
    assert str(patient.public_id) not in message.body
    check_in.refresh_from_db()
    assert check_in.reminded_at == at(10)
    assert run_journal_reminders(at(10, 15)).emails == 0
    assert run_journal_reminders(at(16)).emails == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("hour", "minute", "sent"),
    [(8, 59, 0), (9, 0, 1), (13, 30, 1), (20, 0, 1), (20, 1, 0), (23, 0, 0), (3, 0, 0)],
)
def test_reminders_wait_for_a_humane_hour_of_the_patients_day(
    patient: Patient, hour: int, minute: int, sent: int
) -> None:
    check_in = due(patient)
    assert run_journal_reminders(at(hour, minute)).emails == sent
    check_in.refresh_from_db()
    assert (check_in.reminded_at is not None) is bool(sent)


def test_the_hour_is_the_patients_own_in_the_panhandle(patient: Patient) -> None:
    Patient.objects.filter(pk=patient.pk).update(time_zone="America/Chicago")
    due(patient)
    # 9:30 in Miami is 8:30 in Pensacola: too early there.
    assert run_journal_reminders(at(9, 30)).emails == 0
    assert run_journal_reminders(at(9, 0, zone=CENTRAL)).emails == 1


def test_a_check_in_due_tomorrow_or_completed_is_not_reminded_of(patient: Patient) -> None:
    due(patient, WEDNESDAY + dt.timedelta(days=1))
    done = due(patient, code=InstrumentCode.GAD7)
    CheckIn.objects.filter(pk=done.pk).update(completed_at=at(8))
    assert run_journal_reminders(at(10)).emails == 0


def test_late_in_the_evening_the_date_is_the_patients_own(patient: Patient) -> None:
    # 19:30 in Florida on Wednesday is already Thursday in UTC.
    due(patient)
    assert at(19, 30).date() == WEDNESDAY + dt.timedelta(days=1)
    assert run_journal_reminders(at(19, 30)).emails == 1


def test_an_exercise_is_reminded_of_once_its_slot_has_begun(patient: Patient) -> None:
    log = exercise(patient, at(14))
    assert run_journal_reminders(at(13, 45)).emails == 0
    assert run_journal_reminders(at(14)).emails == 1
    assert run_journal_reminders(at(14, 15)).emails == 0
    log.refresh_from_db()
    assert log.reminded_at == at(14)


def test_an_exercise_in_the_evening_is_reminded_of_the_next_morning(patient: Patient) -> None:
    exercise(patient, at(20, 30))
    assert run_journal_reminders(at(20, 30)).emails == 0
    thursday = WEDNESDAY + dt.timedelta(days=1)
    assert run_journal_reminders(at(9, day=thursday)).emails == 1


def test_an_exercise_done_or_long_past_is_not_reminded_of(patient: Patient) -> None:
    done = exercise(patient, at(11))
    ExerciseLog.objects.filter(pk=done.pk).update(done_at=at(11, 30))
    exercise(patient, at(12) - schedule.EXERCISE_REMINDER_FOR - dt.timedelta(minutes=1))
    assert run_journal_reminders(at(12)).emails == 0


def test_one_email_a_patient_a_run_covers_everything_due(patient: Patient) -> None:
    check_in = due(patient)
    first, second = exercise(patient, at(10)), exercise(patient, at(11))
    assert run_journal_reminders(at(11, 15)).emails == 1
    assert len(mail.outbox) == 1
    for row in (check_in, first, second):
        row.refresh_from_db()
        assert row.reminded_at == at(11, 15)


def test_two_patients_each_get_their_own_email(patient: Patient, clinician_nj: Any) -> None:
    other = treated(clinician_nj, "sam@example.com", "NJ")
    Patient.objects.filter(pk=other.pk).update(time_zone="America/New_York")
    mail.outbox.clear()
    due(patient)
    due(other)
    assert run_journal_reminders(at(10)).emails == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([patient.user.email, other.user.email])


def test_a_patient_not_in_treatment_is_not_reminded_or_flagged(patient: Patient) -> None:
    Patient.objects.filter(pk=patient.pk).update(status=PatientStatus.PAUSED)
    due(patient)
    due(patient, WEDNESDAY - dt.timedelta(days=5), code=InstrumentCode.GAD7)
    assert run_journal_reminders(at(10)) == run_journal_reminders(at(11))
    assert run_journal_reminders(at(12)).emails == 0
    assert not ClinicianFlag.objects.exists()


def test_a_missed_check_in_flags_the_clinician_once(
    patient: Patient, clinician_fl: Any, clinician_nj: Any
) -> None:
    missed = due(patient, WEDNESDAY - dt.timedelta(days=2))
    due(patient, WEDNESDAY - dt.timedelta(days=1), code=InstrumentCode.GAD7)  # still in grace
    run = run_journal_reminders(at(7))
    assert run.flags == 1 and run.emails == 0
    flag = ClinicianFlag.objects.get()
    assert (flag.patient, flag.reason) == (patient, FlagReason.MISSED_CHECK_IN)
    assert [m.to for m in mail.outbox] == [[clinician_fl.email]]
    missed.refresh_from_db()
    assert missed.missed_flagged_at == at(7)
    assert run_journal_reminders(at(7, 15)).flags == 0
    assert ClinicianFlag.objects.count() == 1


def test_each_missed_check_in_raises_its_own_flag(patient: Patient) -> None:
    due(patient, WEDNESDAY - dt.timedelta(days=9))
    due(patient, WEDNESDAY - dt.timedelta(days=2), code=InstrumentCode.PEG)
    assert run_journal_reminders(at(10)).flags == 2
    assert ClinicianFlag.objects.filter(reason=FlagReason.MISSED_CHECK_IN).count() == 2


def test_a_completed_check_in_is_never_flagged(patient: Patient) -> None:
    done = due(patient, WEDNESDAY - dt.timedelta(days=3))
    CheckIn.objects.filter(pk=done.pk).update(completed_at=at(9, day=WEDNESDAY - dt.timedelta(3)))
    assert run_journal_reminders(at(10)).flags == 0


def test_the_task_runs_every_15_minutes_through_the_worker(patient: Patient) -> None:
    assert PERIODIC_TASKS["journal.tasks.send_due_journal_reminders"] == dt.timedelta(minutes=15)
    due(patient, WEDNESDAY - dt.timedelta(days=30))
    result = send_due_journal_reminders.enqueue()
    assert result.return_value == 0
    assert ClinicianFlag.objects.filter(reason=FlagReason.MISSED_CHECK_IN).count() == 1
