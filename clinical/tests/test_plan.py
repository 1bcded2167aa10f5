"""A plan's dose and safety limits, and the home-session vitals gate."""

import pytest

from clinical.plan import (
    Phase,
    PhaseDoseLimits,
    PlanLimits,
    SessionSafetyLimits,
    check_plan_limits,
    dose_above_plan,
    doses_per_week_above_plan,
)
from clinical.policy import DEFAULT_POLICY

INDUCTION = PhaseDoseLimits(mg_per_session=200, sessions_per_week=2)
MAINTENANCE = PhaseDoseLimits(mg_per_session=150, sessions_per_week=1)
PRACTICE = SessionSafetyLimits()


def plan(
    induction: PhaseDoseLimits = INDUCTION,
    maintenance: PhaseDoseLimits = MAINTENANCE,
    safety: SessionSafetyLimits = PRACTICE,
) -> PlanLimits:
    return PlanLimits(induction=induction, maintenance=maintenance, safety=safety)


def test_the_safety_limits_default_to_160_over_100_and_a_pulse_of_100() -> None:
    assert PlanLimits(induction=INDUCTION, maintenance=MAINTENANCE).safety == SessionSafetyLimits(
        no_dose_systolic_from=160, no_dose_diastolic_from=100, no_dose_heart_rate_above=100
    )


def test_a_sound_plan_has_no_problems() -> None:
    assert check_plan_limits(plan()) == []


def test_it_gives_the_limits_of_each_phase() -> None:
    assert plan().for_phase(Phase.INDUCTION) is INDUCTION
    assert plan().for_phase(Phase.MAINTENANCE) is MAINTENANCE


def test_maintenance_may_equal_induction() -> None:
    assert check_plan_limits(plan(maintenance=INDUCTION)) == []


def test_it_refuses_a_maintenance_dose_above_induction() -> None:
    assert check_plan_limits(plan(maintenance=PhaseDoseLimits(250, 1))) == [
        "The maintenance dose (250 mg) is above the induction dose (200 mg); "
        "maintenance is never more."
    ]


def test_it_refuses_more_maintenance_sessions_than_induction() -> None:
    (problem,) = check_plan_limits(plan(maintenance=PhaseDoseLimits(150, 3)))
    assert problem.startswith("Maintenance allows 3 sessions a week, more than induction's 2")


@pytest.mark.parametrize("mg", [0, -100, DEFAULT_POLICY.dose_ceiling_mg + 1, 150.5, True])
def test_it_refuses_a_dose_that_is_not_a_sane_whole_number(mg: int) -> None:
    assert check_plan_limits(plan(induction=PhaseDoseLimits(mg, 2)))


def test_the_ceiling_dose_itself_is_allowed() -> None:
    ceiling = DEFAULT_POLICY.dose_ceiling_mg
    assert check_plan_limits(plan(induction=PhaseDoseLimits(ceiling, 2))) == []


def test_a_stricter_ceiling_caps_the_plan() -> None:
    (problem,) = check_plan_limits(plan(induction=PhaseDoseLimits(250, 2)), ceiling_mg=200)
    assert "ceiling of 200 mg" in problem


@pytest.mark.parametrize(("sessions", "sound"), [(0, False), (1, True), (7, True), (8, False)])
def test_sessions_a_week_run_from_1_to_7(sessions: int, sound: bool) -> None:
    induction = PhaseDoseLimits(200, sessions)
    maintenance = PhaseDoseLimits(150, 1 if sessions >= 1 else 0)
    assert (check_plan_limits(plan(induction, maintenance)) == []) is sound


@pytest.mark.parametrize(
    ("safety", "sound"),
    [
        (SessionSafetyLimits(no_dose_systolic_from=150), True),
        (SessionSafetyLimits(no_dose_systolic_from=161), False),
        (SessionSafetyLimits(no_dose_systolic_from=120), True),
        (SessionSafetyLimits(no_dose_systolic_from=119), False),
        (SessionSafetyLimits(no_dose_diastolic_from=95), True),
        (SessionSafetyLimits(no_dose_diastolic_from=101), False),
        (SessionSafetyLimits(no_dose_heart_rate_above=90), True),
        (SessionSafetyLimits(no_dose_heart_rate_above=110), False),
    ],
)
def test_a_plan_may_be_stricter_than_the_practice_never_looser(
    safety: SessionSafetyLimits, sound: bool
) -> None:
    assert (check_plan_limits(plan(safety=safety)) == []) is sound


def test_a_looser_limit_is_refused_in_plain_words() -> None:
    (problem,) = check_plan_limits(plan(safety=SessionSafetyLimits(no_dose_systolic_from=170)))
    assert problem == (
        "The top blood pressure number limit must be a whole number from 120 to 160: "
        "a plan may be stricter than the practice's 160, never looser."
    )


def test_a_dose_at_the_plan_is_within_it_and_one_mg_more_is_not() -> None:
    assert dose_above_plan(INDUCTION, 200) is None
    assert (
        dose_above_plan(INDUCTION, 201) == "A dose of 201 mg is above the plan's 200 mg a session."
    )


def test_doses_a_week_at_the_plan_are_within_it_and_one_more_is_not() -> None:
    assert doses_per_week_above_plan(MAINTENANCE, 1) is None
    assert doses_per_week_above_plan(MAINTENANCE, 2) == (
        "The plan allows 1 session a week at the most; 2 doses a week is more."
    )
