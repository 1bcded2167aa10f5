"""The home-session gate on every limit and checklist item, the clinician flag, and red flags."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from care.clinical.plan import PhaseDoseLimits, PlanLimits, SessionSafetyLimits
from journal.safety import (
    AdverseEventGrade,
    AfterSessionLog,
    BloodPressure,
    RedFlagKind,
    SafetyItem,
    SafetyVerdict,
    SessionChecklist,
    SessionLimits,
    SideEffect,
    VitalSigns,
    check_session_safety,
    red_flags,
    should_flag_clinician,
    validate_after_log,
)

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
PRACTICE = SessionLimits()
READY = SessionChecklist(
    monitor_present=True,
    nothing_eaten_for_two_hours=True,
    no_driving_for_rest_of_day=True,
    safe_place_to_rest=True,
)


def vitals(
    systolic: int = 128, diastolic: int = 82, heart_rate: int = 72, at: datetime = NOW
) -> VitalSigns:
    return VitalSigns(systolic, diastolic, heart_rate, at)


def verdict(readings: VitalSigns, checklist: SessionChecklist = READY) -> SafetyVerdict:
    return check_session_safety(PRACTICE, readings, checklist)


def high_at(at: datetime, systolic: int = 165) -> SafetyVerdict:
    return verdict(vitals(systolic=systolic, at=at))


def after(**fields: object) -> AfterSessionLog:
    log: dict[str, object] = {"pain_now": 3, "dissociation": 4}
    log.update(fields)
    return AfterSessionLog(**log)  # type: ignore[arg-type]


def test_the_practice_defaults_are_160_over_100_and_a_pulse_of_100() -> None:
    assert (
        PRACTICE.no_dose_systolic_from,
        PRACTICE.no_dose_diastolic_from,
        PRACTICE.no_dose_heart_rate_above,
    ) == (160, 100, 100)


def test_normal_readings_and_a_complete_checklist_let_the_session_start() -> None:
    result = verdict(vitals())
    assert result.may_start
    assert result.problems == ()
    assert not result.vital_signs_failed


@pytest.mark.parametrize(("systolic", "passes"), [(159, True), (160, False), (161, False)])
def test_no_dose_from_a_systolic_of_160(systolic: int, passes: bool) -> None:
    result = verdict(vitals(systolic=systolic))
    assert result.may_start is passes
    assert (SafetyItem.BLOOD_PRESSURE in result.failed_items) is not passes


@pytest.mark.parametrize(("diastolic", "passes"), [(99, True), (100, False), (101, False)])
def test_no_dose_from_a_diastolic_of_100(diastolic: int, passes: bool) -> None:
    result = verdict(vitals(diastolic=diastolic))
    assert result.may_start is passes


@pytest.mark.parametrize(("pulse", "passes"), [(99, True), (100, True), (101, False)])
def test_no_dose_with_a_pulse_over_100(pulse: int, passes: bool) -> None:
    result = verdict(vitals(heart_rate=pulse))
    assert result.may_start is passes
    assert (SafetyItem.HEART_RATE in result.failed_items) is not passes


def test_a_plan_can_set_stricter_limits() -> None:
    strict = SessionLimits(
        no_dose_systolic_from=150, no_dose_diastolic_from=95, no_dose_heart_rate_above=90
    )
    assert not check_session_safety(strict, vitals(systolic=150), READY).may_start
    assert check_session_safety(
        strict, vitals(systolic=149, diastolic=94, heart_rate=90), READY
    ).may_start
    assert not check_session_safety(strict, vitals(heart_rate=91), READY).may_start


def test_the_limits_are_the_care_plans_own_so_a_plan_passes_straight_in() -> None:
    assert SessionLimits is SessionSafetyLimits
    plan = PlanLimits(PhaseDoseLimits(200, 2), PhaseDoseLimits(150, 1), SessionSafetyLimits(150))
    assert not check_session_safety(plan.safety, vitals(systolic=150), READY).may_start


def test_high_blood_pressure_says_rest_recheck_and_skip_today_if_still_high() -> None:
    (problem,) = verdict(vitals(systolic=164)).problems
    assert problem.item is SafetyItem.BLOOD_PRESSURE
    assert "15 minutes" in problem.what_to_do
    assert "160/100 or higher, do not take your dose today" in problem.what_to_do
    assert "If this happens again, your clinician will be told" in problem.what_to_do
    assert "911" not in problem.what_to_do


def test_a_fast_pulse_says_rest_recheck_and_skip_today_if_still_fast() -> None:
    (problem,) = verdict(vitals(heart_rate=112)).problems
    assert "15 minutes" in problem.what_to_do
    assert "over 100 beats a minute" in problem.what_to_do


@pytest.mark.parametrize(
    ("systolic", "diastolic", "very_high"), [(179, 109, False), (180, 90, True), (150, 110, True)]
)
def test_a_very_high_reading_adds_when_to_call_911(
    systolic: int, diastolic: int, very_high: bool
) -> None:
    result = verdict(vitals(systolic=systolic, diastolic=diastolic))
    assert result.very_high_blood_pressure is very_high
    (problem,) = result.problems
    assert ("call 911 now" in problem.what_to_do) is very_high


@pytest.mark.parametrize(
    ("systolic", "diastolic", "pulse"),
    [
        (12, 8, 70),
        (120, 120, 70),
        (80, 120, 70),
        (301, 90, 70),
        (130, 25, 70),
        (130, 80, 20),
        (130, 80, 300),
    ],
)
def test_a_reading_that_cannot_be_right_blocks_the_session_as_a_reading_to_repeat(
    systolic: int, diastolic: int, pulse: int
) -> None:
    result = verdict(vitals(systolic, diastolic, pulse))
    assert not result.may_start
    assert result.failed_items == (SafetyItem.READING,)
    assert "measure again" in result.problems[0].what_to_do
    assert not result.vital_signs_failed


@pytest.mark.parametrize(
    ("answer", "item"),
    [
        ("monitor_present", SafetyItem.MONITOR),
        ("nothing_eaten_for_two_hours", SafetyItem.FASTING),
        ("no_driving_for_rest_of_day", SafetyItem.DRIVING),
        ("safe_place_to_rest", SafetyItem.SAFE_PLACE),
    ],
)
def test_each_checklist_answer_of_no_blocks_the_session_with_its_own_advice(
    answer: str, item: SafetyItem
) -> None:
    checklist = replace(READY, **{answer: False})
    result = verdict(vitals(), checklist)
    assert not result.may_start
    assert result.failed_items == (item,)
    assert result.problems[0].what_to_do
    assert not result.vital_signs_failed


def test_every_failing_item_is_listed_at_once() -> None:
    nothing_ready = SessionChecklist(False, False, False, False)
    result = verdict(vitals(systolic=170, heart_rate=120), nothing_ready)
    assert result.failed_items == (
        SafetyItem.BLOOD_PRESSURE,
        SafetyItem.HEART_RATE,
        SafetyItem.MONITOR,
        SafetyItem.FASTING,
        SafetyItem.DRIVING,
        SafetyItem.SAFE_PLACE,
    )
    assert len({p.what_to_do for p in result.problems}) == 6


def test_one_failed_reading_does_not_flag_the_clinician() -> None:
    assert not should_flag_clinician([high_at(NOW)])


def test_a_failed_recheck_after_rest_flags_the_clinician() -> None:
    assert should_flag_clinician([high_at(NOW), high_at(NOW + timedelta(minutes=15))])


@pytest.mark.parametrize(
    ("gap", "flagged"),
    [
        (timedelta(days=6, hours=23), True),
        (timedelta(days=7), True),
        (timedelta(days=7, minutes=1), False),
    ],
)
def test_two_failures_flag_the_clinician_only_within_7_days(gap: timedelta, flagged: bool) -> None:
    assert should_flag_clinician([high_at(NOW), high_at(NOW + gap)]) is flagged


def test_the_flag_does_not_depend_on_the_order_or_kind_of_collection() -> None:
    later, earlier = high_at(NOW + timedelta(days=3)), high_at(NOW)
    assert should_flag_clinician(iter([later, verdict(vitals()), earlier]))


def test_passed_checks_and_checklist_failures_do_not_count_towards_the_flag() -> None:
    no_monitor = verdict(
        vitals(at=NOW + timedelta(days=1)), SessionChecklist(False, True, True, True)
    )
    passed = verdict(vitals(at=NOW + timedelta(days=2)))
    assert not should_flag_clinician([high_at(NOW), no_monitor, passed])


def test_a_single_very_high_reading_flags_the_clinician() -> None:
    assert should_flag_clinician([high_at(NOW, systolic=185)])


def test_a_clean_after_session_log_raises_no_red_flag() -> None:
    assert red_flags(after(side_effects=frozenset({SideEffect.NAUSEA, SideEffect.HEADACHE}))) == []


def test_bladder_symptoms_are_a_moderate_red_flag() -> None:
    (flag,) = red_flags(after(side_effects=frozenset({SideEffect.BLADDER})))
    assert flag.kind is RedFlagKind.BLADDER_SYMPTOMS
    assert flag.grade is AdverseEventGrade.MODERATE
    assert "blood in your urine" in flag.what_to_do


def test_any_thought_of_self_harm_is_a_serious_red_flag_pointing_to_988() -> None:
    (flag,) = red_flags(after(self_harm_thoughts=True))
    assert flag.kind is RedFlagKind.SELF_HARM_THOUGHTS
    assert flag.grade is AdverseEventGrade.SERIOUS
    assert "988" in flag.what_to_do and "911" in flag.what_to_do


@pytest.mark.parametrize(
    ("systolic", "diastolic", "flagged"),
    [(179, 109, False), (180, 80, True), (181, 80, True), (140, 110, True), (140, 111, True)],
)
def test_very_high_blood_pressure_after_a_session_is_a_serious_red_flag(
    systolic: int, diastolic: int, flagged: bool
) -> None:
    flags = red_flags(after(blood_pressure=BloodPressure(systolic, diastolic)))
    assert [f.kind for f in flags] == ([RedFlagKind.VERY_HIGH_BLOOD_PRESSURE] if flagged else [])
    assert all(f.grade is AdverseEventGrade.SERIOUS for f in flags)


@pytest.mark.parametrize(
    ("effects", "dissociation", "severe"),
    [
        ({SideEffect.VOMITING}, 4, False),
        ({SideEffect.CONFUSION}, 4, False),
        ({SideEffect.VOMITING, SideEffect.CONFUSION}, 4, True),
        ({SideEffect.CONFUSION}, 9, False),
        ({SideEffect.CONFUSION}, 10, True),
        (set(), 10, False),
        ({SideEffect.VOMITING}, 10, False),
    ],
)
def test_a_severe_reaction_is_confusion_with_vomiting_or_with_dissociation_at_10(
    effects: set[SideEffect], dissociation: int, severe: bool
) -> None:
    flags = red_flags(after(side_effects=frozenset(effects), dissociation=dissociation))
    assert (RedFlagKind.SEVERE_REACTION in [f.kind for f in flags]) is severe
    assert all(f.grade is AdverseEventGrade.SERIOUS for f in flags)


def test_red_flags_come_most_urgent_first_each_with_what_to_do() -> None:
    flags = red_flags(
        after(
            dissociation=10,
            side_effects=frozenset({SideEffect.BLADDER, SideEffect.CONFUSION}),
            blood_pressure=BloodPressure(190, 100),
            self_harm_thoughts=True,
        )
    )
    assert [f.kind for f in flags] == [
        RedFlagKind.SELF_HARM_THOUGHTS,
        RedFlagKind.VERY_HIGH_BLOOD_PRESSURE,
        RedFlagKind.SEVERE_REACTION,
        RedFlagKind.BLADDER_SYMPTOMS,
    ]
    assert all(f.what_to_do for f in flags)


def test_only_a_serious_grade_holds_dosing() -> None:
    assert [g for g in AdverseEventGrade if g.holds_dosing] == [AdverseEventGrade.SERIOUS]


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        ({}, 0),
        ({"pain_now": -1}, 1),
        ({"pain_now": 11}, 1),
        ({"dissociation": 11}, 1),
        ({"pain_now": 10, "dissociation": 0}, 0),
        ({"blood_pressure": BloodPressure(80, 120)}, 1),
        ({"blood_pressure": BloodPressure(135, 85)}, 0),
    ],
)
def test_the_after_session_log_takes_0_to_10_and_a_believable_pressure(
    fields: dict[str, object], problems: int
) -> None:
    assert len(validate_after_log(after(**fields))) == problems


@settings(max_examples=200, deadline=None)
@given(
    st.integers(50, 300),
    st.integers(30, 200),
    st.integers(25, 250),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_the_session_starts_exactly_when_every_check_passes(
    systolic: int,
    diastolic: int,
    pulse: int,
    monitor: bool,
    fasted: bool,
    no_driving: bool,
    safe_place: bool,
) -> None:
    result = verdict(
        vitals(systolic, diastolic, pulse),
        SessionChecklist(monitor, fasted, no_driving, safe_place),
    )
    every_check_passes = (
        diastolic < systolic
        and systolic < 160
        and diastolic < 100
        and pulse <= 100
        and monitor
        and fasted
        and no_driving
        and safe_place
    )
    assert result.may_start is every_check_passes
