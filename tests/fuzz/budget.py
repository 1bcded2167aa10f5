"""How much junk each form gets, and the tally the run prints at the end.

The default (`ci`) keeps the suite to a couple of minutes on two cores and is the same
every run (derandomized, no example database). `HYPOTHESIS_PROFILE=deep` posts many
more, with fresh randomness, for a longer run by hand:

    HYPOTHESIS_PROFILE=deep /work/main/.venv/bin/pytest tests/fuzz -q
"""

import os
from collections import Counter
from dataclasses import dataclass

from hypothesis import HealthCheck, settings


@dataclass(frozen=True)
class Budget:
    form: int
    """Hypothesis examples per form and persona, after the fixed sweep."""
    button: int
    """Hypothesis examples per button (a post with no fields of its own) and persona."""
    webhook: int
    """Hypothesis examples per webhook, after its fixed junk bodies."""


BUDGETS = {
    "ci": Budget(form=15, button=3, webhook=60),
    "deep": Budget(form=400, button=40, webhook=1000),
}

settings.register_profile(
    "fuzz-ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "fuzz-deep",
    deadline=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)

PROFILE = "deep" if os.environ.get("HYPOTHESIS_PROFILE") == "deep" else "ci"
BUDGET = BUDGETS[PROFILE]


def hypothesis_settings(examples: int) -> settings:
    return settings(settings.get_profile(f"fuzz-{PROFILE}"), max_examples=examples)


TALLY: Counter[str] = Counter()
"""views found, pairs fuzzed, examples posted (sweep and Hypothesis), webhook bodies."""
