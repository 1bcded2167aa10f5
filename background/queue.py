"""How a verb asks for background work: by the task's dotted path.

A module of tasks imports the verbs its tasks run; a verb that queues work names the task
instead of importing it, so verbs and tasks never import each other. The task's row is
written in the caller's transaction (django_tasks_db), so it commits, or rolls back, with
the change that asked for it.
"""

import datetime as dt
from typing import Any

from django.tasks import Task, TaskResult
from django.utils.module_loading import import_string


def task_at(task_path: str) -> Task:
    """The task whose dotted path is ``task_path``, e.g. ``care.tasks.send_consult_reminder``."""
    task = import_string(task_path)
    if not isinstance(task, Task):
        raise TypeError(f"{task_path} is not a task")
    return task


def enqueue(task_path: str, *args: Any, run_after: dt.datetime | None = None) -> TaskResult:
    """Queue the task at ``task_path`` with ``args``, to run now or from ``run_after``."""
    task = task_at(task_path)
    if run_after is not None:
        task = task.using(run_after=run_after)
    return task.enqueue(*args)


def can_defer(task_path: str) -> bool:
    """Whether the task's backend can hold work until a later time (the database's can)."""
    return bool(task_at(task_path).get_backend().supports_defer)
