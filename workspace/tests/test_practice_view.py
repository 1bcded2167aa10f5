"""The practice view: response by pathway from the first dose (intention to treat beside per
protocol), serious and all adverse events per 100 sessions, and who stopped before six
sessions, in figures only, for clinicians (their states) and administrators (everything)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assessment
from audit.models import AuditEvent
from background.periodic import PERIODIC_TASKS
from care import actions
from care.tests.course import peg, phq9, quiet_sessions, treated
from clinical import safety
from clinical.outcomes import Pathway, PracticeOutcomes
from credentials.models import Licence
from journal.actions import do_finish_home_session
from journal.models import CheckIn
from journal.tests.helpers import start
from patients.models import Patient, PatientStatus
from tests.personas import client_for
from workspace import practice as workspace_practice
from workspace.models import PracticeFigures
from workspace.practice import (
    courses_in,
    figures_shown,
    practice_figures,
    refresh_practice_figures,
)
from workspace.tasks import refresh_practice_view

PRACTICE = reverse("workspace:practice")


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


SEVERE = safety.AfterSessionLog(
    pain_now=3, dissociation=4, side_effects=frozenset({safety.SideEffect.FAINTING})
)


@pytest.fixture
def practice(clinician_fl: Any, clinician_nj: Any) -> dict[str, Patient]:
    """Three patients written out by hand; the figures below are worked from them. Weeks
    count from each one's first dose."""
    # A: CRPS. First dose 84 days ago, the day of PEG 8 (the baseline); 4 at week 4
    # (-50%), 6 at week 8 (-25%), 2 at week 12, today (-75%). Six sessions, one mild
    # adverse event, still in treatment.
    a = on_pathways(treated(clinician_fl, "a@example.com"), "crps")
    start(a, days_ago=84, logged=True)
    quiet_sessions(a, 5)
    for pain, days_ago in [(8, 84), (4, 56), (6, 28), (2, 0)]:
        peg(a, pain, days_ago=days_ago)
    actions.do_report_adverse_event(a, by=a.user, grade="mild", description="Dizzy.")
    # B: CRPS and depression. First dose 28 days ago: PEG 5 then 4 at week 4, today
    # (-20%); PHQ-9 18 then 9 (-50%). A second session three days ago ends in a fainting
    # spell (a severe-reaction flag: serious). Then discharged: stopped before six.
    b = on_pathways(treated(clinician_fl, "b@example.com"), "crps", "depression")
    start(b, days_ago=28, logged=True)
    do_finish_home_session(start(b, days_ago=3), by=b.user, after_log=SEVERE)
    peg(b, 5, days_ago=28)
    peg(b, 4, days_ago=0)
    phq9_total(b, 18, days_ago=28)
    phq9_total(b, 9, days_ago=0)
    Patient.objects.filter(pk=b.pk).update(status=PatientStatus.DISCHARGED)
    # C, in New Jersey: CRPS, first dose 28 days ago, PEG 6 then 3 at week 4 (-50%).
    c = on_pathways(treated(clinician_nj, "c@example.com", "NJ"), "crps")
    start(c, days_ago=28, logged=True)
    peg(c, 6, days_ago=28)
    peg(c, 3, days_ago=0)
    return {"a": a, "b": b, "c": c}


def pathway(figures: PracticeOutcomes, which: Pathway) -> Any:
    return next(p for p in figures.pathways if p.pathway is which)


def weeks(figures: PracticeOutcomes, which: Pathway) -> list[str]:
    """Each week as "week N: responders of ITT (rate), of per protocol (rate), median"."""
    return [
        f"week {w.week}: {w.responders} of {w.intention_to_treat} ({w.intention_to_treat_rate}%), "
        f"of {w.per_protocol} ({w.per_protocol_rate}%), median {w.median_change}%"
        for w in pathway(figures, which).weeks
    ]


def test_the_figures_of_the_florida_clinicians_states(practice: Any) -> None:
    figures = practice_figures(frozenset({"FL"}))
    assert pathway(figures, Pathway.CRPS).patients == 2
    # Week 8 and 12: B's windows are still ahead of it, so only A counts.
    assert weeks(figures, Pathway.CRPS) == [
        "week 4: 1 of 2 (50.0%), of 2 (50.0%), median -35.0%",
        "week 8: 0 of 1 (0.0%), of 1 (0.0%), median -25.0%",
        "week 12: 1 of 1 (100.0%), of 1 (100.0%), median -75.0%",
    ]
    assert (
        weeks(figures, Pathway.DEPRESSION)[0]
        == "week 4: 1 of 1 (100.0%), of 1 (100.0%), median -50.0%"
    )
    assert pathway(figures, Pathway.ANXIETY).patients == 0
    assert (figures.sessions, figures.adverse_events, figures.serious_adverse_events) == (8, 2, 1)
    assert figures.adverse_events_per_100_sessions == Decimal("25.0")
    assert figures.serious_adverse_events_per_100_sessions == Decimal("12.5")
    early = figures.stopped_early
    assert (early.known, early.stopped_early, early.percent) == (2, 1, Decimal("50.0"))


