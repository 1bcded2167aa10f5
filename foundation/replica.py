"""Reading from a replica where a few seconds' lag does no harm.

With ``DATABASE_REPLICA_URL`` set, a view marked ``@reads_from_replica`` (the practice
view, exports, the public site) reads the practice's records from the replica. Every other
view — everything a person just wrote and reads back — reads from the primary, and every
write goes to the primary whatever the view. Some tables are always read from the primary,
because what is read there decides what is written next: the audit log (its chain),
sessions and sign-in, the task queue, the cache.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import connections

REPLICA = "replica"
PRIMARY_ONLY_APPS = frozenset(
    {
        "audit",
        "sessions",
        "auth",
        "accounts",
        "account",
        "mfa",
        "socialaccount",
        "contenttypes",
        "django_tasks_db",
        "background",
        "admin",
    }
)

_reading_replica: ContextVar[bool] = ContextVar("ketaclinic_reads_from_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block go to the replica, where one is configured."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def reads_from_replica[**P, R](view: Callable[P, R]) -> Callable[P, R]:
    """Mark a read-only view whose pages may lag the primary by a few seconds."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return view(*args, **kwargs)

    wrapper.reads_from_replica = True  # type: ignore[attr-defined]
    return wrapper


class ReplicaRouter:
    """Django's database router: reads to the replica inside ``replica_reads``, for the
    practice's own records; everything else, and every write, to the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if (
            _reading_replica.get()
            and replica_configured()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"
