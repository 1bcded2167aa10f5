"""Finding a visitor's draft again: a signed cookie holds its random key.

Every page of the assessment reads the draft and every answered page writes it, so
these two are the busiest statements in the practice. Each is written once, here, from
the model's own table and column names, and runs as it is: built by the ORM's query
compiler on each request they cost about 0.4 ms of CPU each on PostgreSQL, against
0.1-0.2 ms as written here, and the ORM's transaction for the write took three more
round trips. Everything else about a draft (making one, deleting it, purging the
expired) goes through the ORM as usual.
"""

from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from assessment.models import DRAFT_LIFETIME, AssessmentDraft
from foundation.statements import prepared_cursor

COOKIE = "kc_assessment"
_SALT = "assessment.draft"

_META = AssessmentDraft._meta
_ANSWERS = _META.get_field("answers")
_UPDATED_AT = _META.get_field("updated_at")
_EXPIRES_AT = _META.get_field("expires_at")
# What a page needs of a draft; the other fields load if anything asks for them.
_READ_FIELDS = ("id", "key", "answers")


def _column(field_name: str) -> str:
    """The quoted column of one of the draft's fields."""
    column = {field.name: field.column for field in _META.concrete_fields}[field_name]
    if column is None:
        raise LookupError(f"AssessmentDraft.{field_name} has no column")
    return connection.ops.quote_name(column)


@cache
def _read_sql() -> str:
    columns = ", ".join(_column(name) for name in _READ_FIELDS)
    table = connection.ops.quote_name(_META.db_table)
    return (
        f"SELECT {columns} FROM {table} "  # noqa: S608 (names from _meta)
        f"WHERE {_column('key')} = %s AND {_column('expires_at')} > %s"
    )


@cache
def _update_sql(*, without_disk_wait: bool) -> str:
    """One statement. Without the disk wait (PostgreSQL, committed on its own) it turns
    off ``synchronous_commit`` for its own transaction only (``set_config``'s third
    argument): a ``SET LOCAL`` would need a transaction block, three more round trips."""
    table = connection.ops.quote_name(_META.db_table)
    assignments = f"{_column('answers')} = %s, {_column('updated_at')} = %s"
    where = f"{table}.{_column('id')} = %s"
    if without_disk_wait:
        return (
            f"UPDATE {table} SET {assignments} "  # noqa: S608 (names from _meta)
            "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_disk_wait "
            f"WHERE {where}"
        )
    return f"UPDATE {table} SET {assignments} WHERE {where}"  # noqa: S608 (names from _meta)


def current_draft(request: HttpRequest) -> AssessmentDraft | None:
    key = request.get_signed_cookie(COOKIE, default=None, salt=_SALT)
    if not key:
        return None
    return find_draft(key)


def find_draft(key: str) -> AssessmentDraft | None:
    """The unexpired draft with this key, or None."""
    now = _EXPIRES_AT.get_db_prep_value(timezone.now(), connection)
    with prepared_cursor() as cursor:
        cursor.execute(_read_sql(), [key, now])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, found_key, answers = row
    return AssessmentDraft.from_db(
        connection.alias,
        list(_READ_FIELDS),
        # The column read as it is, so no expression (the ORM's converter, called as it does).
        [pk, found_key, _ANSWERS.from_db_value(answers, None, connection)],  # type: ignore[arg-type]
    )


def save_draft(draft: AssessmentDraft, answers: dict[str, Any]) -> None:
    """Keep the answers so far.

    On PostgreSQL a draft commits without waiting for the disk (asynchronous commit):
    the wait was most of a page's time. The database stays consistent; only a crash of
    the database server in the fraction of a second after a save can lose that save, and
    the visitor then answers that page again. Everything else (records of care, consents,
    the audit log) commits durably as before. Inside a larger transaction the save is
    part of it and changes nothing about how it commits.
    """
    draft.answers = answers
    draft.updated_at = timezone.now()
    if draft.pk is None:
        _create(draft)
        return
    values = [
        _ANSWERS.get_db_prep_save(draft.answers, connection),
        _UPDATED_AT.get_db_prep_save(draft.updated_at, connection),
        draft.pk,
    ]
    own_commit = connection.vendor == "postgresql" and not connection.in_atomic_block
    with prepared_cursor() as cursor:
        cursor.execute(_update_sql(without_disk_wait=own_commit), values)


def _create(draft: AssessmentDraft) -> None:
    """A new draft: once a visitor, so made by the ORM, in the same asynchronous commit."""
    inside_another = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not inside_another:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        draft.save()


def remember_draft(response: HttpResponse, draft: AssessmentDraft) -> None:
    response.set_signed_cookie(
        COOKIE,
        draft.key,
        salt=_SALT,
        max_age=int(DRAFT_LIFETIME.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def forget_draft(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")


def purge_expired_drafts() -> int:
    deleted, _ = AssessmentDraft.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
