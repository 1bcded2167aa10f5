"""Background work: the worker that runs queued tasks, its heartbeat, the rhythm of the
periodic tasks, and tasks left behind by a worker that died put back in the queue."""
