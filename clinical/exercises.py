"""The physical-therapy window after a session: the exercises, their timing, and progress.

Graded motor imagery (GMI) runs in three phases, always in this order: telling left from
right limbs in pictures, imagining moving the painful limb, then mirror therapy. Moseley's
trials gave about two weeks to each phase and found that the order matters. Desensitisation
runs beside it: touching the painful skin with textures from soft to rough.

``schedule_window`` places the plan's exercises while pain is lower after a dose: once on
the day, from 1 to 3 hours after the session ends (the session ends when the after-session
log is done and the effects have worn off), then at the same time of day on each of the next
two days, each slot two hours long. Times keep the patient's wall-clock time across a
daylight-saving change.

``phase_progress`` moves a patient to the next GMI phase after 10 completed exercises in the
current phase with discomfort at 3 or less out of 10. At three windows a session and one or
two sessions a week, that is two to three weeks a phase, close to the trials' two weeks,
and it waits longer for someone who finds a phase uncomfortable.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

FIRST_SLOT_AFTER = timedelta(hours=1)
SLOT_LENGTH = timedelta(hours=2)
WINDOW_DAYS = 3
LOGS_TO_ADVANCE = 10
COMFORTABLE_AT_OR_BELOW = 3


class GmiPhase(IntEnum):
    """The three phases of graded motor imagery, in the order they are done."""

    LIMB_RECOGNITION = 1
    IMAGINED_MOVEMENT = 2
    MIRROR_THERAPY = 3

    @property
    def label(self) -> str:
        """The phase in plain words."""
        return _PHASE_LABELS[self]


_PHASE_LABELS = {
    GmiPhase.LIMB_RECOGNITION: "left or right?",
    GmiPhase.IMAGINED_MOVEMENT: "imagined movements",
    GmiPhase.MIRROR_THERAPY: "mirror therapy",
}


class ExerciseKind(StrEnum):
    """The two kinds of exercise in the window."""

    GRADED_MOTOR_IMAGERY = "graded_motor_imagery"
    DESENSITISATION = "desensitisation"


@dataclass(frozen=True, slots=True)
class Exercise:
    """One exercise: what it is called, how long it takes, and its steps in plain words."""

    code: str
    kind: ExerciseKind
    title: str
    minutes: int
    steps: tuple[str, ...]
    phase: GmiPhase | None = None


TEXTURES = (
    "silk or a soft scarf",
    "a cotton T-shirt",
    "a towel",
    "wool or felt",
    "the rough side of a kitchen sponge",
)
"""Desensitisation textures, from the softest to the roughest."""

LIMB_RECOGNITION = Exercise(
    "limb_recognition",
    ExerciseKind.GRADED_MOTOR_IMAGERY,
    "Left or right?",
    10,
    (
        "Sit somewhere quiet with the picture cards or the app.",
        "Look at each picture of a hand or foot and say as fast as you can if it is a left "
        "or a right one.",
        "Do not move your own hand or foot to check. Just look and decide.",
        "Go through the set, then note how many you got right and how it felt.",
    ),
    GmiPhase.LIMB_RECOGNITION,
)
IMAGINED_MOVEMENT = Exercise(
    "imagined_movement",
    ExerciseKind.GRADED_MOTOR_IMAGERY,
    "Imagined movements",
    10,
    (
        "Sit comfortably with the picture cards in front of you.",
        "Look at a picture, then picture in your mind your painful hand or foot moving "
        "slowly into that position and back again. Keep the limb itself still.",
        "Do each picture two or three times, then move on to the next one.",
        "If the pain goes up, slow down or take a break. Easier pictures first is fine.",
    ),
    GmiPhase.IMAGINED_MOVEMENT,
)
MIRROR_THERAPY = Exercise(
    "mirror_therapy",
    ExerciseKind.GRADED_MOTOR_IMAGERY,
    "Mirror therapy",
    10,
    (
        "Put the painful limb behind the mirror or inside the mirror box, out of sight.",
        "Take off rings and watches so both sides look the same.",
        "Watch the mirror while you slowly move your good limb. It should look as if the "
        "painful one is moving easily.",
        "Keep the movements small and gentle. Stop if the pain goes up a lot.",
    ),
    GmiPhase.MIRROR_THERAPY,
)
DESENSITISATION = Exercise(
    "desensitisation",
    ExerciseKind.DESENSITISATION,
    "Touch training with textures",
    5,
    (
        "Start with the softest texture on the list that you can stand.",
        "Gently stroke the skin near the painful area, then move onto it, for about a "
        "minute at a time.",
        "When that texture feels fine, move to the next, rougher one on another day.",
        "Some discomfort is expected. Stop if it becomes sharp or stays bad afterwards.",
    ),
)

EXERCISES: Mapping[str, Exercise] = {
    exercise.code: exercise
    for exercise in (LIMB_RECOGNITION, IMAGINED_MOVEMENT, MIRROR_THERAPY, DESENSITISATION)
}
GMI_EXERCISES: Mapping[GmiPhase, Exercise] = {
    GmiPhase.LIMB_RECOGNITION: LIMB_RECOGNITION,
    GmiPhase.IMAGINED_MOVEMENT: IMAGINED_MOVEMENT,
    GmiPhase.MIRROR_THERAPY: MIRROR_THERAPY,
}


@dataclass(frozen=True, slots=True)
class ExerciseProgramme:
    """The plan's exercises: the patient's GMI phase (None for no GMI), and desensitisation."""

    gmi_phase: GmiPhase | None
    desensitisation: bool


@dataclass(frozen=True, slots=True)
class ScheduledExercise:
    """One exercise due in one slot of the window; day 0 is the day of the session."""

    exercise: Exercise
    day: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class ExerciseLog:
    """One exercise the patient reported: when, whether finished, and discomfort 0 to 10."""

    exercise_code: str
    done_at: datetime
    completed: bool
    discomfort: int


@dataclass(frozen=True, slots=True)
class PhaseProgress:
    """Where the patient is in GMI: the phase, comfortable exercises in it, and if finished."""

    phase: GmiPhase
    comfortable_logs: int
    logs_needed: int
    finished: bool

    @property
    def plain(self) -> str:
        """Progress in plain words for the patient and the clinician."""
        if self.finished:
            return "All three phases done. Keep up mirror therapy as your plan says."
        return (
            f"Phase {self.phase} of 3 ({self.phase.label}): "
            f"{self.comfortable_logs} of {self.logs_needed} comfortable sessions done."
        )


def programme_exercises(programme: ExerciseProgramme) -> tuple[Exercise, ...]:
    """The exercises a programme asks for in each slot of the window."""
    gmi = () if programme.gmi_phase is None else (GMI_EXERCISES[programme.gmi_phase],)
    return gmi + ((DESENSITISATION,) if programme.desensitisation else ())


def schedule_window(session_end: datetime, programme: ExerciseProgramme) -> list[ScheduledExercise]:
    """The programme's exercises spread over the window after a session, earliest first.

    ``session_end`` is given in the patient's own time zone, so the later slots keep their
    wall-clock time.
    """
    if session_end.tzinfo is None:
        raise ValueError("session_end must carry a time zone")
    slots = [session_end + FIRST_SLOT_AFTER + timedelta(days=day) for day in range(WINDOW_DAYS)]
    return [
        ScheduledExercise(exercise, day, start, start + SLOT_LENGTH)
        for day, start in enumerate(slots)
        for exercise in programme_exercises(programme)
    ]


def phase_progress(logs: Iterable[ExerciseLog]) -> PhaseProgress:
    """Where the patient is in GMI, replaying their logs in time order.

    A log counts towards the current phase when it is that phase's exercise, was completed,
    and had discomfort at or below 3. Logs of other phases do not count.
    """
    phase = GmiPhase.LIMB_RECOGNITION
    comfortable = 0
    for log in sorted(logs, key=lambda entry: entry.done_at):
        if log.exercise_code != GMI_EXERCISES[phase].code or not _comfortable(log):
            continue
        comfortable += 1
        if comfortable == LOGS_TO_ADVANCE and phase < GmiPhase.MIRROR_THERAPY:
            phase, comfortable = GmiPhase(phase + 1), 0
    finished = phase is GmiPhase.MIRROR_THERAPY and comfortable >= LOGS_TO_ADVANCE
    return PhaseProgress(phase, min(comfortable, LOGS_TO_ADVANCE), LOGS_TO_ADVANCE, finished)


def validate_exercise_log(log: ExerciseLog) -> list[str]:
    """Problems with an exercise log, in plain words; empty when it can be recorded."""
    problems = []
    if log.exercise_code not in EXERCISES:
        problems.append("That exercise is not part of the programme.")
    if not 0 <= log.discomfort <= 10:
        problems.append("Discomfort takes a whole number from 0 to 10.")
    return problems


def _comfortable(log: ExerciseLog) -> bool:
    return log.completed and log.discomfort <= COMFORTABLE_AT_OR_BELOW
