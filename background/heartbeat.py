"""A worker's heartbeat, and the tasks a dead worker left RUNNING put back in the queue.

django_tasks_db marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed mid-task (SIGKILL, the machine lost) leaves it RUNNING for ever, and a
care-team email is lost. Here each worker writes a heartbeat every
``WORKER_HEARTBEAT_SECONDS`` from a thread of its own, and, at start and with every
beat, puts back in the queue (READY) every RUNNING task whose worker has not been seen for
``WORKER_STALE_SECONDS``. A task is then run again by the next worker: the tasks that send
(reminders, flags, the newsletter) claim what they send before sending it, so a repeat
sends nothing twice where the record can tell; a single email cut off mid-send may go
twice, which is better than never.
"""

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from background.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, now: dt.datetime | None = None) -> None:
    moment = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=moment)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            host=socket.gethostname()[:200],
            pid=os.getpid(),
            started_at=moment,
            seen_at=moment,
        )


def live_worker_ids(now: dt.datetime | None = None) -> set[str]:
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=settings.WORKER_STALE_SECONDS)
    return set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )


def requeue_orphans(now: dt.datetime | None = None) -> int:
    """Put back in the queue every RUNNING task whose worker is no longer seen."""
    moment = now or timezone.now()
    alive = live_worker_ids(moment)
    requeued = 0
    running = DBTaskResult.objects.running().values_list("id", "worker_ids", "started_at")
    for task_id, worker_ids, started_at in running:
        claimed_by = worker_ids[-1] if worker_ids else None
        if claimed_by in alive:
            continue
        if started_at and moment - started_at < dt.timedelta(seconds=settings.WORKER_STALE_SECONDS):
            continue  # just claimed by a worker whose first beat is on its way
        requeued += DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
            status="READY", started_at=None
        )
    if requeued:
        logger.warning("Put %d task(s) left by a stopped worker back in the queue", requeued)
    return requeued


@contextmanager
def keep_alive(worker_id: str) -> Iterator[None]:
    """Beat and reap from a thread while the worker runs; forget the worker when it stops."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                beat(worker_id)
                requeue_orphans()
            except Exception:  # a database blip must not stop the beating
                logger.exception("The worker's heartbeat failed once; it goes on")
            finally:
                close_old_connections()
            stop.wait(settings.WORKER_HEARTBEAT_SECONDS)
        connection.close()

    beat(worker_id)
    requeue_orphans()
    thread = threading.Thread(target=loop, name="heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
