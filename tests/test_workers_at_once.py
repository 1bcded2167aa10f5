"""Three workers on one queue at once: every task runs, and none runs twice.

Real worker processes (``manage.py worker``) share this test's PostgreSQL database, as
workers on several hosts share the practice's. Each claims a task in a transaction that
locks its row and skips rows another holds (django_tasks_db's ``get_locked``), so two never
take the same one. SQLite serialises whole transactions, so there the test proves nothing
and is skipped.
"""

import signal
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from background.models import WorkerHeartbeat
from foundation.notices import send_notice
from tests.races import on_postgresql
from tests.test_worker_crash import database_url, start_worker, subjects_sent

pytestmark = on_postgresql

WORKERS = 3
NOTICES = 60


def wait_for(condition: Any, what: str, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


@pytest.mark.django_db(transaction=True)
def test_workers_running_at_once_never_take_the_same_task(tmp_path: Path, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail = tmp_path / "mail"
    mail.mkdir()
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.crash.settings",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CRASH_MAIL_DIR": str(mail),
        "KETACLINIC_VAR_DIR": str(tmp_path / "var"),
    }
    workers = [start_worker(env, worker_id=f"at-once-{number}") for number in range(WORKERS)]
    try:
        # Every worker is up and polling before the first task is queued, so all of them
        # race for every task.
        wait_for(lambda: WorkerHeartbeat.objects.count() == WORKERS, "the workers to start")
        with transaction.atomic():
            for number in range(NOTICES):
                send_notice([f"person{number}@example.com"], f"At once {number}", "Sign in.")
        wait_for(
            lambda: not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists(),
            "every task to run",
        )
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=20)
        connection.close()

    tasks = list(DBTaskResult.objects.values_list("worker_ids", flat=True))
    assert len(tasks) == NOTICES
    assert all(len(worker_ids) == 1 for worker_ids in tasks), "a task was claimed twice"
    ours = {f"at-once-{number}" for number in range(WORKERS)}
    strangers = {worker_ids[0] for worker_ids in tasks} - ours
    assert not strangers, f"workers this test did not start took tasks: {sorted(strangers)}"
    sent = subjects_sent(mail)
    assert sorted(sent) == sorted(f"At once {number}" for number in range(NOTICES))
    took_some = {worker_ids[0] for worker_ids in tasks}
    assert len(took_some) > 1, "one worker took every task, so none raced another"
