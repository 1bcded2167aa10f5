"""Sessions are taken from the fill on hand (the current prescription's latest delivered
fill), and the dose never passes the plan per session, the sessions allowed in a week, or
the units left since that delivery."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from care.models import TreatmentPlan
from journal import actions
from journal.models import HomeSession, SafetyCheck
from journal.tests.helpers import QUIET, attempt, deliver, prescription_of, ship, start, treated
from pharmacy import actions as pharmacy_actions
from pharmacy.models import Fill, Shipment
from tests.personas import client_for, make

NORMAL_FORM = {
    "systolic": "122",
    "diastolic": "78",
    "pulse": "72",
    **dict.fromkeys(actions.safety.CHECKLIST_ITEMS, "on"),
}


@pytest.fixture
def undelivered(db: Any, clinician_fl: Any) -> Any:
    return treated(clinician_fl, delivered=False)


def on_hand(patient: Any) -> Any:
    return actions.supply_for_session(patient, timezone.now())[0]


def test_with_no_fill_the_pages_say_so_plainly_and_offer_no_dose(undelivered: Any) -> None:
    patient = undelivered
    assert on_hand(patient) is None
    client = client_for(patient.user)
    overview = client.get(reverse("journal:overview", args=[patient.public_id])).content.decode()
    assert "data-no-fill" in overview and "Start a home session" not in overview
    page = client.get(reverse("journal:safety", args=[patient.public_id])).content.decode()
    assert 'data-refusal="no_supply"' in page and "Check and start my session" not in page
    posted = client.post(reverse("journal:safety", args=[patient.public_id]), NORMAL_FORM)
    assert posted.status_code == 409
    assert not HomeSession.objects.exists()


def test_the_verb_refuses_a_session_with_no_fill_on_hand(undelivered: Any) -> None:
    result = attempt(undelivered)
    assert result.verdict.codes == ["no_supply"]
    assert not HomeSession.objects.exists()


def test_a_shipped_fill_is_not_on_hand_until_it_is_delivered(undelivered: Any) -> None:
    fill = ship(prescription_of(undelivered))
    assert on_hand(undelivered) is None
    pharmacy_actions.do_record_delivery_event(
        fill.shipment, kind="delivered", by=make("pharmacist"), signed_by="Rosa Delgado"
    )
    assert on_hand(undelivered).fill == fill


def test_a_fill_past_its_beyond_use_date_is_not_on_hand(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    Fill.objects.update(beyond_use_date=timezone.localdate() - dt.timedelta(days=1))
    assert on_hand(patient) is None
    assert attempt(patient).verdict.codes == ["no_supply"]


def test_a_session_is_recorded_against_the_delivered_fill_and_the_overview_shows_what_is_left(
    db: Any, clinician_fl: Any
) -> None:
    patient = treated(clinician_fl)
    fill = Fill.objects.get(prescription__patient=patient)
    session = start(patient)
    assert session.fill == fill
    assert on_hand(patient).units_left == 22
    page = client_for(patient.user).get(reverse("journal:overview", args=[patient.public_id]))
    assert "<strong>22</strong> of 24" in page.content.decode()


def test_an_empty_fill_offers_nothing(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl, delivered=False)
    fill = deliver(prescription_of(patient), quantity=2)
    Shipment.objects.filter(fill=fill).update(delivered_at=timezone.now() - dt.timedelta(days=4))
    start(patient, days_ago=3, logged=True)
    assert on_hand(patient).units_left == 0
    assert attempt(patient).verdict.codes == ["no_supply"]


def _a_day_passes(patient: Any) -> None:
    for model, field in (
        (HomeSession, "started_at"),
        (SafetyCheck, "checked_at"),
        (Shipment, "delivered_at"),
    ):
        rows = model.objects.filter(
            **(
                {"fill__prescription__patient": patient}
                if model is Shipment
                else {"patient": patient}
            )
        )
        for row in rows:
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
        started = attempt(patient).session
        if started is not None:
            actions.do_finish_home_session(started, by=patient.user, after_log=QUIET)
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
