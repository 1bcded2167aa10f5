"""The practice's standard plan, created once for the demo and the tests; an
administrator edits it (and adds others) in the admin afterwards.
"""

from billing.models import Plan

STANDARD_PLAN_INCLUDES = """\
Video consults with a board-certified physician licensed in your state
Your compounded sublingual ketamine, as your physician prescribes it
Shipping to your door, signed for on delivery, with tracking
Your treatment journal: the safety check before each session, logs and progress charts
Regular check-ins that your clinician reviews
Secure messages with your care team
Refills once you have checked in and your clinician approves"""


def ensure_standard_plan() -> tuple[Plan, bool]:
    """The $250-a-month Standard plan; an existing plan with its slug is left as it is."""
    return Plan.objects.get_or_create(
        slug="standard",
        defaults={
            "name": "Standard",
            "price_cents": 25000,
            "interval": Plan.Interval.MONTH,
            "summary": "Everything your at-home treatment needs, for one monthly price.",
            "includes": STANDARD_PLAN_INCLUDES,
            "active": True,
            "order": 1,
        },
    )
