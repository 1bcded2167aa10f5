"""The credentials' background work: the daily warning of a licence or DEA registration
about to expire."""

from django.tasks import task
from django.utils import timezone

from background.periodic import queue_next_run
from credentials.actions import credentials_due_for_warning, do_warn_of_expiry


@task()
def warn_of_expiring_credentials() -> int:
    """Email each clinician once about a licence or DEA registration that expires within
    `credentials.actions.WARNING_DAYS` days; a renewal to a later date warns afresh."""
    due = credentials_due_for_warning(timezone.localdate())
    warned = sum(1 for credential in due if do_warn_of_expiry(credential))
    queue_next_run("credentials.tasks.warn_of_expiring_credentials")
    return warned
