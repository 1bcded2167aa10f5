"""Outcome figures: each threshold on the line and either side; a practice view done by hand,
its weeks counted from each patient's first dose."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinical.holds import FlagKind
from clinical.outcomes import (
    SERIOUS_FLAGS,
    AdverseEventCount,
    Measurement,
    PainResponse,
    Pathway,
    PathwaySeries,
    PatientCourse,
    StoppedEarly,
    WeekOutcome,
    count_adverse_events,
    describe_pain,
    describe_phq9,
    is_due,
    measurement_at_week,
    pain_response,
    percent_change,
    phq9_outcome,
    practice_outcomes,
    reported_only,
    stopped_before_six,
    week_window,
)

D = Decimal
START = date(2026, 1, 5)


def on(day: str) -> date:
    return date.fromisoformat(f"2026-{day}")


def series(pathway: Pathway, *points: tuple[str, int | str]) -> PathwaySeries:
    return PathwaySeries(
        pathway,
        tuple(
            Measurement(on(day), D(score) if isinstance(score, str) else score)
            for day, score in points
        ),
    )


@pytest.mark.parametrize(
    ("baseline", "current", "change"),
    [
        (8, 4, D("-50.0")),
        (6, 4, D("-33.3")),
        (3, 2, D("-33.3")),
        (4, 6, D("50.0")),
        (5, 5, D("0.0")),
        (D("6.0"), D("4.2"), D("-30.0")),
        (D("7.0"), D("6.3"), D("-10.0")),
        (9, 1, D("-88.9")),
    ],
)
def test_percent_change_from_baseline_is_rounded_half_up_to_a_tenth(
    baseline: int | Decimal, current: int | Decimal, change: Decimal
) -> None:
    assert percent_change(baseline, current) == change


def test_there_is_no_percent_change_from_a_baseline_of_zero() -> None:
    assert percent_change(0, 3) is None


@pytest.mark.parametrize(
    ("current", "response"),
    [
        (D("7.1"), PainResponse.NOT_YET),
        (D("7.0"), PainResponse.MEANINGFUL),
        (D("6.9"), PainResponse.MEANINGFUL),
        (D("5.1"), PainResponse.MEANINGFUL),
        (D("5.0"), PainResponse.SUBSTANTIAL),
        (D("4.9"), PainResponse.SUBSTANTIAL),
        (D("0.0"), PainResponse.SUBSTANTIAL),
        (D("11.0"), PainResponse.NOT_YET),
    ],
)
def test_pain_30_percent_down_is_meaningful_and_50_percent_down_substantial(
    current: Decimal, response: PainResponse
) -> None:
    assert pain_response(D("10.0"), current) is response


def test_the_pain_thresholds_are_judged_on_the_exact_fall_not_the_rounded_one() -> None:
    assert percent_change(D("6.7"), D("4.7")) == D("-29.9")
    assert pain_response(D("6.7"), D("4.7")) is PainResponse.NOT_YET
    assert pain_response(D("3.0"), D("2.1")) is PainResponse.MEANINGFUL


def test_no_pain_response_can_be_judged_from_a_baseline_of_zero() -> None:
    assert pain_response(0, 0) is PainResponse.NOT_YET


@pytest.mark.parametrize(("current", "response"), [(11, False), (10, True), (9, True)])
def test_phq9_response_is_a_fall_of_half_or_more(current: int, response: bool) -> None:
    assert phq9_outcome(20, current).response is response


@pytest.mark.parametrize(("current", "remission"), [(6, False), (5, False), (4, True), (0, True)])
def test_phq9_remission_is_a_score_under_5(current: int, remission: bool) -> None:
    assert phq9_outcome(20, current).remission is remission


def test_a_phq9_course_can_be_a_response_and_a_remission_at_once() -> None:
    outcome = phq9_outcome(8, 4)
    assert outcome.response and outcome.remission


def test_each_result_reads_in_plain_words() -> None:
    assert describe_pain(D("8.0"), D("4.0")) == (
        "Your score is 4.0, 50.0% lower than at the start (8.0). "
        "A fall of half or more counts as a substantial improvement."
    )
    assert "meaningful improvement" in describe_pain(D("8.0"), D("5.6"))
    assert describe_pain(D("8.0"), D("9.0")).startswith("Your score is 9.0, 12.5% higher")
    assert describe_phq9(18, 4).endswith("in remission.")
    assert describe_phq9(18, 9).endswith("counts as a response.")
    assert describe_phq9(18, 12).endswith("fallen by half or more.")
    assert "no score to compare" in describe_phq9(0, 3)


# Weeks count from the first dose. With a first dose on Monday 5 January 2026, week 4 is
# 2 February (window 26 January to 9 February), week 8 is 2 March (23 February to
# 9 March), week 12 is 30 March (23 March to 6 April).
FIRST_DOSE = on("01-05")


def test_the_week_value_is_the_nearest_measurement_within_7_days_either_side() -> None:
    course = series(
        Pathway.CRPS,
        ("01-02", "8.0"),
        ("01-25", "7.0"),  # 8 days before week 4: outside
        ("01-26", "6.0"),  # 7 days before: inside
        ("02-09", "5.0"),  # 7 days after: inside
        ("02-10", "4.0"),  # 8 days after: outside
    )
    assert measurement_at_week(course, FIRST_DOSE, 4) == Measurement(on("01-26"), D("6.0"))
    only_after = series(Pathway.CRPS, ("01-02", 8), ("02-09", 5), ("02-10", 4))
    assert measurement_at_week(only_after, FIRST_DOSE, 4) == Measurement(on("02-09"), 5)
    for outside in ("01-25", "02-10"):
        lone = series(Pathway.CRPS, ("01-02", 8), (outside, 4))
        assert measurement_at_week(lone, FIRST_DOSE, 4) is None


def test_on_a_tie_the_earlier_measurement_is_the_week_value() -> None:
    course = series(Pathway.DEPRESSION, ("01-02", 18), ("01-30", 12), ("02-05", 8))
    assert measurement_at_week(course, FIRST_DOSE, 4) == Measurement(on("01-30"), 12)
    a_day_nearer = series(Pathway.DEPRESSION, ("01-02", 18), ("01-30", 12), ("02-04", 8))
    assert measurement_at_week(a_day_nearer, FIRST_DOSE, 4) == Measurement(on("02-04"), 8)


def test_weeks_count_from_the_first_dose_not_from_the_baseline() -> None:
    # Assessed on 2 January, first dose six weeks later on 16 February, measured on
    # 16 March: four weeks after the first dose, ten after the baseline.
    course = series(Pathway.CRPS, ("01-02", "7.0"), ("03-16", "3.5"))
    assert measurement_at_week(course, on("02-16"), 4) == Measurement(on("03-16"), D("3.5"))
    assert measurement_at_week(course, on("02-16"), 8) is None
    assert measurement_at_week(course, on("01-02"), 4) is None, "not from the assessment"
    assert week_window(on("02-16"), 4) == (on("03-09"), on("03-23"))


def test_the_baseline_itself_is_never_a_week_value() -> None:
    assert measurement_at_week(series(Pathway.CRPS, ("02-02", 8)), FIRST_DOSE, 4) is None
    assert measurement_at_week(PathwaySeries(Pathway.CRPS, ()), FIRST_DOSE, 4) is None


@pytest.mark.parametrize(
    ("today", "due"),
    [("02-08", False), ("02-09", False), ("02-10", True), ("04-20", True)],
)
def test_a_patient_with_no_week_value_counts_once_the_window_has_closed(
    today: str, due: bool
) -> None:
    unmeasured = series(Pathway.CRPS, ("01-02", 8))
    assert is_due(unmeasured, FIRST_DOSE, 4, on(today)) is due


def test_a_patient_measured_in_the_window_counts_while_it_is_still_open() -> None:
    measured = series(Pathway.CRPS, ("01-02", 8), ("01-27", 4))
    assert is_due(measured, FIRST_DOSE, 4, on("01-27"))


def course(
    name: str,
    *pathways: PathwaySeries,
    first_dose: date | None = FIRST_DOSE,
    sessions: int = 6,
    stopped: bool = False,
    adverse_events: tuple[int, int] = (0, 0),
) -> PatientCourse:
    every, serious = adverse_events
    return PatientCourse(
        name,
        first_dose=first_dose,
        series=pathways,
        sessions=sessions,
        adverse_events=every,
        serious_adverse_events=serious,
        stopped=stopped,
    )


TODAY = on("04-20")
"""Every window of a patient whose first dose was on 5 January has closed by then."""

# A fixed practice. Baselines are the assessment's scores of 2 January; first doses on
# 5 January unless said otherwise.
PRACTICE = (
    course(
        "p1",
        series(
            Pathway.CRPS,
            ("01-02", "8.0"),
            ("02-02", "6.0"),  # week 4: -25%
            ("02-16", "5.0"),  # in no window
            ("03-03", "4.0"),  # week 8: -50%
            ("03-30", "3.2"),  # week 12: -60%
        ),
        sessions=12,
        adverse_events=(1, 0),
    ),
    course(
        "p2",
        series(
            Pathway.CRPS,
            ("01-02", "6.0"),
            ("01-29", "4.2"),  # week 4: exactly -30%, a response
            ("04-06", "4.5"),  # week 12, on the window's last day: -25%
        ),
        sessions=8,
        stopped=True,
    ),
    course(
        "p3",
        series(
            Pathway.CHRONIC_PAIN,
            ("01-02", "5.0"),
            ("01-26", "4.0"),  # week 4, on the window's first day: -20%
            ("02-10", "2.0"),  # a day past the week 4 window
        ),
        sessions=3,
        stopped=True,
        adverse_events=(1, 1),
    ),
    course(
        "p4",
        series(
            Pathway.DEPRESSION,
            ("01-02", 18),
            ("01-30", 12),  # 3 days before week 4 ...
            ("02-05", 8),  # ... and 3 days after: the tie goes to the earlier, -33.3%
            ("03-02", 9),  # week 8: -50%
            ("03-30", 4),  # week 12: -77.8%
        ),
        sessions=10,
        adverse_events=(2, 1),
    ),
    course(
        "p5",
        series(Pathway.DEPRESSION, ("01-02", 12), ("02-02", 7), ("03-02", 6)),
        series(Pathway.ANXIETY, ("01-02", 10), ("02-02", 5), ("03-02", 6)),
        sessions=4,
    ),
    course("p6", series(Pathway.PTSD, ("01-02", 4), ("02-02", 2)), sessions=2, stopped=True),
    course(
        "p7",
        series(Pathway.CRPS, ("01-02", "7.0"), ("03-16", "3.5")),  # week 4 of a later start
        first_dose=on("02-16"),
        sessions=4,
    ),
    course(
        "p8",
        series(Pathway.CRPS, ("01-02", "6.0")),
        first_dose=None,
        sessions=0,
        stopped=True,
    ),
    course("p9", PathwaySeries(Pathway.CRPS, ()), sessions=6),
)


def test_the_practice_view_matches_the_figures_worked_by_hand() -> None:
    view = practice_outcomes(PRACTICE, TODAY)
    by_pathway = {p.pathway: p for p in view.pathways}

    assert list(by_pathway) == [
        Pathway.CRPS,
        Pathway.CHRONIC_PAIN,
        Pathway.DEPRESSION,
        Pathway.ANXIETY,
    ]

    # CRPS: p1, p2, p7 and p9 took a first dose; p8 did not and is in no week.
    # Week 4: p1 -25% (no), p2 -30% (yes), p7 -50% (yes, four weeks after its own first
    # dose), p9 never measured (counts, not a response): 2 of 4 by intention to treat,
    # 2 of 3 per protocol; median of -25, -30, -50.
    # Week 8: p1 -50% (yes); p2 stopped and p9 unmeasured, their windows closed: 1 of 3
    # and 1 of 1. p7's window (6 to 20 April) is still open on 20 April: not counted.
    # Week 12: p1 -60% (yes), p2 -25% (no), p9 unmeasured: 1 of 3 and 1 of 2.
    crps = by_pathway[Pathway.CRPS]
    assert (crps.patients, crps.not_started) == (4, 1)
    assert crps.weeks == (
        WeekOutcome(4, 4, 3, 2, D("50.0"), D("66.7"), D("-30.0")),
        WeekOutcome(8, 3, 1, 1, D("33.3"), D("100.0"), D("-50.0")),
        WeekOutcome(12, 3, 2, 1, D("33.3"), D("50.0"), D("-42.5")),
    )

    # Chronic pain: p3 alone, -20% at week 4; stopped, so counted and not measured after.
    assert by_pathway[Pathway.CHRONIC_PAIN].weeks == (
        WeekOutcome(4, 1, 1, 0, D("0.0"), D("0.0"), D("-20.0")),
        WeekOutcome(8, 1, 0, 0, D("0.0"), None, None),
        WeekOutcome(12, 1, 0, 0, D("0.0"), None, None),
    )

    # Depression: p4 and p5. Week 4: 18 -> 12 is -100/3 %, 12 -> 7 is -125/3 %, neither
    # halved; median -(100/3 + 125/3) / 2 = -37.5. Week 8: 18 -> 9 and 12 -> 6, both -50%.
    # Week 12: p4 18 -> 4 is -700/9 % = -77.78 %; p5, still in treatment, has no value.
    assert by_pathway[Pathway.DEPRESSION].weeks == (
        WeekOutcome(4, 2, 2, 0, D("0.0"), D("0.0"), D("-37.5")),
        WeekOutcome(8, 2, 2, 2, D("100.0"), D("100.0"), D("-50.0")),
        WeekOutcome(12, 2, 1, 1, D("50.0"), D("100.0"), D("-77.8")),
    )

    # Anxiety: p5 alone. 10 -> 5 is -50% (a response), 10 -> 6 is -40%, then nothing.
    assert by_pathway[Pathway.ANXIETY].weeks == (
        WeekOutcome(4, 1, 1, 1, D("100.0"), D("100.0"), D("-50.0")),
        WeekOutcome(8, 1, 1, 0, D("0.0"), D("0.0"), D("-40.0")),
        WeekOutcome(12, 1, 0, 0, D("0.0"), None, None),
    )

    # Sessions 12 + 8 + 3 + 10 + 4 + 2 + 4 + 0 + 6 = 49. Adverse events 1 + 1 + 2 = 4,
    # 400 / 49 = 8.16 per 100 sessions; serious 1 + 1 = 2, 200 / 49 = 4.08.
    assert (view.sessions, view.adverse_events, view.serious_adverse_events) == (49, 4, 2)
    assert view.adverse_events_per_100_sessions == D("8.2")
    assert view.serious_adverse_events_per_100_sessions == D("4.1")

    # Known: p1, p4 and p9 reached six sessions; p2, p3 and p6 stopped. p5 and p7 are
    # still early in treatment. Stopped before six: p3 (3) and p6 (2), 2 of 6. p8 stopped
    # before any dose and is counted apart.
    assert view.stopped_early == StoppedEarly(
        known=6, stopped_early=2, percent=D("33.3"), stopped_before_first_dose=1
    )


def test_a_practice_with_no_patients_reports_no_figures() -> None:
    view = practice_outcomes([], TODAY)
    assert view.adverse_events_per_100_sessions is None
    assert view.serious_adverse_events_per_100_sessions is None
    assert view.stopped_early.percent is None
    assert all(
        w.intention_to_treat_rate is None and w.per_protocol_rate is None
        for p in view.pathways
        for w in p.weeks
    )


def week_4(*courses: PatientCourse, today: date = TODAY) -> WeekOutcome:
    (crps, *_) = practice_outcomes(courses, today).pathways
    return crps.weeks[0]


def test_one_who_stopped_unmeasured_counts_as_not_responding_by_intention_to_treat() -> None:
    responded = course("r", series(Pathway.CRPS, ("01-02", 8), ("02-02", 4)))
    stopped = course("s", series(Pathway.CRPS, ("01-02", 8)), sessions=2, stopped=True)
    assert week_4(responded, stopped) == WeekOutcome(4, 2, 1, 1, D("50.0"), D("100.0"), D("-50.0"))


def test_a_patient_still_in_their_window_unmeasured_is_not_counted_yet() -> None:
    waiting = course("w", series(Pathway.CRPS, ("01-02", 8)), sessions=4)
    assert week_4(waiting, today=on("02-09")).intention_to_treat == 0
    assert week_4(waiting, today=on("02-10")).intention_to_treat == 1


def test_a_patient_with_no_dose_is_in_no_week() -> None:
    not_started = course("n", series(Pathway.CRPS, ("01-02", 8), ("02-02", 4)), first_dose=None)
    (crps, *_) = practice_outcomes([not_started], TODAY).pathways
    assert (crps.patients, crps.not_started) == (0, 1)
    assert all(w.intention_to_treat == w.per_protocol == 0 for w in crps.weeks)


def test_a_baseline_of_zero_counts_by_intention_to_treat_but_cannot_respond() -> None:
    zero = course("z", series(Pathway.CRPS, ("01-02", 0), ("02-02", 0)))
    assert week_4(zero) == WeekOutcome(4, 1, 0, 0, D("0.0"), None, None)


def test_the_serious_flags_are_those_that_open_the_adverse_event_hold() -> None:
    assert sorted(SERIOUS_FLAGS) == [FlagKind.SEVERE_REACTION, FlagKind.VERY_HIGH_BP]


def test_serious_adverse_events_are_counted_apart_from_all() -> None:
    counted = count_adverse_events(
        [False, True, False],
        [
            FlagKind.SEVERE_REACTION,
            FlagKind.VERY_HIGH_BP,
            FlagKind.BLADDER,
            FlagKind.SELF_HARM,
            FlagKind.VOMITING,
            FlagKind.HIGH_DISSOCIATION,
        ],
    )
    assert counted == AdverseEventCount(all=5, serious=3)
    assert count_adverse_events([], []) == AdverseEventCount(0, 0)


@pytest.mark.parametrize(
    ("sessions", "stopped", "known", "early"),
    [(5, True, 1, 1), (6, True, 1, 0), (7, True, 1, 0), (5, False, 0, 0), (6, False, 1, 0)],
)
def test_stopping_before_the_sixth_session_is_counted_among_those_whose_outcome_is_known(
    sessions: int, stopped: bool, known: int, early: int
) -> None:
    result = stopped_before_six([course("p", sessions=sessions, stopped=stopped)])
    assert (result.known, result.stopped_early) == (known, early)


def test_stopping_before_any_dose_is_counted_apart() -> None:
    result = stopped_before_six(
        [
            course("a", first_dose=None, sessions=0, stopped=True),
            course("b", first_dose=None, sessions=0, stopped=False),
        ]
    )
    assert result == StoppedEarly(
        known=0, stopped_early=0, percent=None, stopped_before_first_dose=1
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 27), st.integers(0, 27), st.integers(21, 35), st.booleans()),
        min_size=1,
        max_size=8,
    )
)
def test_week_4_figures_stay_within_their_bounds(
    points: list[tuple[int, int, int, bool]],
) -> None:
    courses = [
        course(
            f"p{n}",
            PathwaySeries(
                Pathway.DEPRESSION,
                (Measurement(START, baseline), Measurement(START + timedelta(days=day), now))
                if measured
                else (Measurement(START, baseline),),
            ),
            first_dose=START,
        )
        for n, (baseline, now, day, measured) in enumerate(points)
    ]
    depression = next(
        p for p in practice_outcomes(courses, TODAY).pathways if p.pathway is Pathway.DEPRESSION
    )
    week = depression.weeks[0]
    assert week.intention_to_treat == len(points)
    assert week.per_protocol == sum(1 for *_, measured in points if measured)
    assert 0 <= week.responders <= week.per_protocol <= week.intention_to_treat
    if week.intention_to_treat_rate is not None and week.per_protocol_rate is not None:
        assert week.intention_to_treat_rate <= week.per_protocol_rate
    changes = [percent_change(b, c) for b, c, _, measured in points if measured]
    if changes:
        assert week.median_change is not None
        assert (
            min(c for c in changes if c is not None)
            <= week.median_change
            <= max(c for c in changes if c is not None)
        )


def test_a_course_kept_for_the_figures_holds_its_baseline_and_week_values_only() -> None:
    (p1,) = [c for c in PRACTICE if c.patient == "p1"]
    (crps,) = reported_only(p1).series
    # 16 February is in no week's window: not kept.
    assert [m.on for m in crps.measurements] == [on("01-02"), on("02-02"), on("03-03"), on("03-30")]
    (p8,) = [c for c in PRACTICE if c.patient == "p8"]
    assert reported_only(p8) == p8, "no dose: the baseline is all there is to keep"


@pytest.mark.parametrize("today", [on("01-20"), on("02-03"), on("03-01"), TODAY])
def test_the_courses_kept_for_the_figures_give_the_same_figures(today: date) -> None:
    assert practice_outcomes([reported_only(c) for c in PRACTICE], today) == practice_outcomes(
        PRACTICE, today
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-20, 120), st.integers(0, 27)), min_size=1, max_size=12),
    st.integers(0, 120),
)
def test_any_course_kept_for_the_figures_gives_the_same_figures(
    points: list[tuple[int, int]], today_after: int
) -> None:
    whole = course(
        "p",
        PathwaySeries(
            Pathway.DEPRESSION,
            tuple(
                Measurement(START + timedelta(days=day), score)
                for day, score in sorted(points, key=lambda point: point[0])
            ),
        ),
        first_dose=START,
    )
    today = START + timedelta(days=today_after)
    assert practice_outcomes([reported_only(whole)], today) == practice_outcomes([whole], today)
