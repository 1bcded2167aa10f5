"""Urgent matters nobody saw to within 2 hours go to every clinician licensed in the state
and the medical director, once, with no health details."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from audit.models import AuditEvent
from background.periodic import PERIODIC_TASKS
from care import actions
from care.escalation import escalate_overdue
from care.models import AdverseEvent, ClinicianFlag
from care.tests.course import treated
from clinical.holds import FlagKind
from credentials.models import Licence
from tests.personas import make

DIRECTOR = "director@ketaclinic.example"


@pytest.fixture
def patient(db: Any, clinician_fl: Any, settings: Any) -> Any:
    settings.MEDICAL_DIRECTOR_EMAIL = DIRECTOR
    return treated(clinician_fl)


def flag(patient: Any, kind: FlagKind, *, hours_ago: float) -> ClinicianFlag:
    raised = actions.do_raise_flag(patient, reason=kind, by=patient.user, target=patient)
    ClinicianFlag.objects.filter(pk=raised.pk).update(
        raised_at=timezone.now() - dt.timedelta(hours=hours_ago)
    )
    raised.refresh_from_db()
    return raised


def escalations() -> list[Any]:
    return [message for message in mail.outbox if message.subject.startswith("Urgent")]


def test_an_urgent_flag_unseen_for_2_hours_goes_to_every_licensed_clinician_and_the_director(
    patient: Any, clinician_fl: Any
) -> None:
    other_florida_doctor = make("clinician_nj")
    Licence.objects.create(
        clinician=other_florida_doctor,
        state="FL",
        number="FLME999001",
        expires_on=timezone.localdate() + dt.timedelta(days=400),
    )
    raised = flag(patient, FlagKind.SUICIDALITY, hours_ago=2)
    mail.outbox.clear()
    run = escalate_overdue(timezone.now())
    assert run.flags == 1
    told = [address for message in escalations() for address in message.to]
    assert sorted(told) == sorted([clinician_fl.email, other_florida_doctor.email, DIRECTOR])
    for message in escalations():
        text = f"{message.subject}\n{message.body}".lower()
        for private in ("suicid", "self-harm", patient.legal_name.lower(), "ketamine"):
            assert private not in text
    raised.refresh_from_db()
    assert raised.escalated_at is not None
    assert AuditEvent.objects.filter(action="care.escalated", patient=patient).count() == 1


def test_an_urgent_flag_is_escalated_once(patient: Any) -> None:
    flag(patient, FlagKind.SELF_HARM, hours_ago=3)
    escalate_overdue(timezone.now())
    mail.outbox.clear()
    assert escalate_overdue(timezone.now() + dt.timedelta(hours=1)).flags == 0
    assert escalations() == []


def test_a_flag_under_2_hours_old_or_seen_to_is_not_escalated(
    patient: Any, clinician_fl: Any
) -> None:
    flag(patient, FlagKind.SEVERE_REACTION, hours_ago=1.99)
    seen = flag(patient, FlagKind.VERY_HIGH_BP, hours_ago=5)
    actions.do_acknowledge_flag(seen, by=clinician_fl)
    mail.outbox.clear()
    assert escalate_overdue(timezone.now()).flags == 0
    assert escalations() == []


def test_a_flag_that_is_not_urgent_waits_in_the_queue(patient: Any) -> None:
    flag(patient, FlagKind.BLADDER, hours_ago=10)
    flag(patient, FlagKind.MISSED_CHECK_IN, hours_ago=10)
    assert escalate_overdue(timezone.now()).flags == 0


def test_a_serious_adverse_event_unreviewed_for_2_hours_is_escalated(
    patient: Any, clinician_fl: Any
) -> None:
    event = actions.do_report_adverse_event(
        patient, by=patient.user, grade="serious", description="Fainted at home."
    )
    AdverseEvent.objects.filter(pk=event.pk).update(
        reported_at=timezone.now() - dt.timedelta(hours=2, minutes=1)
    )
    mild = actions.do_report_adverse_event(
        patient, by=patient.user, grade="mild", description="Sleepy."
    )
    AdverseEvent.objects.filter(pk=mild.pk).update(
        reported_at=timezone.now() - dt.timedelta(hours=5)
    )
    mail.outbox.clear()
    assert escalate_overdue(timezone.now()).adverse_events == 1
    told = [address for message in escalations() for address in message.to]
    assert DIRECTOR in told
    assert all("Fainted" not in message.body for message in escalations())


def test_without_a_director_on_file_the_clinicians_are_still_told(
    patient: Any, clinician_fl: Any, settings: Any
) -> None:
    settings.MEDICAL_DIRECTOR_EMAIL = ""
    flag(patient, FlagKind.SUICIDALITY, hours_ago=2)
    mail.outbox.clear()
    escalate_overdue(timezone.now())
    assert escalations()[0].to == [clinician_fl.email]


def test_the_worker_runs_it_every_15_minutes() -> None:
    assert PERIODIC_TASKS["care.tasks.escalate_overdue_urgent_matters"] == dt.timedelta(minutes=15)
