"""When the next session is allowed (``next_dose_from``), on and either side of each rule's
limit, and always the first moment the session gate itself (``dosing_blockers``) lets a
dose through."""

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinical.holds import Hold
from clinical.plan import SessionSafetyLimits
from clinical.policy import DEFAULT_POLICY
from clinical.safety import DosingFacts, Supply, dosing_blockers, next_dose_from

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=NEW_YORK)
"""Thursday 10 December 2026, 9:00 in the patient's own time."""
SUPPLY = Supply(unit_mg=75, prescription_dose_mg=150, units=24, units_used=8)
FACTS = DosingFacts(
    now=NOW,
    zone=NEW_YORK,
    has_plan=True,
    limits=SessionSafetyLimits(),
    plan_dose_mg=150,
    plan_doses_per_week=3,
    prescription_doses_per_week=3,
    supply=SUPPLY,
    refused_checks=(),
    session_starts=(),
    latest_session_logged=None,
)
MINUTE = timedelta(minutes=1)


def facts(**changes: object) -> DosingFacts:
    return replace(FACTS, **changes)  # type: ignore[arg-type]


def hours_ago(*hours: float) -> tuple[datetime, ...]:
    return tuple(NOW - timedelta(hours=h) for h in hours)


def test_a_patient_with_no_dose_yet_may_take_one_now() -> None:
    assert next_dose_from(FACTS) == NOW


@pytest.mark.parametrize(
    ("last_dose_hours_ago", "allowed"),
    [(19, NOW + timedelta(hours=1)), (20, NOW), (21, NOW)],
)
def test_a_dose_waits_20_hours_after_the_last_one_started(
    last_dose_hours_ago: float, allowed: datetime
) -> None:
    assert next_dose_from(facts(session_starts=hours_ago(last_dose_hours_ago))) == allowed


def test_yesterday_evenings_dose_means_tomorrow_morning_is_not_today() -> None:
    # A dose at 20:00 yesterday: 20 hours later is 16:00 today, not 9:00.
    last = datetime(2026, 12, 9, 20, 0, tzinfo=NEW_YORK)
    assert next_dose_from(facts(session_starts=(last,))) == datetime(
        2026, 12, 10, 16, 0, tzinfo=NEW_YORK
    )


def test_a_stricter_policy_waits_longer() -> None:
    stricter = DEFAULT_POLICY.stricter(hours_between_doses=24)
    assert next_dose_from(facts(session_starts=hours_ago(21)), stricter) == NOW + timedelta(hours=3)


def test_the_week_is_full_until_its_oldest_dose_is_7_days_old() -> None:
    # Three a week; doses 1, 3 and 6 days ago. The one of 6 days ago leaves the rolling
    # 7 days in one more day, to the minute.
    starts = (NOW - timedelta(days=1), NOW - timedelta(days=3), NOW - timedelta(days=6))
    assert next_dose_from(facts(session_starts=starts)) == NOW + timedelta(days=1)


@pytest.mark.parametrize(
    ("oldest", "allowed"),
    [
        (timedelta(days=7) - MINUTE, NOW + MINUTE),
        (timedelta(days=7), NOW),
        (timedelta(days=7) + MINUTE, NOW),
    ],
)
def test_a_dose_exactly_7_days_old_no_longer_counts(oldest: timedelta, allowed: datetime) -> None:
    starts = (NOW - timedelta(days=2), NOW - timedelta(days=4), NOW - oldest)
    assert next_dose_from(facts(session_starts=starts)) == allowed


def test_the_lesser_weekly_limit_of_the_plan_and_the_prescription_counts() -> None:
    starts = (NOW - timedelta(days=2), NOW - timedelta(days=5))
    assert next_dose_from(facts(session_starts=starts)) == NOW
    fewer = facts(session_starts=starts, prescription_doses_per_week=2)
    assert next_dose_from(fewer) == NOW + timedelta(days=2)
    assert next_dose_from(replace(fewer, plan_doses_per_week=2, prescription_doses_per_week=5)) == (
        NOW + timedelta(days=2)
    )


def test_the_later_of_the_20_hours_and_the_week_counts() -> None:
    # Two a week, doses 10 hours and 6 days 23 hours ago: the week frees up in an hour,
    # the 20 hours in ten.
    starts = (NOW - timedelta(hours=10), NOW - timedelta(days=6, hours=23))
    assert next_dose_from(facts(session_starts=starts, plan_doses_per_week=2)) == (
        NOW + timedelta(hours=10)
    )


@pytest.mark.parametrize(
    ("refused_minutes_ago", "allowed"),
    [(14, NOW + MINUTE), (15, NOW), (16, NOW)],
)
def test_a_refused_check_means_waiting_15_minutes(
    refused_minutes_ago: int, allowed: datetime
) -> None:
    refused = (NOW - timedelta(minutes=refused_minutes_ago),)
    assert next_dose_from(facts(refused_checks=refused)) == allowed


