"""The heartbeat: a task whose worker died goes back to the queue; a live worker's stays."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from background.heartbeat import beat, keep_alive, requeue_orphans
from background.models import WorkerHeartbeat
from foundation.notices import send_notice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.WORKER_STALE_SECONDS = 60


def claimed(by: str, at: dt.datetime) -> DBTaskResult:
    send_notice(["someone@example.com"], "Sign in", "A message waits.")
    task = DBTaskResult.objects.latest("enqueued_at")
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", worker_ids=[by], started_at=at)
    return task


def status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return str(task.status)


def test_a_task_left_by_a_worker_not_seen_for_a_minute_goes_back_to_the_queue() -> None:
    now = timezone.now()
    beat("gone", now - dt.timedelta(seconds=61))
    task = claimed("gone", now - dt.timedelta(seconds=90))

    assert requeue_orphans(now) == 1
    assert status(task) == "READY"


def test_a_live_workers_task_is_left_alone() -> None:
    now = timezone.now()
    beat("alive", now - dt.timedelta(seconds=5))
    task = claimed("alive", now - dt.timedelta(minutes=30))

    assert requeue_orphans(now) == 0
    assert status(task) == "RUNNING"


def test_a_task_just_claimed_by_a_worker_whose_first_beat_is_late_is_left_alone() -> None:
    now = timezone.now()
    task = claimed("new", now - dt.timedelta(seconds=3))

    assert requeue_orphans(now) == 0
    assert status(task) == "RUNNING"


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_stops_cleanly_is_forgotten_and_rescues_at_start() -> None:
    now = timezone.now()
    task = claimed("crashed-yesterday", now - dt.timedelta(days=1))

    with keep_alive("fresh"):
        assert WorkerHeartbeat.objects.filter(worker_id="fresh").exists()
        assert status(task) == "READY"
    assert not WorkerHeartbeat.objects.exists()
