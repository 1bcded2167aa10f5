"""Whether a blood pressure and pulse reading could be real.

A reading outside these bounds, or with the bottom number not below the top one, is a
slip of the cuff or of the keyboard, never a reading to act on: the home-session gate
(``clinical.safety``) and the plan's check (``clinical.plan``) both refuse it as one
to measure again. The bounds are generous on purpose; they catch mistakes, not illness.
"""

SYSTOLIC_BOUNDS = (50, 300)
"""The lowest and highest top number (mmHg) a seated person at home could have."""

DIASTOLIC_BOUNDS = (30, 200)
"""The lowest and highest bottom number (mmHg)."""

HEART_RATE_BOUNDS = (25, 250)
"""The lowest and highest pulse (beats a minute)."""


def _within(value: int, bounds: tuple[int, int]) -> bool:
    lowest, highest = bounds
    return lowest <= value <= highest


def is_believable_blood_pressure(systolic: int, diastolic: int) -> bool:
    """Whether a blood pressure could be real: inside the bounds, the bottom number lower."""
    return (
        _within(systolic, SYSTOLIC_BOUNDS)
        and _within(diastolic, DIASTOLIC_BOUNDS)
        and diastolic < systolic
    )


def is_believable_reading(systolic: int, diastolic: int, heart_rate: int) -> bool:
    """Whether a blood pressure and pulse could be real."""
    return is_believable_blood_pressure(systolic, diastolic) and _within(
        heart_rate, HEART_RATE_BOUNDS
    )
