"""Sessions are taken from the fill on hand, and the dose offered never passes the plan per
session, the sessions allowed in a week, or the units left in the fill."""

import contextlib
import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from care.models import TreatmentPlan
from journal import actions
from journal.dosing import DoseLimit
from journal.models import HomeSession, SafetyCheck
from journal.tests.helpers import check, deliver, prescription_of, ship, start, treated
from pharmacy import actions as pharmacy_actions
from pharmacy.models import Fill
from tests.personas import client_for, make

NORMAL_FORM = {
    "systolic": "122",
    "diastolic": "78",
    "heart_rate": "72",
    "monitor_present": "on",
    "nothing_eaten_for_two_hours": "on",
    "no_driving_for_rest_of_day": "on",
    "safe_place_to_rest": "on",
}


@pytest.fixture
def undelivered(db: Any, clinician_fl: Any) -> Any:
    return treated(clinician_fl, delivered=False)


def test_with_no_fill_the_pages_say_so_plainly_and_offer_no_dose(undelivered: Any) -> None:
    patient = undelivered
    assert actions.current_fill(patient) is None
    client = client_for(patient.user)
    overview = client.get(reverse("journal:overview", args=[patient.public_id])).content.decode()
    assert "data-no-fill" in overview and "Start a home session" not in overview
    page = client.get(reverse("journal:safety", args=[patient.public_id])).content.decode()
    assert "There is no medicine on hand" in page and "Check I can start" not in page
    posted = client.post(reverse("journal:safety", args=[patient.public_id]), NORMAL_FORM)
    assert "I am taking my dose now" not in posted.content.decode()
    assert not SafetyCheck.objects.exists()


def test_the_verb_refuses_a_session_with_no_fill_on_hand(undelivered: Any) -> None:
    passed = check(undelivered).check
    with pytest.raises(actions.JournalRefused) as refused:
        actions.do_start_home_session(undelivered, by=undelivered.user, safety_check=passed)
    assert "no medicine from the pharmacy on hand" in str(refused.value)
    assert not HomeSession.objects.exists()


def test_a_shipped_fill_counts_until_a_delivery_event_says_otherwise(undelivered: Any) -> None:
    fill = ship(prescription_of(undelivered))
    assert actions.current_fill(undelivered) == fill
    pharmacy_actions.do_record_delivery_event(
        fill.shipment, kind="failed_attempt", by=make("pharmacist")
    )
    assert actions.current_fill(undelivered) is None


def test_a_fill_past_its_beyond_use_date_is_not_on_hand(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    Fill.objects.update(beyond_use_date=timezone.localdate() - dt.timedelta(days=1))
    assert actions.current_fill(patient) is None


def test_a_session_is_recorded_against_the_delivered_fill_and_the_overview_shows_what_is_left(
    db: Any, clinician_fl: Any
) -> None:
    patient = treated(clinician_fl)
    fill = Fill.objects.get(prescription__patient=patient)
    session = start(patient)
    assert session.fill == fill
    assert actions.units_left(fill) == 22
    page = client_for(patient.user).get(reverse("journal:overview", args=[patient.public_id]))
    assert "<strong>22</strong> of 24" in page.content.decode()


def test_an_empty_fill_offers_nothing_and_suggests_a_refill(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl, delivered=False)
    deliver(prescription_of(patient), quantity=2)
    start(patient, days_ago=3)
    fill = actions.current_fill(patient)
    assert fill is not None and actions.units_left(fill) == 0
    plan = actions.current_plan(patient)
    assert plan is not None
    offer = actions.offer_for(patient, prescription_of(patient), plan, fill)
    assert offer.units == 0 and DoseLimit.SUPPLY in offer.limits
    assert "You can ask for a refill" in " ".join(offer.reasons)


def _a_day_passes(patient: Any) -> None:
    for model, field in ((HomeSession, "started_at"), (SafetyCheck, "checked_at")):
        for row in model.objects.filter(patient=patient):
            model.objects.filter(pk=row.pk).update(
                **{field: getattr(row, field) - dt.timedelta(days=1)}
            )


@pytest.mark.parametrize(
    ("mg_per_session", "sessions_per_week", "quantity"),
    [
        (100, 3, 24),  # the prescription's dose; the week holds
        (50, 3, 24),  # the plan's mg per session holds
        (100, 2, 24),  # the plan's sessions a week are fewer than the prescription's
        (100, 3, 5),  # the fill runs out, the last dose a part dose
        (150, 7, 7),  # daily sessions allowed by the plan; the prescription's 3 a week hold
    ],
)
def test_over_two_weeks_of_daily_attempts_no_limit_is_ever_passed(
    db: Any, clinician_fl: Any, mg_per_session: int, sessions_per_week: int, quantity: int
) -> None:
    patient = treated(clinician_fl, delivered=False)
    prescription = prescription_of(patient)
    fill = deliver(prescription, quantity=quantity)
    TreatmentPlan.objects.filter(patient=patient).update(
        induction_mg_per_session=mg_per_session,
        induction_sessions_per_week=sessions_per_week,
    )
    for _ in range(14):
        with contextlib.suppress(actions.JournalRefused):
            start(patient)
        _a_day_passes(patient)

    sessions = list(HomeSession.objects.filter(patient=patient))
    assert sessions, "at least one dose fits every case"
    assert all(s.fill == fill for s in sessions)
    assert all(s.mg <= mg_per_session for s in sessions)
    assert all(s.units_taken <= prescription.units_per_dose for s in sessions)
    assert sum(s.units_taken for s in sessions) <= quantity
    per_week = min(sessions_per_week, prescription.doses_per_week)
    days = sorted((timezone.now() - s.started_at).days for s in sessions)
    for first in range(16):
        assert sum(1 for day in days if first <= day < first + 7) <= per_week
    assert len(set(days)) == len(days), "never two sessions on one day"
