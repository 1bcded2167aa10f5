"""Approving a candidate whose assessment found thoughts of suicide needs the clinician's
suicide risk assessment and a safety plan on record; a high risk is not treated at home."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from assessment.models import Assessment
from audit.models import AuditEvent
from care import actions
from care.models import SuicideRiskAssessment
from care.tests.workspace import candidate, consulted
from tests.personas import client_for

PLAN = {
    "risk": "low",
    "findings": "Passive thoughts of death last month; none now; no plan, no past attempt.",
    "warning_signs": "Sleeping badly; staying in bed; thinking everyone is better off.",
    "coping_steps": "Walk the dog; call her sister; use the breathing exercise.",
    "people_to_contact": "Her husband (monitor), her sister, 988, and 911 in an emergency.",
    "means_made_safe": "No firearms at home; medicines kept by her husband.",
}


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Any:
    patient = candidate()
    consulted(patient, clinician_fl)
    assert patient.assessment is not None
    Assessment.objects.filter(pk=patient.assessment.pk).update(
        reasons=[*patient.assessment.reasons, "suicidal_ideation"]
    )
    patient.refresh_from_db()
    return patient


def approve(patient: Any, clinician: Any) -> Any:
    return actions.do_decide_candidate(
        patient, by=clinician, decision="approve", why="Criteria met; risk assessed."
    )


def assess(patient: Any, clinician: Any, **changes: str) -> SuicideRiskAssessment:
    return actions.do_record_suicide_risk_assessment(
        patient, by=clinician, plan=actions.SafetyPlan(**{**PLAN, **changes})
    )


def test_approval_waits_for_a_risk_assessment_and_safety_plan(
    patient: Any, clinician_fl: Any
) -> None:
    with pytest.raises(actions.ClinicalRecordRefused, match="suicide risk assessment"):
        approve(patient, clinician_fl)
    assess(patient, clinician_fl)
    assert approve(patient, clinician_fl).decision == "approve"


def test_a_high_risk_is_refused_home_treatment(patient: Any, clinician_fl: Any) -> None:
    assess(patient, clinician_fl, risk="high")
    with pytest.raises(actions.ClinicalRecordRefused, match="refer"):
        approve(patient, clinician_fl)
    refer = actions.do_decide_candidate(
        patient,
        by=clinician_fl,
        decision="refer",
        referral="psychiatry",
        why="High risk.",
        reason_for_patient="We want you to see a psychiatrist first.",
    )
    assert refer.decision == "refer"


def test_an_assessment_from_before_the_questionnaire_does_not_count(
    patient: Any, clinician_fl: Any
) -> None:
    earlier = assess(patient, clinician_fl)
    assert patient.assessment is not None
    SuicideRiskAssessment.objects.filter(pk=earlier.pk).update(
        assessed_at=patient.assessment.completed_at - dt.timedelta(days=1)
    )
    with pytest.raises(actions.ClinicalRecordRefused):
        approve(patient, clinician_fl)


def test_without_thoughts_of_suicide_no_risk_assessment_is_asked(
    db: Any, clinician_fl: Any
) -> None:
    patient = candidate("calm@example.com")
    consulted(patient, clinician_fl)
    assert approve(patient, clinician_fl).decision == "approve"


def test_every_part_of_the_safety_plan_is_needed(patient: Any, clinician_fl: Any) -> None:
    with pytest.raises(actions.ClinicalRecordRefused) as refused:
        assess(patient, clinician_fl, means_made_safe=" ", coping_steps="")
    assert len(refused.value.reasons) == 2
    assert not SuicideRiskAssessment.objects.exists()


def test_the_chart_asks_for_it_and_the_form_records_it(patient: Any, clinician_fl: Any) -> None:
    client = client_for(clinician_fl)
    chart = client.get(reverse("workspace:chart", args=[patient.public_id])).content.decode()
    assert "data-risk-assessment" in chart
    url = reverse("care:suicide_risk", args=[patient.public_id])
    missing = client.post(url, {**PLAN, "warning_signs": ""})
    assert missing.status_code == 400 and PLAN["findings"] in missing.content.decode()
    assert client.post(url, PLAN).status_code == 302
    assert SuicideRiskAssessment.objects.get().assessed_by == clinician_fl
    assert AuditEvent.objects.filter(action="care.suicide_risk_assessed").exists()


@pytest.mark.parametrize("who", ["clinician_nj", "coordinator", "pharmacist", "patient_fl"])
def test_no_one_else_records_it(patient: Any, who: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(who))
    url = reverse("care:suicide_risk", args=[patient.public_id])
    assert client.post(url, PLAN).status_code in (403, 404)
    assert not SuicideRiskAssessment.objects.exists()
