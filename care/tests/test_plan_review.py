"""Florida chronic-pain patients: the plan is reviewed at least every 3 months, and no
prescription is signed once the review is overdue (s. 456.44 F.S.)."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from care import actions
from care.models import TreatmentPlan
from care.tests.workspace import GOOD_PRESCRIPTION, approved_with_plan, candidate, pdmp_checked
from clinical.chronic_pain import review_due_on, review_overdue_since
from clinical.prescribing import RefusalCode
from tests.personas import client_for


@pytest.mark.parametrize(
    ("reviewed", "due"),
    [
        (dt.date(2026, 9, 10), dt.date(2026, 12, 10)),
        (dt.date(2026, 11, 30), dt.date(2027, 2, 28)),
        (dt.date(2027, 11, 30), dt.date(2028, 2, 29)),
    ],
)
def test_the_review_falls_due_three_calendar_months_on(reviewed: dt.date, due: dt.date) -> None:
    assert review_due_on(reviewed) == due


def test_it_is_overdue_from_the_day_after_and_only_for_florida_pain() -> None:
    reviewed = dt.date(2026, 9, 10)
    assert review_overdue_since("FL", True, reviewed, dt.date(2026, 12, 10)) is None
    assert review_overdue_since("FL", True, reviewed, dt.date(2026, 12, 11)) == dt.date(
        2026, 12, 10
    )
    assert review_overdue_since("NJ", True, reviewed, dt.date(2027, 6, 1)) is None
    assert review_overdue_since("FL", False, reviewed, dt.date(2027, 6, 1)) is None


@pytest.fixture
def florida_crps(db: Any, clinician_fl: Any) -> Any:
    patient = candidate()
    plan = approved_with_plan(patient, clinician_fl)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        written_at=timezone.now() - dt.timedelta(days=100)
    )
    pdmp_checked(patient, clinician_fl)
    return patient


def test_an_overdue_review_stops_the_prescription_until_it_is_recorded(
    florida_crps: Any, clinician_fl: Any
) -> None:
    with pytest.raises(actions.PrescribingRefused) as refused:
        actions.do_issue_prescription(florida_crps, by=clinician_fl, choices=GOOD_PRESCRIPTION)
    assert refused.value.codes == {RefusalCode.PLAN_REVIEW_DUE}
    assert "456.44" in refused.value.refusals[0].reason
    plan = TreatmentPlan.objects.get(patient=florida_crps)
    client = client_for(clinician_fl)
    url = reverse("care:plan_review", args=[plan.public_id])
    assert client.post(url, {"objectives_progress": "", "drug_screening": "x"}).status_code == 400
    saved = client.post(
        url,
        {
            "objectives_progress": "Pain 7 to 4 of 10; back at work part-time.",
            "drug_screening": "Urine screen in October as expected; none needed now.",
            "continue_treatment": "on",
        },
    )
    assert saved.status_code == 302
    actions.do_issue_prescription(florida_crps, by=clinician_fl, choices=GOOD_PRESCRIPTION)


def test_a_new_jersey_patient_is_not_held_to_floridas_review(db: Any, clinician_nj: Any) -> None:
    patient = candidate("nj@example.com", "NJ")
    plan = approved_with_plan(patient, clinician_nj)
    TreatmentPlan.objects.filter(pk=plan.pk).update(
        written_at=timezone.now() - dt.timedelta(days=100)
    )
    pdmp_checked(patient, clinician_nj)
    actions.do_issue_prescription(patient, by=clinician_nj, choices=GOOD_PRESCRIPTION)


@pytest.mark.parametrize("who", ["clinician_nj", "coordinator", "patient_fl"])
def test_no_one_else_reviews_the_plan(
    florida_crps: Any, who: str, request: pytest.FixtureRequest
) -> None:
    plan = TreatmentPlan.objects.get(patient=florida_crps)
    client = client_for(request.getfixturevalue(who))
    response = client.post(
        reverse("care:plan_review", args=[plan.public_id]),
        {"objectives_progress": "x", "drug_screening": "y"},
    )
    assert response.status_code in (403, 404)
    assert not plan.reviews.exists()
