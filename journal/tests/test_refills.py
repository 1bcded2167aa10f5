"""The refill gate: each refusal, each flag, and every boundary on the line and either side."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.refills import (
    RefillDecision,
    RefillFacts,
    RefillFlag,
    RefillOutcome,
    RefillRefusal,
    check_refill_gate,
)

TODAY = date(2026, 3, 20)

GOOD = RefillFacts(
    today=TODAY,
    subscription_active=True,
    last_check_in_on=TODAY - timedelta(days=3),
    serious_adverse_event_open=False,
    refills_remaining=3,
    prescription_issued_on=date(2026, 1, 15),
    last_fill_on=TODAY - timedelta(days=24),
    days_supply=28,
    quantity_dispensed=16,
    sessions_since_last_fill=7,
    units_per_dose=2,
)


def gate(**changes: object) -> RefillDecision:
    return check_refill_gate(replace(GOOD, **changes))  # type: ignore[arg-type]


def test_a_request_that_meets_every_rule_goes_to_the_clinician_unflagged() -> None:
    decision = gate()
    assert decision.outcome is RefillOutcome.AWAITING_CLINICIAN
    assert not decision.refused
    assert decision.refusals == () and decision.flags == () and decision.reasons == ()


def test_it_refuses_without_an_active_subscription() -> None:
    decision = gate(subscription_active=False)
    assert decision.refused
    assert decision.refusals == (RefillRefusal.SUBSCRIPTION_INACTIVE,)
    assert "subscription is not active" in decision.reasons[0]


@pytest.mark.parametrize(
    ("days_ago", "refused"), [(0, False), (13, False), (14, False), (15, True)]
)
def test_it_needs_a_check_in_from_the_last_14_days(days_ago: int, refused: bool) -> None:
    decision = gate(last_check_in_on=TODAY - timedelta(days=days_ago))
    assert (RefillRefusal.NO_RECENT_CHECK_IN in decision.refusals) is refused
    assert decision.refused is refused


def test_it_refuses_when_there_has_never_been_a_check_in() -> None:
    assert gate(last_check_in_on=None).refusals == (RefillRefusal.NO_RECENT_CHECK_IN,)


def test_it_refuses_while_a_serious_adverse_event_is_open() -> None:
    decision = gate(serious_adverse_event_open=True)
    assert decision.refusals == (RefillRefusal.SERIOUS_ADVERSE_EVENT_OPEN,)
    assert "serious side effect" in decision.reasons[0]


@pytest.mark.parametrize(("left", "refused"), [(0, True), (1, False), (5, False)])
def test_it_needs_a_refill_left(left: int, refused: bool) -> None:
    assert gate(refills_remaining=left).refused is refused


@pytest.mark.parametrize(
    ("today", "refused"),
    [(date(2026, 7, 14), False), (date(2026, 7, 15), False), (date(2026, 7, 16), True)],
)
def test_a_prescription_refills_up_to_six_months_to_the_day(today: date, refused: bool) -> None:
    decision = gate(
        today=today,
        last_check_in_on=today,
        last_fill_on=today - timedelta(days=25),
    )
    assert decision.prescription_expires_on == date(2026, 7, 15)
    assert (RefillRefusal.PRESCRIPTION_EXPIRED in decision.refusals) is refused
    assert decision.refused is refused


@pytest.mark.parametrize(
    ("issued_on", "last_day"),
    [
        (date(2026, 1, 15), date(2026, 7, 15)),
        (date(2025, 8, 31), date(2026, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2026, 12, 31), date(2027, 6, 30)),
        (date(2026, 9, 30), date(2027, 3, 30)),
        (date(2026, 2, 28), date(2026, 8, 28)),
    ],
)
def test_six_months_are_calendar_months_clamped_to_the_month_end(
    issued_on: date, last_day: date
) -> None:
    assert gate(prescription_issued_on=issued_on).prescription_expires_on == last_day


@pytest.mark.parametrize(
    ("today", "refused"), [(date(2026, 2, 28), False), (date(2026, 3, 1), True)]
)
def test_on_the_clamped_last_day_it_refills_and_the_next_day_it_does_not(
    today: date, refused: bool
) -> None:
    decision = gate(
        today=today,
        prescription_issued_on=date(2025, 8, 31),
        last_check_in_on=date(2026, 2, 27),
        last_fill_on=date(2026, 2, 1),
    )
    assert decision.refusals == ((RefillRefusal.PRESCRIPTION_EXPIRED,) if refused else ())


def test_it_refuses_a_refill_of_a_prescription_never_filled() -> None:
    decision = gate(last_fill_on=None)
    assert decision.refusals == (RefillRefusal.NOT_YET_FILLED,)
    assert decision.flags == ()


def test_every_refusal_is_given_at_once_with_its_plain_reason() -> None:
    decision = gate(
        subscription_active=False,
        last_check_in_on=TODAY - timedelta(days=30),
        serious_adverse_event_open=True,
        refills_remaining=0,
        prescription_issued_on=date(2025, 9, 1),
    )
    assert decision.refusals == (
        RefillRefusal.SUBSCRIPTION_INACTIVE,
        RefillRefusal.NO_RECENT_CHECK_IN,
        RefillRefusal.SERIOUS_ADVERSE_EVENT_OPEN,
        RefillRefusal.NO_REFILLS_LEFT,
        RefillRefusal.PRESCRIPTION_EXPIRED,
    )
    assert len(set(decision.reasons)) == 5


@pytest.mark.parametrize(("days_since_fill", "early"), [(20, True), (21, False), (22, False)])
def test_before_75_percent_of_a_28_day_supply_a_request_is_flagged_early(
    days_since_fill: int, early: bool
) -> None:
    decision = gate(last_fill_on=TODAY - timedelta(days=days_since_fill))
    assert not decision.refused
    assert (RefillFlag.EARLY in decision.flags) is early


@pytest.mark.parametrize(("days_since_fill", "early"), [(22, True), (23, False)])
def test_75_percent_of_a_30_day_supply_falls_between_days_22_and_23(
    days_since_fill: int, early: bool
) -> None:
    decision = gate(days_supply=30, last_fill_on=TODAY - timedelta(days=days_since_fill))
    assert (RefillFlag.EARLY in decision.flags) is early


@pytest.mark.parametrize(("sessions", "flagged"), [(5, True), (6, False), (7, False)])
def test_sessions_logged_under_75_percent_of_the_units_dispensed_are_flagged(
    sessions: int, flagged: bool
) -> None:
    decision = gate(sessions_since_last_fill=sessions)
    assert not decision.refused
    assert (RefillFlag.FEW_SESSIONS_LOGGED in decision.flags) is flagged


def test_an_early_request_with_few_sessions_carries_both_flags() -> None:
    decision = gate(last_fill_on=TODAY - timedelta(days=10), sessions_since_last_fill=2)
    assert decision.outcome is RefillOutcome.AWAITING_CLINICIAN
    assert decision.flags == (RefillFlag.EARLY, RefillFlag.FEW_SESSIONS_LOGGED)


def test_a_refused_request_still_shows_its_flags() -> None:
    decision = gate(subscription_active=False, last_fill_on=TODAY - timedelta(days=5))
    assert decision.refused
    assert RefillFlag.EARLY in decision.flags


@settings(max_examples=300, deadline=None)
@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.integers(0, 400))
def test_the_prescription_refills_until_six_calendar_months_on_and_never_after(
    issued_on: date, days_later: int
) -> None:
    today = issued_on + timedelta(days=days_later)
    decision = gate(today=today, prescription_issued_on=issued_on)
    last_day = decision.prescription_expires_on
    months = (last_day.year * 12 + last_day.month) - (issued_on.year * 12 + issued_on.month)
    assert months == 6
    assert last_day.day == issued_on.day or (last_day + timedelta(days=1)).day == 1
    assert (RefillRefusal.PRESCRIPTION_EXPIRED in decision.refusals) is (today > last_day)
