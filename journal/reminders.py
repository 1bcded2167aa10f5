"""The journal's reminders and missed check-ins, as the worker runs them every 15 minutes.

``run_journal_reminders(now)`` is a plain function of the time, so a test passes a fixed
``now``; ``journal.tasks.send_due_journal_reminders`` calls it with the clock.

- A patient in treatment is emailed when a check-in is due today or an exercise of the
  window after a session has begun (``clinical.schedule``), at most one email per patient a
  run, and only at a humane hour of their own day. Each check-in and exercise is reminded
  of once (``reminded_at``). The email says only that something is waiting in the journal,
  with a link: never an instrument, a medicine or a symptom.
- A check-in missed (``clinical.schedule.is_missed``) raises one "missed a check-in" flag
  to the patient's clinicians (``missed_flagged_at``), whatever the hour.
- A session started with no after-log ``SafetyPolicy.welfare_check_after_hours`` later (6
  hours, practice policy) raises one welfare flag (``no_after_log``): the patient may not be
  well, and someone should call them and their treatment monitor (``welfare_flagged_at``).

A row is claimed by a conditional update before anything is sent, so two workers running
at once never send the same reminder or raise the same flag twice.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from care.actions import do_raise_flag, do_raise_flags, safety_policy
from care.times import patient_zone
from clinical import schedule
from clinical.holds import FlagKind
from foundation.notices import in_language_of, language_of, send_notice, site_link
from journal.models import CheckIn, ExerciseLog, HomeSession
from patients.models import Patient, PatientStatus

REMINDER_SUBJECT = gettext_noop("You have something to do in your journal")


def reminder_body() -> str:
    """The whole reminder, in the active language: no health detail, a nudge and a link."""
    return (
        _("You have something to do in your journal. Sign in to see what it is:")
        + "\n\n"
        + site_link(reverse("journal:home"))
    )


@dataclass(frozen=True, slots=True)
class RemindersRun:
    """What one run did: emails sent and clinician flags raised."""

    emails: int
    flags: int


def run_journal_reminders(now: dt.datetime) -> RemindersRun:
    flags = flag_missed_check_ins(now) + flag_sessions_without_after_log(now)
    return RemindersRun(emails=send_reminders(now), flags=flags)


def flag_sessions_without_after_log(now: dt.datetime) -> int:
    """One welfare flag for each session started long enough ago with no after-log."""
    cutoff = now - dt.timedelta(hours=safety_policy().welfare_check_after_hours)
    silent = HomeSession.objects.filter(
        finished_at__isnull=True, welfare_flagged_at__isnull=True, started_at__lte=cutoff
    ).select_related("patient")
    raised = 0
    for session in silent:
        with transaction.atomic():
            claimed = HomeSession.objects.filter(
                pk=session.pk, welfare_flagged_at__isnull=True
            ).update(welfare_flagged_at=now)
            if claimed:
                do_raise_flags(
                    session.patient, [FlagKind.NO_AFTER_LOG], by=None, target=session, now=now
                )
                raised += 1
    return raised


def _claim(model: type[CheckIn] | type[ExerciseLog], pk: int, now: dt.datetime) -> bool:
    return bool(model.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now))


def send_reminders(now: dt.datetime) -> int:
    """Email each patient with something due now, once per item, one email at most."""
    in_treatment = Q(patient__status=PatientStatus.IN_TREATMENT)
    # A day either side of the practice's date covers every patient's own today.
    check_ins = CheckIn.objects.filter(
        in_treatment,
        completed_at__isnull=True,
        reminded_at__isnull=True,
        due_on__gte=(now - dt.timedelta(days=1)).date(),
        due_on__lte=(now + dt.timedelta(days=1)).date(),
    ).select_related("patient__user")
    exercise_logs = ExerciseLog.objects.filter(
        in_treatment,
        done_at__isnull=True,
        reminded_at__isnull=True,
        scheduled_for__lte=now,
        scheduled_for__gt=now - schedule.EXERCISE_REMINDER_FOR,
    ).select_related("patient__user")

    due: dict[int, list[CheckIn | ExerciseLog]] = defaultdict(list)
    patients: dict[int, Patient] = {}
    for check_in in check_ins:
        today = now.astimezone(patient_zone(check_in.patient)).date()
        if check_in.due_on is not None and schedule.check_in_reminder_due(
            check_in.due_on, today, completed=False
        ):
            due[check_in.patient_id].append(check_in)
            patients[check_in.patient_id] = check_in.patient
    for log in exercise_logs:
        if log.scheduled_for is not None and schedule.exercise_reminder_due(
            log.scheduled_for, now, done=False
        ):
            due[log.patient_id].append(log)
            patients[log.patient_id] = log.patient

    sent = 0
    for patient_id, items in due.items():
        patient = patients[patient_id]
        if not schedule.is_reminder_hour(now.astimezone(patient_zone(patient))):
            continue
        # The claim and the queued email are one transaction: a worker killed between
        # them leaves neither, so the next run sends the reminder; the queued email is a
        # task of its own, run again if a worker dies while sending it.
        with transaction.atomic():
            claimed = [item for item in items if _claim(type(item), item.pk, now)]
            if claimed and patient.user.email:
                with in_language_of(patient.user):
                    sent += send_notice(
                        [patient.user.email],
                        _(REMINDER_SUBJECT),
                        reminder_body(),
                        language=language_of(patient.user),
                    )
    return sent


def flag_missed_check_ins(now: dt.datetime) -> int:
    """One "missed a check-in" flag per missed check-in, raised once."""
    candidates = CheckIn.objects.filter(
        patient__status=PatientStatus.IN_TREATMENT,
        completed_at__isnull=True,
        missed_flagged_at__isnull=True,
        due_on__lt=schedule.missed_if_due_before((now + dt.timedelta(days=1)).date()),
    ).select_related("patient")
    raised = 0
    for check_in in candidates:
        today = now.astimezone(patient_zone(check_in.patient)).date()
        if check_in.due_on is None or not schedule.is_missed(
            check_in.due_on, today, completed=False
        ):
            continue
        claimed = CheckIn.objects.filter(pk=check_in.pk, missed_flagged_at__isnull=True).update(
            missed_flagged_at=now
        )
        if claimed:
            do_raise_flag(
                check_in.patient, by=None, target=check_in, reason=FlagKind.MISSED_CHECK_IN
            )
            raised += 1
    return raised
