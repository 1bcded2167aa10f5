from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """A running worker, seen every few seconds while it lives (``background.heartbeat``).

    A task left RUNNING by a worker not seen for ``WORKER_STALE_SECONDS`` goes back to the
    queue; the readiness check asks whether any worker was seen lately.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=200)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"Worker {self.worker_id} on {self.host} (pid {self.pid})"
