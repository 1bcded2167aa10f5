"""Background work for visits and credentials: confirmations, reminders and expiry
warnings, with no health details."""

import datetime

from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from background.periodic import queue_next_run
from care.consults import REMINDERS, due_reminders, reminder_text
from care.escalation import escalate_overdue
from care.models import Consult
from care.times import describe, patient_zone
from foundation.notices import in_language_of, language_of, send_notice, site_link

_CHANGE_SUBJECTS = {
    "booked": gettext_noop("Your video visit is booked"),
    "moved": gettext_noop("Your video visit has moved"),
    "cancelled": gettext_noop("Your video visit is cancelled"),
}


def _dashboard() -> str:
    return site_link(reverse("workspace:home"))


@task()
def send_consult_change_notice(public_id: str, change: str) -> int:
    consult = Consult.objects.select_related("patient__user").filter(public_id=public_id).first()
    if consult is None or change not in _CHANGE_SUBJECTS:
        return 0
    reader = consult.patient.user
    with in_language_of(reader):
        when = describe(consult.starts_at, patient_zone(consult.patient))
        if change == "cancelled":
            body = _("Your video visit on %(when)s is cancelled. You can book another time here:")
        elif change == "moved":
            body = _(
                "Your video visit is now on %(when)s. We will remind you the day before and an "
                "hour before. Details are on your dashboard:"
            )
        else:
            body = _(
                "Your video visit is on %(when)s. We will remind you the day before and an "
                "hour before. Details are on your dashboard:"
            )
        return send_notice(
            [reader.email],
            _(_CHANGE_SUBJECTS[change]),
            body % {"when": when} + " " + _dashboard(),
            language=language_of(reader),
        )


def _send_reminder(consult: Consult, kind: str, now: datetime.datetime) -> int:
    reader = consult.patient.user
    with in_language_of(reader):
        subject, body = reminder_text(consult, kind)
        sent = send_notice(
            [reader.email], subject, body + _dashboard(), language=language_of(reader)
        )
    Consult.objects.filter(pk=consult.pk).update(**{f"reminder_{kind}_sent_at": now})
    return sent


@task()
def send_consult_reminder(public_id: str, kind: str, starts_at: str) -> int:
    """One reminder, queued for its time when the visit was booked. A visit since moved
    or cancelled, or a reminder already sent, sends nothing."""
    consult = Consult.objects.select_related("patient__user").filter(public_id=public_id).first()
    if consult is None or not consult.is_booked or kind not in dict(REMINDERS):
        return 0
    if consult.starts_at.isoformat() != starts_at:
        return 0
    if getattr(consult, f"reminder_{kind}_sent_at") is not None:
        return 0
    return _send_reminder(consult, kind, timezone.now())


@task()
def send_due_consult_reminders() -> int:
    """Send every reminder that is due and not yet sent (a safety net for the queue)."""
    now = timezone.now()
    sent = sum(_send_reminder(consult, kind, now) for consult, kind in due_reminders(now))
    queue_next_run("care.tasks.send_due_consult_reminders")
    return sent


@task()
def escalate_overdue_urgent_matters() -> int:
    """Escalate urgent flags and serious adverse events nobody has seen to; queue the next."""
    run = escalate_overdue(timezone.now())
    queue_next_run("care.tasks.escalate_overdue_urgent_matters")
    return run.flags + run.adverse_events
