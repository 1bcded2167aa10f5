"""The assessment as baseline on the progress page, and the printable summary.

Hand-computed: the test patient's assessment answered the PEG 6, 6 and 5, so its baseline is
17 / 3 = 5.67, 5.7 to one decimal. A PEG check-in of 3, 3 and 2 is 8 / 3 = 2.67, 2.7. The
change is (2.7 - 5.7) / 5.7 = -52.63%, shown as 52.6% lower: a substantial improvement
(a fall of half or more). A PHQ-9 baseline of 18 from the assessment and a check-in of 8:
(8 - 18) / 18 = -55.56%, 55.6% lower: a response (half or more), not remission (8 is not
under 5).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assessment.models import Assessment
from audit.models import AuditEvent
from clinical import outcomes
from clinical.outcomes import Measurement
from journal import actions
from journal.models import CheckIn
from journal.progress import score_series
from journal.tests.helpers import start, treated
from patients.models import Patient
from questionnaires.instruments import InstrumentCode
from tests.personas import client_for

PHQ9_CALM = {f"phq9_{n}": 1 for n in range(1, 10)} | {"phq9_9": 0}


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Patient:
    return treated(clinician_fl)


def summary_url(patient: Patient) -> str:
    return reverse("journal:summary", args=[patient.public_id])


def assessed_on(patient: Patient) -> dt.date:
    assert patient.assessment is not None
    return patient.assessment.completed_at.astimezone(actions.patient_zone(patient)).date()


def label(on: dt.date) -> str:
    return f"baseline (assessment, {on.day} {on:%B %Y})"


def check_in(patient: Patient, code: InstrumentCode, responses: dict[str, Any]) -> CheckIn:
    return actions.do_complete_check_in(
        patient, by=patient.user, instrument=code, responses=responses
    ).check_in


# The baseline --------------------------------------------------------------------------------


def test_the_assessment_scores_are_read_as_baselines() -> None:
    scores = {"peg": 5.7, "phq9": 18, "gad7": None, "pc_ptsd5": 3}
    assert outcomes.assessment_baseline(scores, InstrumentCode.PEG) == Decimal("5.7")
    assert outcomes.assessment_baseline(scores, InstrumentCode.PHQ9) == 18
    assert outcomes.assessment_baseline(scores, InstrumentCode.GAD7) is None
    assert outcomes.assessment_baseline(scores, InstrumentCode.PC_PTSD5) is None
    assert outcomes.assessment_baseline({}, InstrumentCode.PEG) is None


def test_the_assessment_leads_only_when_no_check_in_came_before_it() -> None:
    day = dt.date(2026, 11, 2)
    assessed = Measurement(day, Decimal("5.7"))
    later = Measurement(day + dt.timedelta(days=7), Decimal("2.7"))
    earlier = Measurement(day - dt.timedelta(days=1), Decimal("6.0"))
    assert outcomes.with_assessment_baseline([later], assessed) == (assessed, later)
    assert outcomes.with_assessment_baseline([], assessed) == (assessed,)
    assert outcomes.with_assessment_baseline([later, earlier], assessed) == (earlier, later)
    assert outcomes.with_assessment_baseline([later], None) == (later,)


def test_the_peg_baseline_comes_from_the_assessment_hand_computed(patient: Patient) -> None:
    assert patient.assessment is not None
    assert patient.assessment.scores["peg"] == 5.7
    check_in(patient, InstrumentCode.PEG, {"peg_1": 3, "peg_2": 3, "peg_3": 2})
    peg = score_series(patient)[0]
    assert [p.score for p in peg.points] == [Decimal("5.7"), Decimal("2.7")]
    assert peg.points[0].on == assessed_on(patient)
    assert peg.change == Decimal("-52.6")
    assert peg.baseline_label == label(assessed_on(patient))
    page = client_for(patient.user).get(reverse("journal:progress", args=[patient.public_id]))
    body = page.content.decode()
    assert f"<td>{label(assessed_on(patient))}</td>" in body
    assert "52.6% lower than at the start (5.7)" in body
    assert "substantial improvement" in body
    assert label(assessed_on(patient)) in body.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_a_phq9_baseline_from_the_assessment_and_none_for_gad7(patient: Patient) -> None:
    assert patient.assessment is not None
    Assessment.objects.filter(pk=patient.assessment.pk).update(
        scores={**patient.assessment.scores, "phq9": 18}
    )
    patient.refresh_from_db()
    check_in(patient, InstrumentCode.PHQ9, PHQ9_CALM)
    check_in(patient, InstrumentCode.GAD7, {f"gad7_{n}": 1 for n in range(1, 8)})
    _, phq9, gad7 = score_series(patient)
    assert [p.score for p in phq9.points] == [18, 8]
    assert phq9.change == Decimal("-55.6")
    assert "55.6% lower than at the start (18)" in phq9.words
    assert "counts as a response" in phq9.words
    assert [p.score for p in gad7.points] == [7]
    assert gad7.baseline_label == "baseline"


def test_a_check_in_before_the_assessment_stays_the_baseline(patient: Patient) -> None:
    first = check_in(patient, InstrumentCode.PEG, {"peg_1": 9, "peg_2": 9, "peg_3": 9})
    assert patient.assessment is not None
    CheckIn.objects.filter(pk=first.pk).update(
        completed_at=patient.assessment.completed_at - dt.timedelta(days=3)
    )
    check_in(patient, InstrumentCode.PEG, {"peg_1": 3, "peg_2": 3, "peg_3": 2})
    peg = score_series(patient)[0]
    assert [p.score for p in peg.points] == [Decimal("9.0"), Decimal("2.7")]
    assert peg.baseline_label == "baseline"


def test_a_patient_without_an_assessment_starts_from_the_first_check_in(
    patient: Patient,
) -> None:
    Patient.objects.filter(pk=patient.pk).update(assessment=None)
    patient.refresh_from_db()
    assert [s.points for s in score_series(patient)] == [[], [], []]


# The printable summary -----------------------------------------------------------------------


def test_the_summary_holds_sessions_results_exercises_and_adverse_events(
    patient: Patient,
) -> None:
    from care.actions import do_report_adverse_event
    from clinical import safety

    session = start(patient)
    finished = actions.do_finish_home_session(
        session,
        by=patient.user,
        after_log=safety.AfterSessionLog(
            pain_now=3,
            dissociation=4,
            side_effects=frozenset({safety.SideEffect.NAUSEA, safety.SideEffect.BLADDER_PAIN}),
        ),
    )
    do_report_adverse_event(
        patient, by=patient.user, grade="moderate", description="Bladder ache all evening."
    )
    actions.do_log_exercise(
        patient,
        by=patient.user,
        exercise="limb_recognition",
        completed=True,
        discomfort=2,
        scheduled=finished.exercises[0],
    )
    check_in(patient, InstrumentCode.PEG, {"peg_1": 3, "peg_2": 3, "peg_3": 2})
    response = client_for(patient.user).get(summary_url(patient))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "Your journal summary" in body and patient.legal_name in body
    assert "2 units, 100 mg" in body and "Nausea (feeling sick)" in body
    assert "Bladder symptoms" in body
    assert "Units left from the last delivery: 22 of 24." in body
    assert f"<td>{label(assessed_on(patient))}</td>" in body and "-52.6%" in body
    assert "Left or right?" in body and "Phase 1 of 3" in body
    assert "Moderate" in body and "waiting for review" in body
    assert "data-print hidden" in body and "Ctrl+P" in body
    assert "journal/print.js" in body
    assert " style=" not in body and "<script>" not in body
    assert AuditEvent.objects.filter(action="journal.summary_viewed", actor=patient.user).exists()


def test_an_empty_journal_prints_a_summary_saying_so(patient: Patient) -> None:
    body = client_for(patient.user).get(summary_url(patient)).content.decode()
    assert "No home sessions yet." in body and "None reported." in body


def test_the_clinician_licensed_in_the_state_may_open_the_summary(
    patient: Patient, clinician_fl: Any
) -> None:
    response = client_for(clinician_fl).get(summary_url(patient))
    assert response.status_code == 200
    assert "Journal summary" in response.content.decode()
    assert AuditEvent.objects.filter(action="journal.summary_viewed", actor=clinician_fl).exists()


@pytest.mark.parametrize("who", ["patient_nj", "clinician_nj", "pharmacist", "coordinator"])
def test_anyone_else_gets_a_404_and_the_refusal_is_audited(
    patient: Patient, who: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    before = timezone.now()
    assert client_for(user).get(summary_url(patient)).status_code == 404
    refused = AuditEvent.objects.filter(action="patient.access_refused", actor=user, at__gte=before)
    assert refused.exists()
    assert not AuditEvent.objects.filter(action="journal.summary_viewed").exists()


def test_a_visitor_is_sent_to_sign_in(patient: Patient, visitor: Any) -> None:
    response = visitor.get(summary_url(patient))
    assert response.status_code == 302 and "login" in response["Location"]
