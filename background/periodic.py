"""Work the background worker repeats: each periodic task queues its own next run.

`manage.py schedule_periodic_tasks` (run by `make run` and at deploy) queues any that
is not queued yet, so a restart or an empty queue never loses the rhythm.
"""

from datetime import timedelta

from django.tasks import Task, default_task_backend
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

# Dotted path of the task, and how often it runs.
PERIODIC_TASKS: dict[str, timedelta] = {
    "assessment.tasks.purge_expired_assessment_drafts": timedelta(days=1),
    "care.tasks.send_due_consult_reminders": timedelta(minutes=15),
    "credentials.tasks.warn_of_expiring_credentials": timedelta(days=1),
    "care.tasks.escalate_overdue_urgent_matters": timedelta(minutes=15),
    "content.tasks.resume_stalled_newsletter_issues": timedelta(minutes=15),
    "journal.tasks.send_due_journal_reminders": timedelta(minutes=15),
    "workspace.tasks.refresh_practice_view": timedelta(minutes=15),
    "records.tasks.delete_expired_record_exports": timedelta(hours=1),
}


def _already_queued(task: Task) -> bool:
    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()


def queue_next_run(task_path: str) -> bool:
    """Queue the task's next run unless one is waiting; False where the backend cannot defer."""
    if not default_task_backend.supports_defer:
        return False
    task: Task = import_string(task_path)
    if _already_queued(task):
        return True
    task.using(run_after=timezone.now() + PERIODIC_TASKS[task_path]).enqueue()
    return True


def schedule_all() -> list[str]:
    return [path for path in PERIODIC_TASKS if queue_next_run(path)]
