"""The worker's and the scheduler's command lines, as `make run` and the units use them."""

import io
from typing import Any

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from background.management.commands.worker import Command as Worker
from background.periodic import PERIODIC_TASKS


def test_the_worker_does_not_reload_on_code_changes_unless_asked(settings: Any) -> None:
    # With DEBUG on db_worker would reload, running the worker in a child process that a
    # kill of the parent leaves behind, taking tasks (tests/test_worker_crash.py).
    settings.DEBUG = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    parser = Worker().create_parser("manage.py", "worker")
    assert parser.parse_args([]).reload is False
    assert parser.parse_args(["--reload"]).reload is True


@pytest.mark.django_db
def test_scheduling_queues_each_periodic_task_once_however_often_it_runs(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for _ in range(2):
        out = io.StringIO()
        call_command("schedule_periodic_tasks", stdout=out)
        assert out.getvalue().splitlines() == [f"queued: {path}" for path in PERIODIC_TASKS]
    waiting = sorted(
        DBTaskResult.objects.filter(status="READY").values_list("task_path", flat=True)
    )
    assert waiting == sorted(PERIODIC_TASKS)
