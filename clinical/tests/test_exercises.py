"""The physical-therapy window: the exercises, when they fall due, and progress through GMI."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinical.exercises import (
    DESENSITISATION,
    EXERCISES,
    GMI_EXERCISES,
    IMAGINED_MOVEMENT,
    LIMB_RECOGNITION,
    LOGS_TO_ADVANCE,
    MIRROR_THERAPY,
    TEXTURES,
    Exercise,
    ExerciseKind,
    ExerciseLog,
    ExerciseProgramme,
    GmiPhase,
    phase_progress,
    schedule_window,
    validate_exercise_log,
)

NEW_YORK = ZoneInfo("America/New_York")
SESSION_END = datetime(2026, 3, 2, 19, 30, tzinfo=NEW_YORK)
START = datetime(2026, 3, 2, 21, 0, tzinfo=UTC)


def logs(
    code: str, count: int, discomfort: int = 2, completed: bool = True, start: datetime = START
) -> list[ExerciseLog]:
    return [
        ExerciseLog(code, start + timedelta(hours=n), completed, discomfort) for n in range(count)
    ]


def syllables(word: str) -> int:
    groups = len(re.findall(r"[aeiouy]+", word.lower()))
    if word.lower().endswith("e") and not word.lower().endswith(("le", "ee")) and groups > 1:
        groups -= 1
    return max(1, groups)


def reading_grade(text: str) -> float:
    """The Flesch-Kincaid grade, with syllables counted as vowel groups."""
    sentences = [s for s in re.split(r"[.!?]+", text) if s.strip()]
    words = re.findall(r"[A-Za-z'-]+", text)
    per_word = sum(syllables(w) for w in words) / len(words)
    return 0.39 * len(words) / len(sentences) + 11.8 * per_word - 15.59


def test_gmi_has_three_phases_in_their_published_order() -> None:
    assert list(GmiPhase) == [
        GmiPhase.LIMB_RECOGNITION,
        GmiPhase.IMAGINED_MOVEMENT,
        GmiPhase.MIRROR_THERAPY,
    ]
    assert [GMI_EXERCISES[p] for p in GmiPhase] == [
        LIMB_RECOGNITION,
        IMAGINED_MOVEMENT,
        MIRROR_THERAPY,
    ]
    assert all(e.kind is ExerciseKind.GRADED_MOTOR_IMAGERY for e in GMI_EXERCISES.values())


def test_desensitisation_runs_beside_gmi_with_textures_from_soft_to_rough() -> None:
    assert DESENSITISATION.kind is ExerciseKind.DESENSITISATION
    assert DESENSITISATION.phase is None
    assert TEXTURES[0].startswith("silk") and "rough" in TEXTURES[-1]


@pytest.mark.parametrize("exercise", list(EXERCISES.values()), ids=list(EXERCISES))
def test_every_exercise_has_short_steps_a_grade_8_reader_can_follow(exercise: Exercise) -> None:
    steps = exercise.steps
    assert 3 <= len(steps) <= 6
    assert all(len(step) <= 160 for step in steps)
    assert reading_grade(" ".join(steps)) <= 8


def test_the_window_holds_the_plans_exercises_on_the_day_and_the_next_two() -> None:
    programme = ExerciseProgramme(gmi_phase=GmiPhase.IMAGINED_MOVEMENT, desensitisation=True)
    schedule = schedule_window(SESSION_END, programme)
    assert [(s.day, s.exercise.code) for s in schedule] == [
        (0, "imagined_movement"),
        (0, "desensitisation"),
        (1, "imagined_movement"),
        (1, "desensitisation"),
        (2, "imagined_movement"),
        (2, "desensitisation"),
    ]


def test_the_first_slot_runs_from_one_to_three_hours_after_the_session() -> None:
    (first,) = schedule_window(SESSION_END, ExerciseProgramme(GmiPhase.LIMB_RECOGNITION, False))[:1]
    assert first.starts_at == SESSION_END + timedelta(hours=1)
    assert first.ends_at == SESSION_END + timedelta(hours=3)


def test_later_slots_keep_the_same_wall_clock_time_across_a_clock_change() -> None:
    before_dst = datetime(2026, 3, 7, 19, 0, tzinfo=NEW_YORK)
    schedule = schedule_window(before_dst, ExerciseProgramme(GmiPhase.MIRROR_THERAPY, False))
    assert [(s.starts_at.date().isoformat(), s.starts_at.hour) for s in schedule] == [
        ("2026-03-07", 20),
        ("2026-03-08", 20),
        ("2026-03-09", 20),
    ]
    assert [s.starts_at.utcoffset() for s in schedule] == [
        timedelta(hours=-5),
        timedelta(hours=-4),
        timedelta(hours=-4),
    ]


def test_a_programme_without_exercises_schedules_nothing() -> None:
    assert schedule_window(SESSION_END, ExerciseProgramme(None, False)) == []


def test_only_desensitisation_is_scheduled_when_the_plan_has_no_gmi() -> None:
    schedule = schedule_window(SESSION_END, ExerciseProgramme(None, True))
    assert {s.exercise for s in schedule} == {DESENSITISATION}


def test_a_session_end_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        schedule_window(datetime(2026, 3, 2, 19, 30), ExerciseProgramme(None, True))  # noqa: DTZ001


def test_a_new_patient_starts_at_left_or_right() -> None:
    progress = phase_progress([])
    assert (progress.phase, progress.comfortable_logs, progress.finished) == (
        GmiPhase.LIMB_RECOGNITION,
        0,
        False,
    )
    assert progress.plain == "Phase 1 of 3 (left or right?): 0 of 10 comfortable sessions done."


@pytest.mark.parametrize(
    ("count", "phase", "comfortable"),
    [
        (9, GmiPhase.LIMB_RECOGNITION, 9),
        (10, GmiPhase.IMAGINED_MOVEMENT, 0),
        (11, GmiPhase.IMAGINED_MOVEMENT, 0),
    ],
)
def test_ten_comfortable_exercises_move_the_patient_to_the_next_phase(
    count: int, phase: GmiPhase, comfortable: int
) -> None:
    progress = phase_progress(logs("limb_recognition", count))
    assert (progress.phase, progress.comfortable_logs) == (phase, comfortable)


@pytest.mark.parametrize(("discomfort", "counts"), [(2, True), (3, True), (4, False)])
def test_an_exercise_counts_only_with_discomfort_at_3_or_less(
    discomfort: int, counts: bool
) -> None:
    progress = phase_progress(logs("limb_recognition", 10, discomfort=discomfort))
    assert (progress.phase is GmiPhase.IMAGINED_MOVEMENT) is counts


def test_an_unfinished_exercise_does_not_count() -> None:
    assert phase_progress(logs("limb_recognition", 10, completed=False)).comfortable_logs == 0


def test_exercises_of_another_phase_do_not_count() -> None:
    mixed = logs("mirror_therapy", 10) + logs("desensitisation", 10) + logs("limb_recognition", 4)
    progress = phase_progress(mixed)
    assert (progress.phase, progress.comfortable_logs) == (GmiPhase.LIMB_RECOGNITION, 4)


def test_logs_are_replayed_in_time_order_whatever_order_they_come_in() -> None:
    history = logs("limb_recognition", 10) + logs(
        "imagined_movement", 3, start=START + timedelta(days=5)
    )
    assert phase_progress(reversed(history)).comfortable_logs == 3


def test_imagined_movements_before_left_or_right_is_done_do_not_carry_over() -> None:
    early = logs("imagined_movement", 5)
    later = logs("limb_recognition", 10, start=START + timedelta(days=2))
    progress = phase_progress(early + later)
    assert (progress.phase, progress.comfortable_logs) == (GmiPhase.IMAGINED_MOVEMENT, 0)


def test_thirty_comfortable_exercises_finish_the_programme() -> None:
    history = (
        logs("limb_recognition", 10)
        + logs("imagined_movement", 10, start=START + timedelta(days=20))
        + logs("mirror_therapy", 12, start=START + timedelta(days=40))
    )
    progress = phase_progress(history)
    assert (progress.phase, progress.comfortable_logs, progress.finished) == (
        GmiPhase.MIRROR_THERAPY,
        LOGS_TO_ADVANCE,
        True,
    )
    assert progress.plain.startswith("All three phases done")


@pytest.mark.parametrize(
    ("log", "problems"),
    [
        (ExerciseLog("mirror_therapy", START, True, 0), 0),
        (ExerciseLog("mirror_therapy", START, True, 10), 0),
        (ExerciseLog("mirror_therapy", START, True, 11), 1),
        (ExerciseLog("mirror_therapy", START, True, -1), 1),
        (ExerciseLog("yoga", START, True, 2), 1),
    ],
)
def test_an_exercise_log_needs_a_known_exercise_and_discomfort_0_to_10(
    log: ExerciseLog, problems: int
) -> None:
    assert len(validate_exercise_log(log)) == problems


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(EXERCISES)), st.booleans(), st.integers(0, 10)),
        max_size=60,
    )
)
def test_progress_never_goes_back_as_logs_are_added(entries: list[tuple[str, bool, int]]) -> None:
    history = [
        ExerciseLog(code, START + timedelta(hours=n), completed, discomfort)
        for n, (code, completed, discomfort) in enumerate(entries)
    ]
    reached = [
        (p.phase, p.finished, p.comfortable_logs)
        for p in (phase_progress(history[:n]) for n in range(len(history) + 1))
    ]
    assert [(phase, finished) for phase, finished, _ in reached] == sorted(
        (phase, finished) for phase, finished, _ in reached
    )
    assert all(0 <= comfortable <= LOGS_TO_ADVANCE for _, _, comfortable in reached)
