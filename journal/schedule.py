"""When a check-in counts as missed.

A check-in is due on its day, in the patient's own time zone. It is missed once a full
day of grace has passed after that: due on Monday, still fine all Tuesday, missed from
Wednesday. A missed check-in puts the patient in the clinician's queue and holds refills
until one is completed.
"""

from datetime import date, timedelta

GRACE_DAYS = 1


def missed_if_due_before(today: date) -> date:
    """Check-ins due before this day and not completed are missed."""
    return today - timedelta(days=GRACE_DAYS)


def is_missed(due_on: date, today: date, *, completed: bool) -> bool:
    return not completed and due_on < missed_if_due_before(today)
