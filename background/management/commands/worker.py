"""``manage.py worker``: the background worker, with a heartbeat.

The same options as django_tasks_db's ``db_worker``; while it runs it beats every few
seconds and puts back in the queue the tasks a dead worker left RUNNING
(``background.heartbeat``). Several may run at once: each claims its task in a locked
transaction, so no two take the same one.

Unlike ``db_worker`` it never reloads on code changes unless asked (``--reload``): the
reloader runs the worker in a child process, and a signal to the parent (Ctrl-C in
``make run``, a kill) left that child running on, taking tasks with nobody to stop it.
"""

from argparse import ArgumentParser
from typing import Any

from django_tasks_db.management.commands import db_worker

from background.heartbeat import keep_alive


class Command(db_worker.Command):
    help = "Run queued background tasks, with a heartbeat that rescues a dead worker's tasks."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(reload=False)

    def handle(self, *args: Any, **options: Any) -> None:
        with keep_alive(options["worker_id"]):
            super().handle(*args, **options)
