"""The practice view: response by pathway, adverse events per 100 sessions and who stops
early, in figures only, for clinicians (their states) and administrators (everything)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import Assessment
from audit.models import AuditEvent
from care import actions
from care.practice import courses_in, practice_figures
from care.tests.course import peg, phq9, quiet_sessions, treated
from journal.models import CheckIn
from journal.outcomes import Pathway, PracticeOutcomes
from patients.models import Patient, PatientStatus
from tests.personas import client_for

PRACTICE = reverse("care:practice")


def on_pathways(patient: Patient, *pathways: str) -> Patient:
    assert patient.assessment is not None
    Assessment.objects.filter(pk=patient.assessment.pk).update(pathways=list(pathways))
    patient.refresh_from_db()
    return patient


def phq9_total(patient: Patient, total: int, *, days_ago: int) -> None:
    """A PHQ-9 adding up to ``total`` (at most 24), item 9 always 0."""
    items = [min(3, max(0, total - 3 * n)) for n in range(8)]
    assert sum(items) == total
    responses: dict[str, int | bool] = {f"phq9_{n + 1}": v for n, v in enumerate(items)}
    phq9(patient, responses | {"phq9_9": 0}, days_ago=days_ago)


@pytest.fixture
def practice(clinician_fl: Any, clinician_nj: Any) -> dict[str, Patient]:
    """Three patients written out by hand; the figures below are worked from them."""
    # A: CRPS. PEG 8 at baseline, 4 at week 4 (-50%), 6 at week 8 (-25%), 2 at week 12
    # (-75%). Six sessions, one mild adverse event, still in treatment.
    a = on_pathways(treated(clinician_fl, "a@example.com"), "crps")
    for pain, days_ago in [(8, 84), (4, 56), (6, 28), (2, 0)]:
        peg(a, pain, days_ago=days_ago)
    quiet_sessions(a, 6)
    actions.do_report_adverse_event(a, by=a.user, grade="mild", description="Dizzy.")
    # B: CRPS and depression. PEG 5 then 4 at week 4 (-20%); PHQ-9 18 then 9 at week 4
    # (-50%). Two sessions, then discharged: stopped before six.
    b = on_pathways(treated(clinician_fl, "b@example.com"), "crps", "depression")
    peg(b, 5, days_ago=28)
    peg(b, 4, days_ago=0)
    phq9_total(b, 18, days_ago=28)
    phq9_total(b, 9, days_ago=0)
    quiet_sessions(b, 2)
    Patient.objects.filter(pk=b.pk).update(status=PatientStatus.DISCHARGED)
    # C, in New Jersey: CRPS, PEG 6 then 3 at week 4 (-50%). No sessions yet.
    c = on_pathways(treated(clinician_nj, "c@example.com", "NJ"), "crps")
    peg(c, 6, days_ago=28)
    peg(c, 3, days_ago=0)
    return {"a": a, "b": b, "c": c}


def pathway(figures: PracticeOutcomes, which: Pathway) -> Any:
    return next(p for p in figures.pathways if p.pathway is which)


def weeks(figures: PracticeOutcomes, which: Pathway) -> list[tuple[Any, ...]]:
    return [
        (w.week, w.measured, w.responders, w.response_rate, w.median_change)
        for w in pathway(figures, which).weeks
    ]


def test_the_figures_of_the_florida_clinicians_states(practice: Any) -> None:
    figures = practice_figures(frozenset({"FL"}))
    assert pathway(figures, Pathway.CRPS).patients == 2
    assert weeks(figures, Pathway.CRPS) == [
        (4, 2, 1, Decimal("50.0"), Decimal("-35.0")),
        (8, 1, 0, Decimal("0.0"), Decimal("-25.0")),
        (12, 1, 1, Decimal("100.0"), Decimal("-75.0")),
    ]
    assert weeks(figures, Pathway.DEPRESSION)[0] == (4, 1, 1, Decimal("100.0"), Decimal("-50.0"))
    assert pathway(figures, Pathway.ANXIETY).patients == 0
    assert (figures.sessions, figures.adverse_events) == (8, 1)
    assert figures.adverse_events_per_100_sessions == Decimal("12.5")
    assert figures.retention.settled == 2
    assert figures.retention.stopped_early == 1
    assert figures.retention.stopped_early_percent == Decimal("50.0")


def test_the_whole_practices_figures(practice: Any) -> None:
    figures = practice_figures(None)
    assert pathway(figures, Pathway.CRPS).patients == 3
    assert weeks(figures, Pathway.CRPS)[0] == (4, 3, 2, Decimal("66.7"), Decimal("-50.0"))
    assert figures.retention.settled == 2, "C has neither stopped nor reached six sessions"


def test_a_candidate_not_yet_treated_is_not_counted(practice: Any, clinician_fl: Any) -> None:
    from care.tests.workspace import candidate

    candidate("new@example.com")
    assert len(courses_in(frozenset({"FL"}))) == 2


def test_the_clinician_reads_the_figures_without_names(practice: Any, clinician_fl: Any) -> None:
    page = client_for(clinician_fl).get(PRACTICE)
    assert page.status_code == 200
    body = page.content.decode()
    for patient in practice.values():
        assert patient.legal_name not in body
        assert str(patient.public_id) not in body
    assert "<caption>CRPS: response means PEG 30% or more below baseline." in body
    assert "<td>50.0%</td>" in body and "<td>-35.0%</td>" in body
    assert "12.5" in body
    assert "1 (50.0%) stopped before their 6th session" in body
    assert "(FL)" in body
    event = AuditEvent.objects.get(action="care.practice_viewed", actor=clinician_fl)
    assert event.detail["states"] == ["FL"]


def test_the_administrator_reads_the_whole_practice(practice: Any, admin_user: Any) -> None:
    body = client_for(admin_user).get(PRACTICE).content.decode()
    assert "in the whole practice" in body
    assert "<td>66.7%</td>" in body
    assert AuditEvent.objects.filter(action="care.practice_viewed", actor=admin_user).exists()


def test_the_queue_links_to_the_practice_view(clinician_fl: Any) -> None:
    assert PRACTICE in client_for(clinician_fl).get(reverse("care:queue")).content.decode()


@pytest.mark.parametrize("persona", ["pharmacist", "coordinator", "editor", "patient_fl"])
def test_no_other_persona_reads_it(persona: str, request: Any) -> None:
    assert client_for(request.getfixturevalue(persona)).get(PRACTICE).status_code == 403


def test_a_visitor_is_sent_to_sign_in(visitor: Any) -> None:
    response = visitor.get(PRACTICE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_is_read_only(clinician_fl: Any) -> None:
    assert client_for(clinician_fl).post(PRACTICE).status_code == 405


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PRACTICE).status_code == 200
    return len(captured.captured_queries)


def _course(clinician: Any, email: str) -> None:
    patient = on_pathways(treated(clinician, email), "crps", "depression")
    peg(patient, 7, days_ago=28)
    peg(patient, 4)
    phq9_total(patient, 12, days_ago=28)
    quiet_sessions(patient, 1)
    actions.do_report_adverse_event(patient, by=patient.user, grade="mild", description="Ill.")


def test_the_same_queries_for_1_or_10_patients(clinician_fl: Any, db: Any) -> None:
    _course(clinician_fl, "p0@example.com")
    client = client_for(clinician_fl)
    client.get(PRACTICE)
    with_one = _queries(client)
    for number in range(1, 10):
        _course(clinician_fl, f"p{number}@example.com")
    assert _queries(client) == with_one
    assert pathway(practice_figures(frozenset({"FL"})), Pathway.CRPS).patients == 10


def test_the_assessment_is_the_baseline_when_no_check_in_came_before_it(
    db: Any, clinician_fl: Any
) -> None:
    # The assessment's PEG is 5.7; four weeks later a check-in scores 3.0.
    patient = treated(clinician_fl)
    assert patient.assessment is not None
    later = peg(patient, 3)
    CheckIn.objects.filter(pk=later.pk).update(
        completed_at=patient.assessment.completed_at + dt.timedelta(weeks=4)
    )
    (course,) = courses_in(frozenset({"FL"}))
    (series,) = [s for s in course.series if s.pathway is Pathway.CRPS]
    assert [m.score for m in series.measurements] == [Decimal("5.7"), Decimal("3.0")]
