"""Outcome figures: each threshold on the line and either side; a practice view done by hand."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.outcomes import (
    Measurement,
    PainResponse,
    Pathway,
    PathwaySeries,
    PatientCourse,
    WeekOutcome,
    describe_pain,
    describe_phq9,
    measurement_at_week,
    pain_response,
    percent_change,
    phq9_outcome,
    practice_outcomes,
    retention,
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


def test_the_week_value_is_the_nearest_measurement_within_7_days_either_side() -> None:
    course = series(
        Pathway.CRPS,
        ("01-05", "8.0"),
        ("01-25", "7.0"),  # 8 days before week 4: outside
        ("01-26", "6.0"),  # 7 days before: inside
        ("02-09", "5.0"),  # 7 days after: inside
        ("02-10", "4.0"),  # 8 days after: outside
    )
    found = measurement_at_week(course, 4)
    assert found == Measurement(on("01-26"), D("6.0"))
    assert measurement_at_week(series(Pathway.CRPS, ("01-05", 8), ("02-10", 4)), 4) is None
    assert measurement_at_week(series(Pathway.CRPS, ("01-05", 8), ("01-25", 4)), 4) is None


def test_the_baseline_itself_is_never_a_week_value() -> None:
    assert measurement_at_week(series(Pathway.CRPS, ("01-05", 8)), 1) is None
    assert measurement_at_week(PathwaySeries(Pathway.CRPS, ()), 4) is None


# A fixed practice, every baseline on Monday 5 January 2026. Week 4 is 2 February (window
# 26 January to 9 February), week 8 is 2 March (23 February to 9 March), week 12 is
# 30 March (23 March to 6 April).
PRACTICE = (
    PatientCourse(
        "p1",
        (
            series(
                Pathway.CRPS,
                ("01-05", "8.0"),
                ("02-02", "6.0"),  # week 4: -25%
                ("02-16", "5.0"),  # in no window
                ("03-03", "4.0"),  # week 8: -50%
                ("03-30", "3.2"),  # week 12: -60%
            ),
        ),
        sessions=12,
        adverse_events=1,
        stopped=False,
    ),
    PatientCourse(
        "p2",
        (
            series(
                Pathway.CRPS,
                ("01-05", "6.0"),
                ("01-29", "4.2"),  # week 4: exactly -30%, a response
                ("04-06", "4.5"),  # week 12, on the window's last day: -25%
            ),
        ),
        sessions=8,
        adverse_events=0,
        stopped=True,
    ),
    PatientCourse(
        "p3",
        (
            series(
                Pathway.CHRONIC_PAIN,
                ("01-05", "5.0"),
                ("01-26", "4.0"),  # week 4, on the window's first day: -20%
                ("02-10", "2.0"),  # a day past the week 4 window
            ),
        ),
        sessions=3,
        adverse_events=1,
        stopped=True,
    ),
    PatientCourse(
        "p4",
        (
            series(
                Pathway.DEPRESSION,
                ("01-05", 18),
                ("01-30", 12),  # 3 days before week 4 ...
                ("02-05", 8),  # ... and 3 days after: the tie goes to the earlier, -33.3%
                ("03-02", 9),  # week 8: -50%
                ("03-30", 4),  # week 12: -77.8%
            ),
        ),
        sessions=10,
        adverse_events=2,
        stopped=False,
    ),
    PatientCourse(
        "p5",
        (
            series(Pathway.DEPRESSION, ("01-05", 12), ("02-02", 7), ("03-02", 6)),
            series(Pathway.ANXIETY, ("01-05", 10), ("02-02", 5), ("03-02", 6)),
        ),
        sessions=4,
        adverse_events=0,
        stopped=False,
    ),
    PatientCourse(
        "p6",
        (series(Pathway.PTSD, ("01-05", 4), ("02-02", 2)),),
        sessions=2,
        adverse_events=0,
        stopped=True,
    ),
)


def test_the_practice_view_matches_the_figures_worked_by_hand() -> None:
    view = practice_outcomes(PRACTICE)
    by_pathway = {p.pathway: p for p in view.pathways}

    assert list(by_pathway) == [
        Pathway.CRPS,
        Pathway.CHRONIC_PAIN,
        Pathway.DEPRESSION,
        Pathway.ANXIETY,
    ]

    # CRPS: p1 and p2. Week 4: -25% (no) and -30% (yes), median (-25 - 30) / 2.
    # Week 8: only p1, -50%. Week 12: -60% (yes) and -25% (no), median (-60 - 25) / 2.
    assert by_pathway[Pathway.CRPS].patients == 2
    assert by_pathway[Pathway.CRPS].weeks == (
        WeekOutcome(4, 2, 1, D("50.0"), D("-27.5")),
        WeekOutcome(8, 1, 1, D("100.0"), D("-50.0")),
        WeekOutcome(12, 2, 1, D("50.0"), D("-42.5")),
    )

    # Chronic pain: p3 alone, -20% at week 4 and nothing after.
    assert by_pathway[Pathway.CHRONIC_PAIN].weeks == (
        WeekOutcome(4, 1, 0, D("0.0"), D("-20.0")),
        WeekOutcome(8, 0, 0, None, None),
        WeekOutcome(12, 0, 0, None, None),
    )

    # Depression: p4 and p5. Week 4: 18 -> 12 is -100/3 %, 12 -> 7 is -125/3 %, neither
    # halved; median -(100/3 + 125/3) / 2 = -37.5. Week 8: 18 -> 9 and 12 -> 6, both -50%.
    # Week 12: p4 alone, 18 -> 4 is -700/9 % = -77.78 %.
    assert by_pathway[Pathway.DEPRESSION].weeks == (
        WeekOutcome(4, 2, 0, D("0.0"), D("-37.5")),
        WeekOutcome(8, 2, 2, D("100.0"), D("-50.0")),
        WeekOutcome(12, 1, 1, D("100.0"), D("-77.8")),
    )

    # Anxiety: p5 alone. 10 -> 5 is -50% (a response), 10 -> 6 is -40%.
    assert by_pathway[Pathway.ANXIETY].weeks == (
        WeekOutcome(4, 1, 1, D("100.0"), D("-50.0")),
        WeekOutcome(8, 1, 0, D("0.0"), D("-40.0")),
        WeekOutcome(12, 0, 0, None, None),
    )

    # Adverse events 1 + 0 + 1 + 2 + 0 + 0 = 4 over 12 + 8 + 3 + 10 + 4 + 2 = 39 sessions:
    # 400 / 39 = 10.256 per 100 sessions.
    assert (view.sessions, view.adverse_events) == (39, 4)
    assert view.adverse_events_per_100_sessions == D("10.3")

    # Settled: p1 and p4 reached six sessions; p2, p3 and p6 stopped; p5 is still early in
    # treatment. Stopped before six: p3 (3) and p6 (2), so 2 of 5.
    assert (view.retention.settled, view.retention.stopped_early) == (5, 2)
    assert view.retention.stopped_early_percent == D("40.0")


def test_a_practice_with_no_patients_reports_no_figures() -> None:
    view = practice_outcomes([])
    assert view.adverse_events_per_100_sessions is None
    assert view.retention.stopped_early_percent is None
    assert all(w.response_rate is None for p in view.pathways for w in p.weeks)


def test_a_baseline_of_zero_leaves_that_patient_out_of_the_week() -> None:
    zero = PatientCourse("z", (series(Pathway.CRPS, ("01-05", 0), ("02-02", 0)),), 6, 0, False)
    (week_4, *_) = practice_outcomes([zero]).pathways[0].weeks
    assert week_4.measured == 0


@pytest.mark.parametrize(
    ("sessions", "stopped", "settled", "early"),
    [(5, True, 1, 1), (6, True, 1, 0), (5, False, 0, 0), (6, False, 1, 0)],
)
def test_stopping_before_the_sixth_session_counts_against_retention(
    sessions: int, stopped: bool, settled: int, early: int
) -> None:
    result = retention([PatientCourse("p", (), sessions, 0, stopped)])
    assert (result.settled, result.stopped_early) == (settled, early)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 27), st.integers(0, 27), st.integers(21, 35)),
        min_size=1,
        max_size=8,
    )
)
def test_week_4_figures_stay_within_their_bounds(points: list[tuple[int, int, int]]) -> None:
    courses = [
        PatientCourse(
            f"p{n}",
            (
                PathwaySeries(
                    Pathway.DEPRESSION,
                    (Measurement(START, baseline), Measurement(START + timedelta(days=day), now)),
                ),
            ),
            sessions=6,
            adverse_events=0,
            stopped=False,
        )
        for n, (baseline, now, day) in enumerate(points)
    ]
    depression = next(
        p for p in practice_outcomes(courses).pathways if p.pathway is Pathway.DEPRESSION
    )
    week_4 = depression.weeks[0]
    changes = [percent_change(b, c) for b, c, _ in points]
    assert week_4.measured == len(points)
    assert 0 <= week_4.responders <= week_4.measured
    assert week_4.median_change is not None
    assert (
        min(c for c in changes if c is not None)
        <= week_4.median_change
        <= max(c for c in changes if c is not None)
    )
