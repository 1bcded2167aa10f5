"""Recording an in-person evaluation: only a clinician licensed in the patient's state,
never a date to come or before birth, audited; once the telemedicine rule applies,
prescribing waits for it."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from care import actions
from care.models import InPersonEvaluation
from care.tests.workspace import GOOD_PRESCRIPTION, approved_with_plan, candidate, pdmp_checked
from clinical.prescribing import RefusalCode
from patients.models import TimelineEvent
from tests.personas import client_for


@pytest.fixture
def florida(db: Any) -> Any:
    return candidate()


def page(patient: Any) -> str:
    return reverse("care:in_person", args=[patient.public_id])


def chart(patient: Any) -> str:
    return reverse("workspace:chart", args=[patient.public_id])


def test_the_chart_links_to_the_page_and_the_page_records_it(
    florida: Any, clinician_fl: Any
) -> None:
    client = client_for(clinician_fl)
    assert page(florida) in client.get(chart(florida)).content.decode()
    form = client.get(page(florida))
    assert form.status_code == 200
    assert "No in-person evaluation is on record" in form.content.decode()
    response = client.post(page(florida), {"evaluated_on": "2026-11-02", "confirmed": "on"})
    assert response.status_code == 302
    assert response["Location"] == chart(florida)
    assert "The in-person evaluation is recorded." in client.get(chart(florida)).content.decode()
    assert "Evaluated in person on Nov 2, 2026" in client.get(page(florida)).content.decode()
    evaluation = InPersonEvaluation.objects.get(patient=florida)
    assert evaluation.recorded_by == clinician_fl
    assert AuditEvent.objects.filter(
        action="care.in_person_evaluation_recorded", actor=clinician_fl, patient=florida
    ).exists()
    assert TimelineEvent.objects.filter(
        patient=florida, kind="care.in_person_evaluation_recorded"
    ).exists()


def test_looking_at_the_page_is_audited(florida: Any, clinician_fl: Any) -> None:
    client_for(clinician_fl).get(page(florida))
    assert AuditEvent.objects.filter(
        action="care.chart_form_viewed", actor=clinician_fl, patient=florida
    ).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"evaluated_on": "2099-01-01", "confirmed": "on"}, "The evaluation date is in the future"),
        (
            {"evaluated_on": "1950-01-01", "confirmed": "on"},
            "before the patient&#x27;s date of birth",
        ),
        ({"evaluated_on": "yesterday", "confirmed": "on"}, "as month, day and year"),
        ({"evaluated_on": "", "confirmed": "on"}, "Enter the date of the in-person evaluation."),
        ({"evaluated_on": "2026-11-02"}, "Confirm that the evaluation took place in person."),
    ],
)
def test_a_wrong_date_is_a_message_and_nothing_is_recorded(
    florida: Any, clinician_fl: Any, fields: dict[str, str], message: str
) -> None:
    response = client_for(clinician_fl).post(page(florida), fields)
    assert response.status_code == 400
    body = response.content.decode()
    assert "data-error-summary" in body
    assert message in body
    assert not InPersonEvaluation.objects.exists()


def test_the_day_itself_is_accepted(florida: Any, clinician_fl: Any) -> None:
    today = timezone.localdate().isoformat()
    response = client_for(clinician_fl).post(
        page(florida), {"evaluated_on": today, "confirmed": "on"}
    )
    assert response.status_code == 302


def test_a_new_jersey_clinician_never_sees_the_florida_patients_page(
    florida: Any, clinician_nj: Any
) -> None:
    client = client_for(clinician_nj)
    assert client.get(page(florida)).status_code == 404
    fields = {"evaluated_on": "2026-11-02", "confirmed": "on"}
    assert client.post(page(florida), fields).status_code == 404
    assert not InPersonEvaluation.objects.exists()
    assert AuditEvent.objects.filter(action="patient.access_refused", actor=clinician_nj).exists()


@pytest.mark.parametrize("persona", ["pharmacist", "coordinator", "editor", "admin_user"])
def test_every_other_persona_is_refused(florida: Any, persona: str, request: Any) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(page(florida)).status_code == 403
    fields = {"evaluated_on": "2026-11-02", "confirmed": "on"}
    assert client.post(page(florida), fields).status_code == 403
    assert not InPersonEvaluation.objects.exists()


def test_the_patient_themself_cannot_record_one(florida: Any) -> None:
    client = client_for(florida.user)
    assert client.get(page(florida)).status_code == 403
    assert client.post(page(florida), {"evaluated_on": "2026-11-02"}).status_code == 403


def test_a_visitor_is_sent_to_sign_in(florida: Any, visitor: Any) -> None:
    response = visitor.get(page(florida))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_once_the_rule_applies_prescribing_waits_for_the_evaluation(
    florida: Any, clinician_fl: Any, settings: Any
) -> None:
    settings.TELEMEDICINE_IN_PERSON_REQUIRED_FROM = timezone.localdate() - dt.timedelta(days=1)
    approved_with_plan(florida, clinician_fl)
    pdmp_checked(florida, clinician_fl)
    with pytest.raises(actions.PrescribingRefused) as refused:
        actions.do_issue_prescription(florida, by=clinician_fl, choices=GOOD_PRESCRIPTION)
    assert refused.value.codes == {RefusalCode.NO_IN_PERSON_EVALUATION}
    evaluated_on = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    response = client_for(clinician_fl).post(
        page(florida), {"evaluated_on": evaluated_on, "confirmed": "on"}
    )
    assert response.status_code == 302
    prescription = actions.do_issue_prescription(
        florida, by=clinician_fl, choices=GOOD_PRESCRIPTION
    )
    assert prescription.prescriber == clinician_fl


def test_before_the_rule_applies_no_evaluation_is_needed(
    florida: Any, clinician_fl: Any, settings: Any
) -> None:
    settings.TELEMEDICINE_IN_PERSON_REQUIRED_FROM = timezone.localdate() + dt.timedelta(days=1)
    approved_with_plan(florida, clinician_fl)
    pdmp_checked(florida, clinician_fl)
    assert actions.do_issue_prescription(florida, by=clinician_fl, choices=GOOD_PRESCRIPTION)
