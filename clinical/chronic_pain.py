"""Florida's chronic-pain law: the treatment plan is reviewed at least every 3 months.

Section 456.44, Florida Statutes, puts duties on anyone who prescribes a controlled
substance for chronic non-cancer pain: a documented evaluation and a written treatment
plan with objectives, informed consent, review of the course "at least every 3 months"
(s. 456.44(3)(d)), drug screening where appropriate, and records kept. Ketamine is Schedule
III, so a Florida patient treated for CRPS, fibromyalgia, migraine or other chronic pain
falls under it.

Here the plan itself is the first evaluation; a plan review (``care.models.PlanReview``)
records each later one. The review is due 3 calendar months after the plan was written or
last reviewed (clamped to the month's end, as prescription expiry is); from the day after,
no prescription is signed until a review is recorded (``plan_review_due``).
"""

import datetime as dt

from clinical.prescribing import add_calendar_months

REVIEW_EVERY_MONTHS = 3
STATES = frozenset({"FL"})


def review_due_on(last_reviewed_on: dt.date) -> dt.date:
    """The last day the plan written or reviewed on ``last_reviewed_on`` counts."""
    return add_calendar_months(last_reviewed_on, REVIEW_EVERY_MONTHS)


def review_overdue_since(
    state: str, chronic_pain: bool, last_reviewed_on: dt.date | None, today: dt.date
) -> dt.date | None:
    """The day the review fell due, when it is overdue on ``today``; None otherwise.

    Only Florida patients treated for chronic pain; with no plan at all there is nothing
    to review (the prescribing checks refuse ``no_plan`` instead).
    """
    if state not in STATES or not chronic_pain or last_reviewed_on is None:
        return None
    due = review_due_on(last_reviewed_on)
    return due if today > due else None
