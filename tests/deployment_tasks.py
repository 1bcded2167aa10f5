"""A task for ``make prod-check``: it keeps a worker busy for a moment, so that a few queued
at once must be shared between the workers (scripts/prod_check.py)."""

import time

from django.conf import settings
from django.tasks import task


@task()
def keep_a_worker_busy(seconds: float) -> str:
    """Sleep, then name the process that ran it (its LOG_INSTANCE)."""
    time.sleep(seconds)
    return str(settings.LOG_INSTANCE)
