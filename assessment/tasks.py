from django.tasks import task

from assessment.drafts import purge_expired_drafts
from background.periodic import queue_next_run


@task()
def purge_expired_assessment_drafts() -> int:
    """Delete assessment drafts past their 30 days, then queue tomorrow's run."""
    deleted = purge_expired_drafts()
    queue_next_run("assessment.tasks.purge_expired_assessment_drafts")
    return deleted
