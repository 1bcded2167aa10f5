"""The dose offered never passes the plan per session, the plan per week, the fill, or a hold."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from care.clinical.plan import PhaseDoseLimits
from journal.dosing import (
    DoseLimit,
    DoseOffer,
    PlanDoseLimits,
    PrescribedDose,
    dose_offer,
    next_session_from,
    sessions_in_rolling_week,
)

TODAY = date(2026, 3, 6)
PLAN = PlanDoseLimits(mg_per_session=200, sessions_per_week=2)
TWO_TROCHES = PrescribedDose(strength_mg=100, units_per_dose=2, max_doses_per_week=3)


def days_ago(*days: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in days]


def offer(
    plan: PlanDoseLimits = PLAN,
    prescription: PrescribedDose = TWO_TROCHES,
    sessions: list[date] | None = None,
    supply: int = 12,
    on_hold: bool = False,
) -> DoseOffer:
    return dose_offer(plan, prescription, sessions or [], supply, on_hold, today=TODAY)


def test_with_nothing_in_the_way_the_whole_prescribed_dose_is_offered() -> None:
    result = offer()
    assert (result.units, result.mg) == (2, 200)
    assert result.may_dose and result.is_full_dose
    assert result.limits == () and result.reasons == ()


def test_the_offer_never_passes_the_plans_mg_per_session() -> None:
    result = offer(plan=PlanDoseLimits(mg_per_session=150, sessions_per_week=2))
    assert (result.units, result.mg) == (1, 100)
    assert result.limits == (DoseLimit.PLAN_PER_SESSION,)
    assert "more than your treatment plan allows" in result.reasons[0]


def test_a_plan_below_one_unit_offers_nothing() -> None:
    result = offer(plan=PlanDoseLimits(mg_per_session=99, sessions_per_week=2))
    assert result.units == 0 and not result.may_dose


@pytest.mark.parametrize(("mg", "units"), [(199, 1), (200, 2), (201, 2), (400, 2)])
def test_the_plan_limit_is_met_on_the_line_and_never_crossed(mg: int, units: int) -> None:
    assert offer(plan=PlanDoseLimits(mg_per_session=mg, sessions_per_week=2)).units == units


@pytest.mark.parametrize(
    ("earlier_sessions", "units"),
    [
        ((1,), 2),
        ((1, 6), 0),
        ((1, 7), 2),
        ((0, 3), 0),
        ((6, 7, 8), 2),
    ],
)
def test_sessions_count_in_the_7_days_ending_today(
    earlier_sessions: tuple[int, ...], units: int
) -> None:
    assert offer(sessions=days_ago(*earlier_sessions)).units == units


def test_a_full_week_says_when_the_next_session_fits() -> None:
    result = offer(sessions=days_ago(1, 5))
    assert result.limits == (DoseLimit.WEEKLY_SESSIONS,)
    assert result.next_session_from == date(2026, 3, 8)
    assert "Sunday, March 8" in result.reasons[0]
    assert offer(sessions=days_ago(1, 5)).units == 0


def test_on_the_day_the_next_session_fits_the_week_has_room() -> None:
    sessions = days_ago(1, 5)
    assert dose_offer(PLAN, TWO_TROCHES, sessions, 12, False, today=date(2026, 3, 8)).units == 2
    assert dose_offer(PLAN, TWO_TROCHES, sessions, 12, False, today=date(2026, 3, 7)).units == 0


def test_a_session_dated_after_today_still_counts() -> None:
    assert offer(sessions=[TODAY + timedelta(days=1), TODAY - timedelta(days=2)]).units == 0


def test_a_plan_allowing_no_sessions_offers_nothing_and_names_no_date() -> None:
    result = offer(plan=PlanDoseLimits(mg_per_session=200, sessions_per_week=0))
    assert result.units == 0
    assert result.next_session_from is None
    assert result.limits == (DoseLimit.WEEKLY_SESSIONS,)


@pytest.mark.parametrize(("supply", "units"), [(0, 0), (1, 1), (2, 2), (3, 2), (-1, 0)])
def test_the_offer_never_passes_the_supply_left_in_the_fill(supply: int, units: int) -> None:
    result = offer(supply=supply)
    assert result.units == units
    assert (DoseLimit.SUPPLY in result.limits) is (supply < 2)


def test_with_no_fill_on_hand_nothing_is_offered_and_the_page_says_so() -> None:
    result = dose_offer(PLAN, TWO_TROCHES, [], None, False, today=TODAY)
    assert (result.units, result.mg) == (0, 0)
    assert not result.may_dose
    assert result.limits == (DoseLimit.NO_FILL,)
    assert "no medicine from the pharmacy on hand" in result.reasons[0]


def test_a_part_dose_from_a_low_supply_says_so_and_suggests_a_refill() -> None:
    result = offer(supply=1)
    assert not result.is_full_dose
    assert result.reasons == (
        "Only 1 unit left in this fill, less than your usual dose. You can ask for a refill.",
    )


def test_a_hold_for_a_serious_adverse_event_offers_nothing_and_says_why() -> None:
    result = offer(on_hold=True)
    assert result.units == 0
    assert result.limits == (DoseLimit.ON_HOLD,)
    assert "serious side effect" in result.reasons[0]


def test_every_limit_in_the_way_is_listed() -> None:
    result = offer(
        plan=PlanDoseLimits(mg_per_session=100, sessions_per_week=1),
        sessions=days_ago(2),
        supply=1,
        on_hold=True,
    )
    assert result.units == 0
    assert result.limits == (
        DoseLimit.ON_HOLD,
        DoseLimit.WEEKLY_SESSIONS,
        DoseLimit.SUPPLY,
        DoseLimit.PLAN_PER_SESSION,
    )
    assert len(result.reasons) == 4


def test_the_rolling_week_lists_its_sessions_newest_first() -> None:
    assert sessions_in_rolling_week(days_ago(9, 6, 0, 3), TODAY) == days_ago(0, 3, 6)


def test_the_prescriptions_weekly_doses_hold_when_fewer_than_the_plans() -> None:
    once_a_week = PrescribedDose(strength_mg=100, units_per_dose=2, max_doses_per_week=1)
    result = offer(prescription=once_a_week, sessions=days_ago(4))
    assert result.units == 0
    assert result.limits == (DoseLimit.WEEKLY_SESSIONS,)
    assert result.next_session_from == TODAY + timedelta(days=3)


def test_a_second_dose_on_the_same_day_is_never_offered() -> None:
    roomy = PlanDoseLimits(mg_per_session=200, sessions_per_week=7)
    daily = PrescribedDose(strength_mg=100, units_per_dose=2, max_doses_per_week=7)
    result = offer(plan=roomy, prescription=daily, sessions=days_ago(0))
    assert result.units == 0
    assert result.limits == (DoseLimit.DAILY_DOSES,)
    assert result.next_session_from == TODAY + timedelta(days=1)
    assert "already had the 1 dose allowed today" in result.reasons[0]
    assert offer(plan=roomy, prescription=daily, sessions=days_ago(1)).units == 2


def test_next_session_from_finds_the_first_day_with_room() -> None:
    assert next_session_from(days_ago(1, 5), TODAY, per_week=2, per_day=1) == date(2026, 3, 8)
    assert next_session_from(days_ago(0), TODAY, per_week=7, per_day=1) == TODAY + timedelta(days=1)
    assert next_session_from([], TODAY, per_week=0, per_day=1) is None


def test_a_prescription_needs_a_strength_and_at_least_one_unit_once() -> None:
    with pytest.raises(ValueError):
        PrescribedDose(strength_mg=0, units_per_dose=1, max_doses_per_week=1)
    with pytest.raises(ValueError):
        PrescribedDose(strength_mg=100, units_per_dose=0, max_doses_per_week=1)
    with pytest.raises(ValueError):
        PrescribedDose(strength_mg=100, units_per_dose=1, max_doses_per_week=0)


def test_the_plan_limits_are_the_care_plans_own() -> None:
    assert PlanDoseLimits is PhaseDoseLimits


@settings(max_examples=400, deadline=None)
@given(
    mg_per_session=st.integers(0, 600),
    sessions_per_week=st.integers(0, 7),
    strength=st.integers(1, 300),
    units=st.integers(1, 4),
    doses_per_week=st.integers(1, 7),
    doses_per_day=st.integers(1, 2),
    session_days=st.lists(st.integers(-2, 20), max_size=10),
    supply=st.none() | st.integers(-2, 40),
    on_hold=st.booleans(),
)
def test_the_offer_never_exceeds_any_limit_and_is_the_most_they_allow(
    mg_per_session: int,
    sessions_per_week: int,
    strength: int,
    units: int,
    doses_per_week: int,
    doses_per_day: int,
    session_days: list[int],
    supply: int | None,
    on_hold: bool,
) -> None:
    plan = PlanDoseLimits(mg_per_session, sessions_per_week)
    prescription = PrescribedDose(strength, units, doses_per_week, doses_per_day)
    result = dose_offer(plan, prescription, days_ago(*session_days), supply, on_hold, today=TODAY)

    in_week = sum(1 for day in session_days if day <= 6)
    on_the_day = session_days.count(0)
    assert result.mg == result.units * strength
    assert 0 <= result.units <= units
    assert result.mg <= mg_per_session
    left = max(supply or 0, 0)
    assert result.units <= left
    if supply is None:
        assert result.units == 0 and DoseLimit.NO_FILL in result.limits
    if on_hold or in_week >= min(sessions_per_week, doses_per_week) or on_the_day >= doses_per_day:
        assert result.units == 0
    else:
        assert result.units == min(units, mg_per_session // strength, left)
    assert len(result.limits) == len(result.reasons)
    assert result.is_full_dose is (result.limits == ())