def test_a_check_refused_this_instant_means_waiting_15_minutes_from_now() -> None:
    assert next_dose_from(facts(refused_checks=(NOW,))) == NOW + timedelta(minutes=15)


def test_two_refused_checks_today_mean_the_next_dose_is_tomorrow() -> None:
    refused = (NOW - timedelta(hours=2), NOW - timedelta(hours=1))
    assert next_dose_from(facts(refused_checks=refused)) == datetime(
        2026, 12, 11, 0, 0, tzinfo=NEW_YORK
    )


def test_one_refused_check_today_and_one_yesterday_do_not_end_the_day() -> None:
    # 23:50 yesterday and 8:00 today are on two calendar days in New York.
    refused = (datetime(2026, 12, 9, 23, 50, tzinfo=NEW_YORK), NOW - timedelta(hours=1))
    assert next_dose_from(facts(refused_checks=refused)) == NOW


def test_the_day_is_the_patients_own_not_utc() -> None:
    # 20:30 and 21:00 in New York on the 10th are already the 11th in UTC; the day that
    # ends is the 10th, so the next dose is from midnight in New York.
    late = datetime(2026, 12, 10, 21, 30, tzinfo=NEW_YORK)
    refused = (late - timedelta(hours=1), late - timedelta(minutes=30))
    assert next_dose_from(facts(now=late, refused_checks=refused)) == datetime(
        2026, 12, 11, 0, 0, tzinfo=NEW_YORK
    )


def test_after_two_refusals_a_later_wait_still_counts() -> None:
    # A dose yesterday at 11:00 allowed one from 7:00 today; two refused checks today move
    # it to midnight. A full week that frees up only after midnight moves it further.
    refused = hours_ago(2, 1)
    assert next_dose_from(facts(refused_checks=refused, session_starts=hours_ago(22))) == (
        datetime(2026, 12, 11, 0, 0, tzinfo=NEW_YORK)
    )
    full_week = facts(
        refused_checks=refused,
        session_starts=(
            NOW - timedelta(days=1),
            NOW - timedelta(days=2),
            NOW - timedelta(days=6, hours=-20),
        ),
    )
    assert next_dose_from(full_week) == NOW + timedelta(days=1, hours=20)


def test_a_missing_after_log_does_not_move_the_time() -> None:
    assert next_dose_from(facts(latest_session_logged=False)) == NOW


@pytest.mark.parametrize(
    "changes",
    [
        {"has_plan": False, "plan_dose_mg": None, "plan_doses_per_week": None},
        {"supply": None},
        {"supply": Supply(unit_mg=75, prescription_dose_mg=150, units=24, units_used=24)},
        {"open_holds": frozenset({Hold.BLADDER})},
        {"open_holds": frozenset({Hold.ADVERSE_EVENT, Hold.SUICIDALITY})},
        {"prescription_doses_per_week": 0},
    ],
    ids=["no plan", "no supply", "none left", "a hold", "two holds", "no doses a week"],
)
def test_no_dose_without_the_care_team(changes: dict[str, object]) -> None:
    assert next_dose_from(facts(**changes)) is None


def test_the_last_units_still_make_a_dose() -> None:
    last = Supply(unit_mg=75, prescription_dose_mg=150, units=24, units_used=23)
    assert next_dose_from(facts(supply=last)) == NOW


# The whole rule against the gate: the moment returned is the first the gate allows.

offsets = st.integers(min_value=0, max_value=8 * 24 * 60)


@settings(max_examples=300, deadline=None)
@given(
    starts=st.lists(offsets, max_size=6),
    refused=st.lists(st.integers(min_value=0, max_value=36 * 60), max_size=3),
    plan_week=st.integers(min_value=1, max_value=7),
    prescription_week=st.one_of(st.none(), st.integers(min_value=1, max_value=7)),
    hour=st.integers(min_value=0, max_value=23),
)
def test_the_moment_is_the_first_the_session_gate_allows(
    starts: list[int],
    refused: list[int],
    plan_week: int,
    prescription_week: int | None,
    hour: int,
) -> None:
    now = NOW.replace(hour=hour)
    given_facts = facts(
        now=now,
        session_starts=tuple(now - timedelta(minutes=m) for m in starts),
        refused_checks=tuple(now - timedelta(minutes=m) for m in refused),
        plan_doses_per_week=plan_week,
        prescription_doses_per_week=prescription_week,
        latest_session_logged=True if starts else None,
    )
    allowed = next_dose_from(given_facts)
    assert allowed is not None
    assert allowed >= now
    assert dosing_blockers(replace(given_facts, now=allowed)) == []
    if allowed > now:
        just_before = allowed - timedelta(microseconds=1)
        assert dosing_blockers(replace(given_facts, now=just_before)) != []
