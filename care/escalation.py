"""Urgent matters nobody has seen to in time go wider.

An urgent flag (``clinical.holds.URGENT_FLAGS``: thoughts of self-harm or death, a
severe reaction, a very high blood pressure, no word after a session) not acknowledged, or
a serious adverse event not reviewed, ``SafetyPolicy.escalate_after_hours`` after it was
raised (2 hours, practice policy) is escalated once: every clinician licensed in the
patient's state today and the medical director are emailed, with no health details, and
the escalation is audited. The worker runs ``escalate_overdue`` every 15 minutes; each
row is claimed by a conditional update first, so two workers never escalate it twice.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from audit.events import record_event
from care.actions import safety_policy
from care.models import AdverseEvent, AdverseEventGrade, ClinicianFlag
from clinical.holds import URGENT_FLAGS
from foundation.notices import send_notice, site_link
from patients.models import Patient

logger = logging.getLogger(__name__)

SUBJECT = "Urgent: a patient still needs a clinician"


@dataclass(frozen=True)
class EscalationRun:
    flags: int
    adverse_events: int


def escalation_body() -> str:
    return (
        "A patient's urgent matter has waited more than "
        f"{safety_policy().escalate_after_hours} hours without a clinician seeing to it. "
        "Please sign in and look at your queue now:\n\n" + site_link(reverse("workspace:queue"))
    )


def clinicians_licensed_in(state: str, day: dt.date) -> list[str]:
    """The email of every clinician with a licence in ``state`` that counts on ``day``."""
    users = User.objects.filter(
        licences__state=state, licences__expires_on__gt=day, is_active=True
    ).distinct()
    return sorted(user.email for user in users if Role.CLINICIAN in user.roles)


def _escalate(patient: Patient, target: Model, kind: str, now: dt.datetime) -> None:
    recipients = clinicians_licensed_in(patient.state, now.date())
    director = settings.MEDICAL_DIRECTOR_EMAIL
    if director:
        recipients = sorted({*recipients, director})
    else:
        logger.warning("No MEDICAL_DIRECTOR_EMAIL: an escalation went to clinicians only")
    record_event(
        "care.escalated",
        actor=None,
        target=target,
        patient=patient,
        detail={"kind": kind, "recipients": len(recipients)},
    )
    send_notice(recipients, SUBJECT, escalation_body())


def escalate_overdue(now: dt.datetime) -> EscalationRun:
    """Escalate every urgent flag and serious adverse event left too long, once each."""
    cutoff = now - dt.timedelta(hours=safety_policy().escalate_after_hours)
    flags = ClinicianFlag.objects.filter(
        reason__in=[str(kind) for kind in URGENT_FLAGS],
        acknowledged_at__isnull=True,
        escalated_at__isnull=True,
        raised_at__lte=cutoff,
    ).select_related("patient")
    events = AdverseEvent.objects.filter(
        grade=AdverseEventGrade.SERIOUS,
        reviewed_at__isnull=True,
        escalated_at__isnull=True,
        reported_at__lte=cutoff,
    ).select_related("patient")
    escalated = {"flags": 0, "events": 0}
    for flag in flags:
        with transaction.atomic():
            if ClinicianFlag.objects.filter(pk=flag.pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                _escalate(flag.patient, flag, f"flag:{flag.reason}", now)
                escalated["flags"] += 1
    for event in events:
        with transaction.atomic():
            if AdverseEvent.objects.filter(pk=event.pk, escalated_at__isnull=True).update(
                escalated_at=now
            ):
                _escalate(event.patient, event, "adverse_event:serious", now)
                escalated["events"] += 1
    return EscalationRun(escalated["flags"], escalated["events"])
