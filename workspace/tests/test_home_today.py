"""The patient's home page once in treatment leads with today: a hold and what happens next,
when the next session is allowed, the check-in due, the supply left and the refill's state;
the joining checklist folds below. Before treatment it leads with the checklist."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from care.tests.course import bladder_flag, missed_check_in, red_flag_session
from clinical.holds import Hold
from journal.actions import patient_zone
from journal.models import HomeSession
from journal.tests.helpers import (
    HIGH,
    attempt,
    deliver,
    prescription_of,
    start,
    treated,
)
from patients.models import Patient, PatientStatus
from patients.tests.helpers import join
from pharmacy import actions as pharmacy_actions
from pharmacy.models import RefillStatus
from pharmacy.tests.helpers import checked_in, delivered, doses_taken, good_fill_details
from tests.personas import client_for
from workspace.today import clock, day_words, in_treatment, round_up_to_minute, today_for

HOME = reverse("workspace:home")


def home(patient: Patient) -> str:
    response = client_for(patient.user).get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def before(body: str, first: str, second: str) -> bool:
    assert first in body, first
    assert second in body, second
    return body.index(first) < body.index(second)


def test_before_treatment_the_page_leads_with_the_joining_checklist(db: Any) -> None:
    patient = join()
    assert not in_treatment(patient)
    body = home(patient)
    assert before(body, "Your next steps", "Your treatment")
    assert "0 of 6 done" in body
    assert "data-today" not in body


def test_in_treatment_the_page_leads_with_today_and_folds_the_checklist_below(
    db: Any, clinician_fl: Any
) -> None:
    patient = treated(clinician_fl)
    assert patient.status == PatientStatus.IN_TREATMENT
    body = home(patient)
    assert before(body, "<h1>", "Today, ")
    assert before(body, "Today, ", "Your treatment")
    assert before(body, "Messages", "Your joining steps: 6 of 6 done")
    assert "<details>" in body
    assert "Your next steps" not in body


def test_a_signed_prescription_is_treatment_whatever_the_status(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl, delivered=False)
    Patient.objects.filter(pk=patient.pk).update(status=PatientStatus.APPROVED)
    patient.refresh_from_db()
    assert in_treatment(patient)
    body = home(patient)
    assert "data-today" in body
    assert "There is no medicine on hand to take a dose from." in body
    assert "No session can start for now." in body


def test_a_patient_ready_for_a_session_is_told_so_and_may_start_one(
    db: Any, clinician_fl: Any
) -> None:
    patient = treated(clinician_fl)
    body = home(patient)
    assert "You can start a session now." in body
    assert reverse("journal:safety", args=[patient.public_id]) in body
    assert "24 of 24 units left from your last delivery: 12 doses." in body
    assert "You have not asked for a refill of your current prescription." in body


def test_on_hold_the_page_says_why_and_what_happens_next_first(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    bladder_flag(patient)
    body = home(patient)
    assert before(body, "Your doses are on hold", "Your next session")
    assert Hold.BLADDER.plain in body
    assert "What happens next:" in body
    assert "No session can start until your clinician has spoken with you." in body
    assert reverse("journal:safety", args=[patient.public_id]) not in body
    assert "data-crisis" not in body


def test_thoughts_of_self_harm_put_988_and_911_before_everything_else(
    db: Any, clinician_fl: Any
) -> None:
    patient = treated(clinician_fl)
    red_flag_session(patient)
    body = home(patient)
    assert before(body, 'href="tel:988"', "Your doses are on hold")
    assert before(body, 'href="tel:911"', "Your doses are on hold")
    assert Hold.SUICIDALITY.plain in body


def test_with_the_weeks_sessions_taken_the_next_one_is_tomorrow(db: Any, clinician_fl: Any) -> None:
    # Three a week: sessions about 6, 3 and 1 days ago. The oldest is moved to 10 am a week
    # before tomorrow, so the rolling week lets the next one start tomorrow at 10 am,
    # whatever the hour the test runs.
    patient = treated(clinician_fl)
    for days_ago in (6, 3, 1):
        start(patient, days_ago=days_ago, logged=True)
    oldest = HomeSession.objects.filter(patient=patient).order_by("started_at").first()
    assert oldest is not None
    zone = patient_zone(patient)
    tomorrow = timezone.now().astimezone(zone).date() + dt.timedelta(days=1)
    allowed = dt.datetime.combine(tomorrow, dt.time(10), tzinfo=zone)
    a_week_before = allowed.astimezone(dt.UTC) - dt.timedelta(days=7)
    HomeSession.objects.filter(pk=oldest.pk).update(started_at=a_week_before)
    body = home(patient)
    assert (
        f"Your next session can start from {clock(allowed)} tomorrow, {day_words(allowed.date())}."
    ) in body
    assert "You have had the 3 sessions allowed in 7 days." in body
    assert reverse("journal:safety", args=[patient.public_id]) not in body


def test_a_session_left_open_asks_for_its_after_questions(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    session = start(patient, days_ago=1)
    body = home(patient)
    assert "is still open." in body
    assert reverse("journal:during", args=[patient.public_id, session.public_id]) in body
    assert "Please finish the questions about your last session first." in body


def midday_or_later() -> dt.datetime:
    """Now, or midday today when it is earlier: two checks an hour apart fall on one day."""
    now = timezone.localtime()
    return max(now, now.replace(hour=12, minute=0, second=0, microsecond=0))


def test_two_refused_checks_today_mean_the_next_session_is_tomorrow(
    db: Any, clinician_fl: Any
) -> None:
    patient = treated(clinician_fl)
    now = midday_or_later()
    for minutes_ago in (60, 30):
        assert not attempt(patient, HIGH, at=now - dt.timedelta(minutes=minutes_ago)).session
    next_session = today_for(patient, now).next_session
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    assert next_session.words == (
        f"Your next session can start from 12:00 am tomorrow, {day_words(tomorrow)}."
    )
    assert any("there is no dose today" in why for why in next_session.why)


def test_a_refused_check_means_measuring_again_15_minutes_later(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    now = midday_or_later()
    attempt(patient, HIGH, at=now - dt.timedelta(minutes=5))
    next_session = today_for(patient, now).next_session
    assert next_session.at == round_up_to_minute(now + dt.timedelta(minutes=10))
    assert not next_session.now
    assert next_session.words.startswith("Your next session can start from ")


def test_a_check_in_due_today_leads_to_it(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    due = missed_check_in(patient, days_ago=0)
    body = home(patient)
    assert "Due today: Worry and anxiety (GAD-7)." in body
    assert reverse("journal:check_in", args=[patient.public_id, due.instrument]) in body


def test_an_overdue_check_in_asks_for_it_today(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    due = missed_check_in(patient, days_ago=3)
    assert due.due_on is not None
    assert (
        f"Due since {day_words(due.due_on)}: Worry and anxiety (GAD-7). Please do it today."
    ) in home(patient)


def test_the_first_session_schedules_the_next_check_in(db: Any, clinician_fl: Any) -> None:
    patient = treated(clinician_fl)
    assert "No check-in is due." in home(patient)
    start(patient, logged=True)
    first = patient.check_ins.filter(completed_at__isnull=True).order_by("due_on").first()
    assert first is not None and first.due_on is not None
    assert first.due_on > timezone.localdate()
    assert f"{day_words(first.due_on)}: {first.get_instrument_display()}." in home(patient)


def test_low_supply_says_so_and_asks_for_a_refill(db: Any, clinician_fl: Any) -> None:
    # Four units of 50 mg, two a dose: two doses left, fewer than the three a week.
    patient = treated(clinician_fl, delivered=False)
    deliver(prescription_of(patient), quantity=4)
    body = home(patient)
    assert "4 of 4 units left from your last delivery: 2 doses." in body
    assert "That is a week's doses or fewer." in body
    assert "Ask for a refill in good time." in body


@pytest.fixture
def half_taken(db: Any, clinician_fl: Any, pharmacist: Any) -> Patient:
    """The first fill delivered 10 days ago, and half of it taken in sessions a day apart
    up to yesterday."""
    patient = treated(clinician_fl, delivered=False)
    fill = pharmacy_actions.do_queue_original_fill(prescription_of(patient))
    delivered(fill, pharmacist)
    doses_taken(fill, 12)
    return patient


def test_a_refill_waiting_for_the_clinician(half_taken: Patient) -> None:
    checked_in(half_taken)
    asked = pharmacy_actions.do_request_refill(half_taken, by=half_taken.user)
    assert asked.request is not None
    assert asked.request.status == RefillStatus.AWAITING_CLINICIAN, asked.request.reasons
    body = home(half_taken)
    assert "is waiting for your clinician&#x27;s approval." in body
    assert "12 of 24 units left from your last delivery: 6 doses." in body
    assert "data-supply-low" not in body


def test_a_refused_refill_gives_its_reasons(half_taken: Patient) -> None:
    asked = pharmacy_actions.do_request_refill(half_taken, by=half_taken.user)
    assert asked.request is not None and asked.request.status == RefillStatus.REFUSED
    body = home(half_taken)
    assert "could not go ahead:" in body
    for reason in asked.request.plain_reasons:
        assert reason.replace("'", "&#x27;") in body


def test_a_declined_refill_gives_the_clinicians_reason(
    half_taken: Patient, clinician_fl: Any
) -> None:
    checked_in(half_taken)
    request = pharmacy_actions.do_request_refill(half_taken, by=half_taken.user).request
    assert request is not None
    pharmacy_actions.do_decline_refill(
        request, by=clinician_fl, reason="Let us talk at your visit on Monday first."
    )
    body = home(half_taken)
    assert "Your clinician did not approve the refill you asked for on" in body
    assert "Let us talk at your visit on Monday first." in body


def test_an_approved_refill_shows_where_its_fill_is(
    half_taken: Patient, clinician_fl: Any, pharmacist: Any
) -> None:
    checked_in(half_taken)
    request = pharmacy_actions.do_request_refill(half_taken, by=half_taken.user).request
    fill = pharmacy_actions.do_approve_refill(half_taken, by=clinician_fl, request=request)
    assert "approved the refill you asked for on" in home(half_taken)
    assert "The pharmacy is preparing it." in home(half_taken)
    pharmacy_actions.do_verify_fill(fill, by=pharmacist)
    pharmacy_actions.do_fill(fill, by=pharmacist, **good_fill_details())
    shipment = pharmacy_actions.do_ship(
        fill, by=pharmacist, carrier_name="UPS", tracking_number="1Z999AA10123456785"
    )
    shipped_on = day_words(shipment.shipped_at.astimezone(patient_zone(half_taken)).date())
    assert f"It was shipped on {shipped_on}. An adult must sign for it." in home(half_taken)
