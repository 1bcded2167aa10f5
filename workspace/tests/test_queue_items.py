"""Everything a clinician must see lands in their queue: flags, adverse events, refill
requests and missed check-ins, the most urgent first, and only from their own states."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from care import actions
from care.models import AdverseEvent, CandidateDecision, ClinicianFlag
from care.tests.course import (
    PHQ9_CRISIS,
    bladder_flag,
    missed_check_in,
    phq9,
    red_flag_session,
    refill_awaiting,
    treated,
)
from care.tests.workspace import candidate
from clinical.holds import FlagKind
from tests.personas import client_for
from workspace import worklist
from workspace.worklist import Urgency, chart_url, work_for

QUEUE = reverse("workspace:queue")


@pytest.fixture
def patient(clinician_fl: Any) -> Any:
    return treated(clinician_fl)


def kinds(clinician: Any) -> list[str]:
    return [item.kind for item in work_for(clinician)]


def test_a_red_flag_after_a_home_session_reaches_the_queue_as_urgent(
    patient: Any, clinician_fl: Any, clinician_nj: Any
) -> None:
    finished = red_flag_session(patient)
    assert finished.flags == [FlagKind.SELF_HARM]
    assert not AdverseEvent.objects.filter(patient=patient).exists()
    assert ClinicianFlag.objects.get(patient=patient).reason == FlagKind.SELF_HARM
    (item,) = work_for(clinician_fl)
    assert item.urgent
    page = client_for(clinician_fl).get(QUEUE).content.decode()
    assert "Thoughts of self-harm after a session" in page
    assert chart_url(patient, "flags") in page
    assert patient.legal_name in page
    elsewhere = client_for(clinician_nj).get(QUEUE).content.decode()
    assert patient.legal_name not in elsewhere
    assert "Thoughts of self-harm" not in elsewhere


def test_thoughts_of_self_harm_on_a_check_in_are_urgent(patient: Any, clinician_fl: Any) -> None:
    phq9(patient, PHQ9_CRISIS)
    (item,) = work_for(clinician_fl)
    assert item.kind == "Thoughts of death or self-harm on a PHQ-9"
    assert item.urgency is Urgency.URGENT and item.urgent


def test_a_refill_request_links_to_its_page_and_says_it_is_early(
    patient: Any, clinician_fl: Any
) -> None:
    refill = refill_awaiting(patient)
    (item,) = work_for(clinician_fl)
    assert item.kind == "Refill request" and item.note.startswith("Early")
    assert item.url == reverse("pharmacy:refill_request", args=[refill.public_id])
    page = client_for(clinician_fl).get(QUEUE).content.decode()
    assert item.url in page and "Early" in page


def test_a_mild_adverse_event_waits_until_it_is_reviewed(patient: Any, clinician_fl: Any) -> None:
    event = actions.do_report_adverse_event(
        patient, by=patient.user, grade="mild", description="Felt dizzy for an hour."
    )
    assert kinds(clinician_fl) == ["Mild adverse event"]
    url = reverse("care:review_adverse_event", args=[event.public_id])
    form = client_for(clinician_fl).get(url).content.decode()
    assert "Mark an adverse event as reviewed" in form
    assert client_for(clinician_fl).post(url, {"confirm": "on"}).status_code == 302
    assert kinds(clinician_fl) == []


def test_a_missed_check_in_is_one_item_per_patient(patient: Any, clinician_fl: Any) -> None:
    missed_check_in(patient, days_ago=5)
    missed_check_in(patient, days_ago=9)
    (item,) = work_for(clinician_fl)
    assert item.kind == "Missed a check-in"
    assert item.url == chart_url(patient, "check-ins")
    assert item.since.date() == timezone.localdate() - dt.timedelta(days=9 - 2)


def test_missed_check_ins_read_a_page_at_a_time_reach_every_patient(
    patient: Any, clinician_fl: Any, monkeypatch: Any
) -> None:
    # Three check-ins of one patient due on one day, then another patient's: read a row at a
    # time, the second patient is still found, after the first's rows on the same day.
    monkeypatch.setattr(worklist, "CHECK_INS_AT_ONCE", 1)
    for _ in range(3):
        missed_check_in(patient, days_ago=5)
    other = treated(clinician_fl, "other@example.com")
    missed_check_in(other, days_ago=5)
    missed_check_in(other, days_ago=3)
    found = [item for item in work_for(clinician_fl) if item.kind == "Missed a check-in"]
    assert sorted(item.patient_id for item in found) == sorted([patient.public_id, other.public_id])


def test_the_missed_check_ins_stop_once_more_are_waiting_than_are_shown(
    patient: Any, clinician_fl: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(worklist, "MOST_PER_KIND", 1)
    monkeypatch.setattr(worklist, "CHECK_INS_AT_ONCE", 1)
    missed_check_in(patient, days_ago=6)
    missed_check_in(treated(clinician_fl, "other@example.com"), days_ago=5)
    missed_check_in(treated(clinician_fl, "third@example.com"), days_ago=4)
    queue = worklist.queue_for(clinician_fl)
    assert [item.patient_id for item in queue.items if item.kind == "Missed a check-in"] == [
        patient.public_id
    ]
    assert queue.more


def test_a_check_in_due_yesterday_is_not_missed_yet(patient: Any, clinician_fl: Any) -> None:
    missed_check_in(patient, days_ago=1)
    assert kinds(clinician_fl) == []
    missed_check_in(patient, days_ago=2)
    assert kinds(clinician_fl) == ["Missed a check-in"]


def test_an_open_missed_check_in_flag_stands_for_the_missed_check_in(
    patient: Any, clinician_fl: Any
) -> None:
    missed = missed_check_in(patient)
    flag = actions.do_raise_flag(patient, reason=FlagKind.MISSED_CHECK_IN, by=None, target=missed)
    assert kinds(clinician_fl) == ["Missed a check-in"]
    (item,) = work_for(clinician_fl)
    assert item.since == flag.raised_at
    actions.do_acknowledge_flag(flag, by=clinician_fl)
    assert kinds(clinician_fl) == [], "seen to after it was missed: it leaves the queue"
    ClinicianFlag.objects.filter(pk=flag.pk).update(
        acknowledged_at=timezone.now() - dt.timedelta(days=10)
    )
    assert kinds(clinician_fl) == ["Missed a check-in"], "seen to before it was missed"


def test_most_urgent_first_then_longest_waiting(patient: Any, clinician_fl: Any) -> None:
    missed_check_in(patient)
    refill_awaiting(patient)
    actions.do_report_adverse_event(patient, by=patient.user, grade="moderate", description="Ill.")
    red_flag_session(patient)
    bladder_flag(patient)
    items = work_for(clinician_fl)
    assert [item.urgency for item in items] == sorted(item.urgency for item in items)
    assert [item.kind for item in items] == [
        "Thoughts of self-harm after a session",
        "Bladder symptoms after a session",
        "Moderate adverse event",
        "Refill request",
        "Missed a check-in",
    ]


def test_only_patients_of_the_clinicians_states(clinician_fl: Any, clinician_nj: Any) -> None:
    in_new_jersey = treated(clinician_nj, "nj@example.com", "NJ")
    bladder_flag(in_new_jersey)
    refill_awaiting(in_new_jersey)
    missed_check_in(in_new_jersey)
    assert work_for(clinician_fl) == []
    assert len(work_for(clinician_nj)) == 3


# Seeing to a flag from the chart ---------------------------------------------------------


@pytest.fixture
def flag(patient: Any) -> ClinicianFlag:
    return bladder_flag(patient)


def seen_url(flag: ClinicianFlag) -> str:
    return reverse("care:acknowledge_flag", args=[flag.public_id])


def test_the_clinician_marks_a_flag_as_seen_to_from_the_chart(
    flag: ClinicianFlag, patient: Any, clinician_fl: Any
) -> None:
    client = client_for(clinician_fl)
    chart = client.get(chart_url(patient)).content.decode()
    assert seen_url(flag) in chart and "Mark as seen to" in chart
    response = client.post(seen_url(flag))
    assert response.status_code == 302
    assert response["Location"] == chart_url(patient, "flags")
    flag.refresh_from_db()
    assert flag.acknowledged_by == clinician_fl and not flag.is_open
    assert AuditEvent.objects.filter(action="care.flag_acknowledged", actor=clinician_fl).exists()
    assert AuditEvent.objects.filter(
        action="care.flag_opened", actor=clinician_fl, patient=patient
    ).exists()
    assert kinds(clinician_fl) == []
    again = client.post(seen_url(flag), follow=True).content.decode()
    assert "already been seen to" in again


def test_seeing_to_a_flag_is_a_post(flag: ClinicianFlag, clinician_fl: Any) -> None:
    assert client_for(clinician_fl).get(seen_url(flag)).status_code == 405


def test_a_clinician_of_another_state_cannot_see_to_the_flag(
    flag: ClinicianFlag, clinician_nj: Any
) -> None:
    assert client_for(clinician_nj).post(seen_url(flag)).status_code == 404
    flag.refresh_from_db()
    assert flag.is_open
    assert AuditEvent.objects.filter(action="patient.access_refused", actor=clinician_nj).exists()


@pytest.mark.parametrize("persona", ["pharmacist", "coordinator", "editor", "patient_fl"])
def test_no_other_persona_can_see_to_a_flag(
    flag: ClinicianFlag, persona: str, request: Any
) -> None:
    assert client_for(request.getfixturevalue(persona)).post(seen_url(flag)).status_code == 403
    flag.refresh_from_db()
    assert flag.is_open


def test_the_patient_cannot_see_to_their_own_flag(flag: ClinicianFlag, patient: Any) -> None:
    assert client_for(patient.user).post(seen_url(flag)).status_code == 403
    flag.refresh_from_db()
    assert flag.is_open


def test_a_visitor_is_sent_to_sign_in(flag: ClinicianFlag, visitor: Any) -> None:
    response = visitor.post(seen_url(flag))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    flag.refresh_from_db()
    assert flag.is_open


def test_an_unknown_flag_is_a_404(clinician_fl: Any) -> None:
    url = reverse("care:acknowledge_flag", args=["00000000-0000-4000-8000-000000000000"])
    assert client_for(clinician_fl).post(url).status_code == 404


def test_missed_since_is_the_first_day_the_schedule_calls_it_missed() -> None:
    from zoneinfo import ZoneInfo

    from clinical import schedule
    from workspace.worklist import missed_since

    due = dt.date(2026, 3, 2)
    since = missed_since(due, ZoneInfo("America/New_York"))
    assert schedule.is_missed(due, since.date(), completed=False)
    assert not schedule.is_missed(due, since.date() - dt.timedelta(days=1), completed=False)


def test_candidates_read_a_page_at_a_time_leave_out_those_decided(
    clinician_fl: Any, monkeypatch: Any
) -> None:
    # Three candidates, the first with a decision written though still waiting (a decision
    # moves a patient on, so this is the check's own case); read one at a time.
    monkeypatch.setattr(worklist, "CANDIDATES_AT_ONCE", 1)
    waiting = [candidate(f"c{n}@example.com") for n in range(3)]
    CandidateDecision.objects.create(
        patient=waiting[0], decision="decline", why="Reviewed.", decided_by=clinician_fl
    )
    found = [item.patient_id for item in work_for(clinician_fl) if "andidate" in item.kind]
    assert found == [waiting[1].public_id, waiting[2].public_id]
    monkeypatch.setattr(worklist, "MOST_PER_KIND", 1)
    queue = worklist.queue_for(clinician_fl)
    assert [item.patient_id for item in queue.items if "andidate" in item.kind] == [
        waiting[1].public_id
    ]
    assert queue.more
