"""Background work for the content app, run by the database task worker."""

from typing import Any

from django.tasks import default_task_backend, task

from background.periodic import queue_next_run
from content.actions import confirmation_code, deliver_newsletter_issue
from content.mail import confirmation_email
from content.models import NewsletterIssue, Subscriber


@task()
def send_confirmation_email(subscriber_id: int) -> bool:
    """Email the confirmation link to an address still waiting for it."""
    subscriber = Subscriber.objects.filter(
        pk=subscriber_id, status=Subscriber.Status.PENDING
    ).first()
    if subscriber is None:
        return False
    confirmation_email(subscriber, confirmation_code(subscriber)).send()
    return True


@task()
def send_newsletter_issue(issue_id: int) -> dict[str, Any]:
    """One pass over an issue's deliveries; queues the next pass while work is left.

    Deliveries are claimed one by one, so running this twice at once, or again
    after a restart, never sends anyone a second copy.
    """
    run = deliver_newsletter_issue(issue_id)
    if run.more_ready:
        send_newsletter_issue.enqueue(issue_id)
    elif run.retry_at and default_task_backend.supports_defer:
        send_newsletter_issue.using(run_after=run.retry_at).enqueue(issue_id)
    return {"outcomes": run.outcomes, "finished": run.finished}


@task()
def resume_stalled_newsletter_issues() -> int:
    """Queue a pass over every issue still sending, so an issue whose worker was stopped
    goes on by itself (a pass never sends anyone a second copy); then queue the next sweep.
    """
    stalled = list(
        NewsletterIssue.objects.filter(status=NewsletterIssue.Status.SENDING).values_list(
            "pk", flat=True
        )
    )
    for issue_id in stalled:
        send_newsletter_issue.enqueue(issue_id)
    queue_next_run("content.tasks.resume_stalled_newsletter_issues")
    return len(stalled)