def test_the_whole_practices_figures(practice: Any) -> None:
    figures = practice_figures(None)
    assert pathway(figures, Pathway.CRPS).patients == 3
    assert weeks(figures, Pathway.CRPS)[0] == "week 4: 2 of 3 (66.7%), of 3 (66.7%), median -50.0%"
    assert figures.stopped_early.known == 2, "C has neither stopped nor reached six sessions"


def test_a_patient_who_stopped_unscored_counts_by_intention_to_treat_only(
    practice: Any,
) -> None:
    # Five weeks and a day on, B's week-8 window has closed: B stopped with no week-8
    # score, so B counts as not responding by intention to treat, and not per protocol.
    later = timezone.localdate() + dt.timedelta(weeks=4, days=8)
    week_8 = pathway(practice_figures(frozenset({"FL"}), later), Pathway.CRPS).weeks[1]
    assert (week_8.responders, week_8.intention_to_treat, week_8.per_protocol) == (0, 2, 1)
    assert week_8.intention_to_treat_rate == Decimal("0.0")


def test_weeks_count_from_the_first_dose_not_the_assessment(db: Any, clinician_fl: Any) -> None:
    # Assessed 40 days ago (PEG 5.7), first dose 28 days ago, PEG 3 today: week 4 of
    # treatment, though nearly six weeks after the assessment.
    patient = treated(clinician_fl)
    assert patient.assessment is not None
    Assessment.objects.filter(pk=patient.assessment.pk).update(
        completed_at=timezone.now() - dt.timedelta(days=40)
    )
    start(patient, days_ago=28, logged=True)
    peg(patient, 3)
    (crps,) = [p for p in practice_figures(frozenset({"FL"})).pathways if p.pathway is Pathway.CRPS]
    assert (crps.weeks[0].responders, crps.weeks[0].per_protocol) == (1, 1)
    assert crps.weeks[0].median_change == Decimal("-47.4")


def test_a_patient_with_no_dose_yet_is_in_no_week(db: Any, clinician_fl: Any) -> None:
    patient = on_pathways(treated(clinician_fl), "crps")
    peg(patient, 7, days_ago=28)
    peg(patient, 3)
    (course,) = courses_in(frozenset({"FL"}))
    assert course.first_dose is None
    crps = pathway(practice_figures(frozenset({"FL"})), Pathway.CRPS)
    assert (crps.patients, crps.not_started) == (0, 1)
    assert all(w.intention_to_treat == 0 for w in crps.weeks)
    body = client_for(clinician_fl).get(PRACTICE).content.decode()
    assert "0 patients took a first dose. 1 more has not yet and is not counted." in body


def test_serious_adverse_events_are_counted_apart_from_all(db: Any, clinician_fl: Any) -> None:
    # One after-log: fainting (a severe reaction), 185/100 after the session (very high)
    # and bladder pain (a hold, but not an adverse event). Then a serious and a mild
    # adverse event reported: four in all, three serious.
    patient = treated(clinician_fl)
    after = safety.AfterSessionLog(
        pain_now=3,
        dissociation=4,
        side_effects=frozenset({safety.SideEffect.FAINTING, safety.SideEffect.BLADDER_PAIN}),
        blood_pressure=safety.BloodPressure(185, 100),
    )
    do_finish_home_session(start(patient), by=patient.user, after_log=after)
    for grade in ("serious", "mild"):
        actions.do_report_adverse_event(patient, by=patient.user, grade=grade, description="Ill.")
    (course,) = courses_in(frozenset({"FL"}))
    assert (course.adverse_events, course.serious_adverse_events) == (4, 3)
    figures = practice_figures(frozenset({"FL"}))
    assert figures.serious_adverse_events_per_100_sessions == Decimal("300.0")
    assert figures.adverse_events_per_100_sessions == Decimal("400.0")


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
    assert "<caption>CRPS: a response means PEG 30% or more below baseline." in body
    assert "2 patients took a first dose." in body
    assert "Weeks count from each patient's first home dose" in body
    assert "<td data-itt>1 of 2 (50.0%)</td>" in body
    assert "<td data-per-protocol>1 of 2 (50.0%)</td>" in body
    assert "<td>-35.0%</td>" in body
    assert "1, 12.5 per 100 sessions" in body
    assert "2, 25.0 per 100 sessions" in body
    assert "a flag raised by the after-session questions for a severe reaction" in body
    assert (
        "Of 2 patients who took a first dose and then either stopped or reached 6 sessions, "
        "1 (50.0%) stopped before their 6th session."
    ) in body
    assert "Stopped before 6 sessions" in body
    assert "retention" not in body.lower()
    assert "(FL)" in body
    event = AuditEvent.objects.get(action="care.practice_viewed", actor=clinician_fl)
    assert event.detail["states"] == ["FL"]


