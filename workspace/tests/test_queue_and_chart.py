"""The clinician's queue, chart and forms: only licensed clinicians, only their states,
every look audited, a constant number of queries."""

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from care import actions
from care.holds import open_holds
from care.models import CandidateDecision, HoldClearance, Prescription
from care.tests.course import (
    everything,
    gad7,
    missed_check_in,
    peg,
    send_messages,
)
from care.tests.workspace import (
    GOOD_PRESCRIPTION,
    approved_with_plan,
    candidate,
    pdmp_checked,
)
from clinical.holds import Hold
from patients.tests.helpers import join
from pharmacy.models import Fill, FillKind, RefillRequest
from pharmacy.tests.helpers import shipped
from tests.personas import client_for, make

QUEUE = reverse("workspace:queue")


def chart_url(patient: Any) -> str:
    return reverse("workspace:chart", args=[patient.public_id])


@pytest.fixture
def florida(db: Any) -> Any:
    return candidate()


def test_the_florida_clinician_sees_the_florida_candidate_in_the_queue(
    florida: Any, clinician_fl: Any
) -> None:
    page = client_for(clinician_fl).get(QUEUE)
    assert page.status_code == 200
    assert florida.legal_name in page.content.decode()
    assert chart_url(florida) in page.content.decode()


def test_a_new_jersey_clinician_never_sees_a_florida_patient(
    florida: Any, clinician_nj: Any, clinician_fl: Any
) -> None:
    actions.do_report_adverse_event(
        florida, by=florida.user, grade="serious", description="Fainted."
    )
    client = client_for(clinician_nj)
    assert florida.legal_name not in client.get(QUEUE).content.decode()
    assert client.get(chart_url(florida)).status_code == 404
    for name in ["budapest", "severity", "diagnosis", "decision", "plan", "pdmp"]:
        url = reverse(f"care:{name}", args=[florida.public_id])
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    assert AuditEvent.objects.filter(action="patient.access_refused", actor=clinician_nj).exists()


@pytest.mark.parametrize("persona", ["pharmacist", "coordinator", "editor", "patient_nj"])
def test_every_other_persona_is_refused(florida: Any, persona: str, request: Any) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(QUEUE).status_code == 403
    assert client.get(chart_url(florida)).status_code == 403
    assert client.get(reverse("care:decision", args=[florida.public_id])).status_code == 403


def test_the_patient_themself_does_not_open_the_clinicians_chart(florida: Any) -> None:
    assert client_for(florida.user).get(chart_url(florida)).status_code == 403


def test_a_visitor_is_sent_to_sign_in(florida: Any, visitor: Any) -> None:
    for url in (QUEUE, chart_url(florida)):
        response = visitor.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_every_chart_view_is_in_the_audit_log(florida: Any, clinician_fl: Any) -> None:
    client = client_for(clinician_fl)
    client.get(chart_url(florida))
    client.get(chart_url(florida))
    views = AuditEvent.objects.filter(
        action="care.chart_viewed", actor=clinician_fl, patient=florida
    )
    assert views.count() == 2


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_queue_runs_the_same_queries_for_1_or_10_patients(
    florida: Any, clinician_fl: Any, django_assert_max_num_queries: Any
) -> None:
    everything(clinician_fl, "first@example.com")
    client = client_for(clinician_fl)
    client.get(QUEUE)
    with_one = _queries(client, QUEUE)
    for number in range(9):
        join(f"candidate{number}@example.com", "FL")
    for number in range(3):
        everything(clinician_fl, f"more{number}@example.com")
    with django_assert_max_num_queries(with_one):
        page = client.get(QUEUE)
    body = page.content.decode()
    assert body.count("New candidate") == 10
    for kind in [
        "Thoughts of self-harm after a session",
        "Thoughts of death or self-harm on a PHQ-9",
        "Bladder symptoms after a session",
        "Mild adverse event",
        "Refill request",
        "Missed a check-in",
    ]:
        assert body.count(kind) == 4, kind


def test_the_chart_runs_the_same_queries_however_long_the_course(
    clinician_fl: Any, db: Any
) -> None:
    short = candidate("short@example.com")
    long = candidate("long@example.com")
    approved_with_plan(long, clinician_fl)
    actions.do_add_diagnosis(long, by=clinician_fl, code="F32.1")
    for _ in range(3):
        pdmp_checked(long, clinician_fl)
        actions.do_record_severity(long, by=clinician_fl, symptoms=["oedema"], signs=[])
        actions.do_report_adverse_event(long, by=long.user, grade="mild", description="Dizzy.")
    actions.do_issue_prescription(long, by=clinician_fl, choices=GOOD_PRESCRIPTION)
    client = client_for(clinician_fl)
    client.get(QUEUE)
    assert _queries(client, chart_url(long)) == _queries(client, chart_url(short))


