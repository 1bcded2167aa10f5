"""Which check-ins a patient is asked for, when one counts as missed, and when the
patient is reminded.

Each pathway the assessment found has its instrument: PEG for CRPS and other chronic
pain, PHQ-9 for depression, GAD-7 for anxiety, PC-PTSD-5 for PTSD. The first of each is
scheduled when the first home session is logged, due one plan interval later (the
assessment's own scores are the baseline); completing one schedules the next.

A check-in is due on its day, in the patient's own time zone. It is missed once a full
day of grace has passed after that: due on Monday, still fine all Tuesday, missed from
Wednesday. A missed check-in puts the patient in the clinician's queue and holds refills
until one is completed.

Reminders go out only at a humane hour of the patient's own day, from 9:00 to 20:00: a
check-in on the day it is due, an exercise from the start of its slot in the window after
a session until ``EXERCISE_REMINDER_FOR`` later (long enough that an exercise falling in
the evening is still reminded of the next morning). The hours are the practice's choice.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from journal.instruments import InstrumentCode

GRACE_DAYS = 1
REMINDERS_FROM = time(9, 0)
REMINDERS_UNTIL = time(20, 0)
EXERCISE_REMINDER_FOR = timedelta(hours=18)


def missed_if_due_before(today: date) -> date:
    """Check-ins due before this day and not completed are missed."""
    return today - timedelta(days=GRACE_DAYS)


def is_missed(due_on: date, today: date, *, completed: bool) -> bool:
    return not completed and due_on < missed_if_due_before(today)


def is_reminder_hour(local: datetime) -> bool:
    """Whether a reminder may be sent at ``local``, the patient's own wall-clock time."""
    return REMINDERS_FROM <= local.time().replace(tzinfo=None) <= REMINDERS_UNTIL


def check_in_reminder_due(due_on: date, today: date, *, completed: bool) -> bool:
    """Whether a check-in should be reminded of today: due today and not yet completed."""
    return not completed and due_on == today


def exercise_reminder_due(scheduled_for: datetime, now: datetime, *, done: bool) -> bool:
    """Whether an exercise should be reminded of now: its slot has begun, not long ago."""
    return not done and scheduled_for <= now < scheduled_for + EXERCISE_REMINDER_FOR


_INSTRUMENT_OF_PATHWAY = {
    "crps": InstrumentCode.PEG,
    "chronic_pain": InstrumentCode.PEG,
    "depression": InstrumentCode.PHQ9,
    "anxiety": InstrumentCode.GAD7,
    "ptsd": InstrumentCode.PC_PTSD5,
}


def instruments_for(pathways: Iterable[str]) -> tuple[InstrumentCode, ...]:
    """The check-ins for these pathways, each once, in a fixed order; PEG when none has one."""
    wanted = {_INSTRUMENT_OF_PATHWAY[p] for p in pathways if p in _INSTRUMENT_OF_PATHWAY}
    return tuple(code for code in InstrumentCode if code in wanted) or (InstrumentCode.PEG,)