def test_the_administrator_reads_the_whole_practice(practice: Any, admin_user: Any) -> None:
    body = client_for(admin_user).get(PRACTICE).content.decode()
    assert "in the whole practice" in body
    assert "<td data-itt>2 of 3 (66.7%)</td>" in body
    assert AuditEvent.objects.filter(action="care.practice_viewed", actor=admin_user).exists()


def test_the_queue_links_to_the_practice_view(clinician_fl: Any) -> None:
    assert PRACTICE in client_for(clinician_fl).get(reverse("workspace:queue")).content.decode()


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
    start(patient, days_ago=28, logged=True)
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


def test_a_pathway_with_no_score_yet_still_counts_the_patient(db: Any, clinician_fl: Any) -> None:
    patient = on_pathways(treated(clinician_fl), "crps", "anxiety")
    start(patient, logged=True)
    (course,) = courses_in(frozenset({"FL"}))
    assert {s.pathway: len(s.measurements) for s in course.series} == {
        Pathway.CRPS: 1,  # the assessment's PEG
        Pathway.ANXIETY: 0,
    }


# The figures the worker keeps ---------------------------------------------------------------


def test_the_worker_keeps_the_figures_of_each_clinicians_states_and_the_whole_practice(
    practice: Any, clinician_fl: Any, clinician_nj: Any
) -> None:
    kept = refresh_practice_figures()
    assert sorted(row.states for row in kept) == ["*", "FL", "NJ"]
    for states in (frozenset({"FL"}), frozenset({"NJ"}), None):
        shown = figures_shown(states)
        assert shown.computed_at is not None
        assert shown.figures == practice_figures(states), "the same figures, read back"


def test_the_page_shows_the_figures_as_the_worker_last_worked_them_out(
    practice: Any, clinician_fl: Any
) -> None:
    client = client_for(clinician_fl)
    refresh_practice_figures(timezone.now() - dt.timedelta(minutes=10))
    # A fourth patient starts after the worker's run: not in the figures until its next.
    d = on_pathways(treated(clinician_fl, "d@example.com"), "crps")
    start(d, days_ago=28, logged=True)
    body = client.get(PRACTICE).content.decode()
    assert "2 patients took a first dose." in body
    assert "Worked out 10\xa0minutes ago" in body
    assert "worked out again every 15 minutes" in body
    assert "<td data-itt>1 of 2 (50.0%)</td>" in body
    refresh_practice_figures()
    body = client.get(PRACTICE).content.decode()
    assert "3 patients took a first dose." in body
    assert "Worked out within the last minute;" in body


def test_the_page_works_the_figures_out_itself_before_the_worker_has(
    practice: Any, clinician_fl: Any
) -> None:
    body = client_for(clinician_fl).get(PRACTICE).content.decode()
    assert "Worked out just now." in body
    assert not PracticeFigures.objects.exists(), "the page keeps nothing"


def test_figures_for_states_no_clinician_reads_any_more_are_dropped(
    practice: Any, clinician_fl: Any
) -> None:
    PracticeFigures.objects.create(
        states="NY", as_of=timezone.localdate(), computed_at=timezone.now(), figures={}
    )
    refresh_practice_figures()
    assert not PracticeFigures.objects.filter(states="NY").exists()


def test_a_lapsed_licence_leaves_its_states_out(practice: Any, clinician_nj: Any) -> None:
    Licence.objects.filter(clinician=clinician_nj).update(expires_on=timezone.localdate())
    assert "NJ" not in {row.states for row in refresh_practice_figures()}


def test_the_page_reads_one_row_of_figures_however_many_patients(
    clinician_fl: Any, db: Any
) -> None:
    _course(clinician_fl, "p0@example.com")
    refresh_practice_figures()
    client = client_for(clinician_fl)
    client.get(PRACTICE)
    with_one = _queries(client)
    for number in range(1, 10):
        _course(clinician_fl, f"p{number}@example.com")
    refresh_practice_figures()
    assert _queries(client) == with_one
    assert "10 patients took a first dose." in client.get(PRACTICE).content.decode()


def test_the_worker_reads_the_practice_a_few_thousand_patients_at_a_time(
    practice: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(workspace_practice, "COURSES_AT_ONCE", 2)
    assert len(courses_in(None)) == 3
    assert pathway(practice_figures(None), Pathway.CRPS).patients == 3


def test_the_worker_works_them_out_every_15_minutes(practice: Any) -> None:
    assert PERIODIC_TASKS["workspace.tasks.refresh_practice_view"] == dt.timedelta(minutes=15)
    assert refresh_practice_view.call() == 3, "FL, NJ and the whole practice"
