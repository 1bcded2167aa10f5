"""Background work for the journal: reminders and missed check-ins, every 15 minutes."""

from django.tasks import task
from django.utils import timezone

from background.periodic import queue_next_run
from journal.reminders import run_journal_reminders


@task()
def send_due_journal_reminders() -> int:
    """Email what is due in patients' journals and flag missed check-ins; queue the next run."""
    run = run_journal_reminders(timezone.now())
    queue_next_run("journal.tasks.send_due_journal_reminders")
    return run.emails