def test_the_chart_runs_the_same_queries_however_long_the_course_at_home(
    clinician_fl: Any, db: Any
) -> None:
    short = everything(clinician_fl, "short@example.com")
    send_messages(short)
    long = everything(clinician_fl, "long@example.com", sessions=4)
    for weeks in range(4):
        peg(long, 6 - weeks, days_ago=7 * (4 - weeks))
        gad7(long, 2, days_ago=7 * (4 - weeks))
    for _ in range(3):
        missed_check_in(long)
    send_messages(long, clinician_fl)
    refill = RefillRequest.objects.get(prescription__patient=long)
    approved = RefillRequest.objects.filter(pk=refill.pk)
    approved.update(status="approved", decided_by=clinician_fl, decided_at=timezone.now())
    refill_fill = Fill.objects.create(
        prescription=refill.prescription, kind=FillKind.REFILL, refill_request=refill
    )
    shipped(refill_fill, make("pharmacist"))
    client = client_for(clinician_fl)
    client.get(QUEUE)
    with_short = _queries(client, chart_url(short))
    assert _queries(client, chart_url(long)) == with_short
    page = client.get(chart_url(long)).content.decode()
    assert page.count("<svg") == 3 and "Graded motor imagery" in page
    assert page.count("Refill fill") == 1 and page.count("Original fill") == 1


def test_a_decision_form_with_problems_shows_a_summary_and_keeps_what_was_typed(
    florida: Any, clinician_fl: Any
) -> None:
    url = reverse("care:decision", args=[florida.public_id])
    response = client_for(clinician_fl).post(
        url, {"decision": "decline", "why": "Blood pressure too high to dose safely."}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-error-summary tabindex="-1"' in body
    assert "Write the reason the patient will read." in body
    assert "Blood pressure too high to dose safely." in body
    assert not CandidateDecision.objects.exists()


def test_a_malformed_post_is_a_400_never_a_500(florida: Any, clinician_fl: Any) -> None:
    client = client_for(clinician_fl)
    for name in ["budapest", "severity", "diagnosis", "decision", "plan", "pdmp"]:
        url = reverse(f"care:{name}", args=[florida.public_id])
        assert client.post(url, {"symptoms": "nonsense", "code": "Z99"}).status_code in {200, 400}


def test_prescribing_asks_who_you_are_first_then_signs(
    florida: Any, clinician_fl: Any, password: str
) -> None:
    approved_with_plan(florida, clinician_fl)
    pdmp_checked(florida, clinician_fl)
    url = reverse("care:prescribe", args=[florida.public_id])
    client = client_for(clinician_fl)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate") + f"?next={url}", {"password": password})
    fields = {
        name: getattr(GOOD_PRESCRIPTION, name) for name in GOOD_PRESCRIPTION.__dataclass_fields__
    }
    refused = client.post(url, {**fields, "refills": 6})
    assert refused.status_code == 400
    assert "refill" in refused.content.decode()
    response = client.post(url, fields)
    assert response.status_code == 302
    prescription = Prescription.objects.get()
    chart = client.get(chart_url(florida)).content.decode()
    assert prescription.directions in chart


def test_a_serious_adverse_event_comes_first_then_the_longest_waiting(
    clinician_fl: Any, db: Any
) -> None:
    waiting_longest = candidate("first@example.com")
    harmed = candidate("second@example.com")
    actions.do_report_adverse_event(harmed, by=harmed.user, grade="serious", description="Fainted.")
    body = client_for(clinician_fl).get(QUEUE).content.decode()
    assert body.index("Serious adverse event") < body.index("New candidate")
    assert body.index(chart_url(harmed)) < body.index(chart_url(waiting_longest))


def test_a_decided_candidate_leaves_the_queue(florida: Any, clinician_fl: Any) -> None:
    actions.do_decide_candidate(florida, by=clinician_fl, decision="approve", why="Suitable.")
    assert chart_url(florida) not in client_for(clinician_fl).get(QUEUE).content.decode()


def test_a_clinician_cancels_a_prescription_with_a_reason(florida: Any, clinician_fl: Any) -> None:
    approved_with_plan(florida, clinician_fl)
    pdmp_checked(florida, clinician_fl)
    prescription = actions.do_issue_prescription(
        florida, by=clinician_fl, choices=GOOD_PRESCRIPTION
    )
    url = reverse("care:cancel_prescription", args=[prescription.public_id])
    assert client_for(clinician_fl).post(url, {"reason": ""}).status_code == 400
    assert client_for(clinician_fl).post(url, {"reason": "Wrong pharmacy."}).status_code == 302
    prescription.refresh_from_db()
    assert prescription.status == "cancelled"


def test_only_a_licensed_clinician_clears_a_hold_and_only_with_a_note(
    florida: Any, clinician_fl: Any, clinician_nj: Any
) -> None:
    actions.do_report_adverse_event(
        florida, by=florida.user, grade="serious", description="Fainted."
    )
    url = reverse("care:clear_hold", args=[florida.public_id, "adverse_event"])
    note = {"note": "Spoke by video; recovered fully; dose lowered."}
    assert client_for(clinician_nj).post(url, note).status_code == 404
    empty = client_for(clinician_fl).post(url, {"note": " "})
    assert empty.status_code == 400 and open_holds(florida) == {Hold.ADVERSE_EVENT}
    assert client_for(clinician_fl).post(url, note).status_code == 302
    assert open_holds(florida) == frozenset()
    cleared = HoldClearance.objects.get(patient=florida)
    assert cleared.note == note["note"] and cleared.cleared_by == clinician_fl
