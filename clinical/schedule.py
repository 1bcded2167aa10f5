"""Which check-ins a patient is asked for, when one counts as missed, and when the
patient is reminded.

Each pathway the assessment found has its instrument: PEG for CRPS and other chronic
pain, PHQ-9 for depression, GAD-7 for anxiety, PCL-5 for PTSD. Every patient also answers a
PHQ-9 at least every ``PHQ9_AT_LEAST_EVERY_DAYS`` (28) days, whatever the pathway: ketamine
acts on mood, and thoughts of self-harm (PHQ-9 item 9) must be asked of everyone. The
first of each is scheduled when the first home session is logged, due one interval later
(the assessment's own scores are the baseline); completing one schedules the next one
interval after the day it was done. The interval is the plan's, and for the PHQ-9 the
lesser of the plan's and 28 days (``check_in_every_days``).

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

from questionnaires.instruments import InstrumentCode

GRACE_DAYS = 1
PHQ9_AT_LEAST_EVERY_DAYS = 28
"""Every patient in treatment answers a PHQ-9 at least this often, whatever the pathway
(issue 12: "at least every 4 weeks")."""
WITHOUT_A_PLAN_EVERY_DAYS = 7
"""The interval when no plan is current (the plan's own default)."""
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
    "ptsd": InstrumentCode.PCL5,
}


def instruments_for(pathways: Iterable[str]) -> tuple[InstrumentCode, ...]:
    """The check-ins for these pathways, each once, in a fixed order: each pathway's own
    (PEG when none has one), and the PHQ-9 always."""
    wanted = {_INSTRUMENT_OF_PATHWAY[p] for p in pathways if p in _INSTRUMENT_OF_PATHWAY}
    wanted = (wanted or {InstrumentCode.PEG}) | {InstrumentCode.PHQ9}
    return tuple(code for code in InstrumentCode if code in wanted)


def check_in_every_days(code: InstrumentCode, plan_every_days: int | None) -> int:
    """Days from one check-in of ``code`` (or the first session) to the next: the plan's
    interval, and for the PHQ-9 never more than ``PHQ9_AT_LEAST_EVERY_DAYS``."""
    every = WITHOUT_A_PLAN_EVERY_DAYS if plan_every_days is None else plan_every_days
    if code == InstrumentCode.PHQ9:
        return min(every, PHQ9_AT_LEAST_EVERY_DAYS)
    return every
