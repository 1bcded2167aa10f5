"""Backing up the practice and restoring it: the database and the private files (photo
IDs) in one encrypted archive (operations/archive.py), read from one snapshot of the
database and brought back whole into an empty database and storage, or not at all.

The archive's records, in order:

    H  header: the format, when and from which engine it was made, the migrations
       the database had (a restore needs the same), the audit log's head
    T  a table: the model and its columns; then R records of its rows (JSON lists)
    F  a private file: its name and size; then D records of its bytes
    E  the end: how many rows of each model and how many files it holds
"""

import json
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models import Model
from django.utils import timezone

from audit.chain import first_broken_link
from audit.models import AuditEvent
from operations.archive import ArchiveError, ArchiveWriter, read_chunks, read_records
from operations.tables import (
    backed_up_models,
    column_names,
    models_with_rows,
    one_snapshot,
    read_rows,
    reset_sequences,
    write_rows,
)

HEADER, TABLE, ROWS, FILE, DATA, END = b"H", b"T", b"R", b"F", b"D", b"E"
ROWS_PER_RECORD = 1000
BYTES_PER_RECORD = 512 * 1024
NO_KEY = (
    "BACKUP_ENCRYPTION_KEY is not set: backups are always encrypted. Make a key with "
    "`openssl rand -base64 32` and keep a copy away from this host (docs/backups.md)."
)


class Refused(Exception):
    """A backup or restore that would not be safe, said in words an operator can act on."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    files: int
    file_bytes: int
    audit_head: tuple[int, str] | None
    seconds: float


def do_back_up(destination: Path, keys: Sequence[bytes], alias: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive to `destination` (a file, or a folder for a dated file in it) by way
    of a hidden file renamed at the end, so a failed backup never looks like a good one."""
    if destination.is_dir():
        destination = destination / f"ketaclinic-{timezone.now():%Y%m%dT%H%M%SZ}.kcbackup"
    # A name of its own (mode 0600), so a run killed half-way never blocks the next one.
    descriptor, name = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".partial", dir=destination.parent
    )
    partial = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as out:
            summary = write_backup(out, keys, alias)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary


def write_backup(out: BinaryIO, keys: Sequence[bytes], alias: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the encrypted archive of the database and the private files to `out`."""
    if not keys:
        raise Refused(NO_KEY)
    started = time.monotonic()
    connection = connections[alias]
    _check_fully_migrated(connection)
    archive = ArchiveWriter(out, keys[0], os.urandom(16))
    models = backed_up_models(alias)
    rows: dict[str, int] = {}
    with one_snapshot(connection):
        head = _audit_head(alias)
        header = {
            "format": 1,
            "made_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": _migrations_of_this_release(),
            "audit_head": head,
        }
        archive.write_record(HEADER, _json(header))
        for model in models:
            archive.write_record(
                TABLE, _json({"model": model._meta.label_lower, "columns": column_names(model)})
            )
            rows[model._meta.label_lower] = _write_rows(archive, model, alias)
        files, file_bytes = _write_files(archive, storages["default"])
    archive.write_record(END, _json({"rows": rows, "files": files}))
    archive.close()
    return Summary(
        len(models), sum(rows.values()), files, file_bytes, head, time.monotonic() - started
    )


def _write_rows(archive: ArchiveWriter, model: type[Model], alias: str) -> int:
    batch: list[bytes] = []
    size = count = 0
    for row in read_rows(model, alias):
        encoded = json.dumps(row, separators=(",", ":"), ensure_ascii=False).encode()
        batch.append(encoded)
        size += len(encoded)
        count += 1
        if len(batch) >= ROWS_PER_RECORD or size >= BYTES_PER_RECORD:
            archive.write_record(ROWS, b"[" + b",".join(batch) + b"]")
            batch, size = [], 0
    if batch:
        archive.write_record(ROWS, b"[" + b",".join(batch) + b"]")
    return count


def _write_files(archive: ArchiveWriter, storage: Storage) -> tuple[int, int]:
    files = total = 0
    for name in stored_files(storage):
        size = storage.size(name)
        archive.write_record(FILE, _json({"name": name, "size": size}))
        with storage.open(name, "rb") as stored:
            while block := stored.read(BYTES_PER_RECORD):
                archive.write_record(DATA, block)
        files += 1
        total += size
    return files, total


def stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file in the storage, folder by folder, in name order."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(names):
        yield f"{folder}/{name}" if folder else name
    for child in sorted(folders):
        yield from stored_files(storage, f"{folder}/{child}" if folder else child)


def do_restore(
    source: Path,
    keys: Sequence[bytes],
    alias: str = DEFAULT_DB_ALIAS,
    *,
    accept_broken_audit_chain: bool = False,
) -> Summary:
    """Bring the archive back into an empty database and an empty storage.

    The whole archive is read and checked first; then everything is written in one
    transaction, and files saved before a failure are deleted again, so a restore
    that stops leaves the database and the storage as empty as it found them."""
    if not keys:
        raise Refused(NO_KEY)
    started = time.monotonic()
    header = _read_whole_archive(source, keys)
    if header.get("migrations") != _migrations_of_this_release():
        raise Refused(
            "This backup was made by a release with other migrations than this one. Restore "
            "it with the release that made it, then upgrade as usual (manage.py migrate)."
        )
    storage = storages["default"]
    if next(stored_files(storage), None) is not None:
        raise Refused(
            "The private file storage already holds files. A restore goes only into an empty "
            "storage: move them away or point KETACLINIC_VAR_DIR at a new folder."
        )
    connection = connections[alias]
    _prepare_empty_database(connection)
    saved: list[str] = []
    try:
        with transaction.atomic(using=alias):
            with source.open("rb") as archive:
                records = read_records(read_chunks(archive, keys))
                next(records)  # the header, read above
                tables, rows, files, file_bytes = _load(records, alias, storage, saved)
            reset_sequences(connection, backed_up_models(alias))
            _check_audit_chain(alias, header["audit_head"], accept_broken_audit_chain)
    except BaseException:
        for name in saved:
            storage.delete(name)
        raise
    finally:
        ContentType.objects.clear_cache()
    call_command("createcachetable", database=alias, verbosity=0)
    return Summary(
        tables, rows, files, file_bytes, header["audit_head"], time.monotonic() - started
    )


def _read_whole_archive(source: Path, keys: Sequence[bytes]) -> dict[str, Any]:
    """The archive's header, once every chunk has passed its check."""
    try:
        archive = source.open("rb")
    except OSError as error:
        raise Refused(f"Cannot read {source}: {error.strerror}.") from None
    with archive:
        records = read_records(read_chunks(archive, keys))
        kind, payload = next(records, (b"", b""))
        if kind != HEADER:
            raise ArchiveError("This backup does not begin with its header; it is damaged.")
        for _record in records:
            pass
    header: dict[str, Any] = json.loads(payload)
    return header


def _prepare_empty_database(connection: BaseDatabaseWrapper) -> None:
    """Give a database with no tables this release's schema; refuse one that holds anything.

    The schema is made by the migration executor, not `manage.py migrate`, whose signals
    would write rows of their own (content types, permissions, the consent texts and their
    audit events) where the backup's are to go."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    tables = connection.introspection.table_names()
    if tables and "django_migrations" not in tables:
        raise Refused(
            "The database holds tables that are not ketaclinic's. A restore goes only into "
            "an empty database: create a new one and point DATABASE_URL at it."
        )
    if not tables:
        executor.migrate(targets, plan=executor.migration_plan(targets))
    elif executor.migration_plan(targets):
        raise Refused(
            "The database is migrated only part of the way. A restore goes into a database "
            "with no tables (it makes them itself), or one with this release's tables and no rows."
        )
    holding = [
        model._meta.db_table
        for model in models_with_rows(backed_up_models(connection.alias), connection.alias)
    ]
    if holding:
        raise Refused(
            f"The database already holds data (in {', '.join(holding[:3])}"
            f"{' and more' if len(holding) > 3 else ''}). A restore goes only into an empty "
            "database, one with no tables: create a new one and point DATABASE_URL at it "
            "(do not run manage.py migrate on it first; restore makes the tables)."
        )


def _load(
    records: Iterator[tuple[bytes, bytes]], alias: str, storage: Storage, saved: list[str]
) -> tuple[int, int, int, int]:
    """Write the records to the database and the storage; (tables, rows, files, bytes)."""
    model: type[Model] | None = None
    rows: dict[str, int] = {}
    file: tuple[str, int, IO[bytes]] | None = None
    file_bytes = 0
    for kind, payload in records:
        if file is not None and kind != DATA:
            file_bytes += _save_file(storage, *file, saved)
            file = None
        if kind == TABLE:
            model = _table(json.loads(payload))
            rows[model._meta.label_lower] = 0
        elif kind == ROWS and model is not None:
            batch = json.loads(payload)
            write_rows(model, batch, alias)
            rows[model._meta.label_lower] += len(batch)
        elif kind == FILE:
            described = json.loads(payload)
            spool = tempfile.SpooledTemporaryFile(max_size=BYTES_PER_RECORD)  # noqa: SIM115
            file = (described["name"], described["size"], spool)
        elif kind == DATA and file is not None:
            file[2].write(payload)
        elif kind == END:
            expected = json.loads(payload)
            if expected != {"rows": rows, "files": len(saved)}:
                raise ArchiveError("This backup's contents do not add up to its own count.")
            return len(rows), sum(rows.values()), len(saved), file_bytes
        else:
            raise ArchiveError(f"This backup holds a record out of place ({kind!r}).")
    raise ArchiveError("This backup ends before its end record; it is damaged.")


def _table(described: dict[str, Any]) -> type[Model]:
    try:
        model = apps.get_model(described["model"])
    except LookupError:
        raise Refused(f"This release has no table for {described['model']}.") from None
    if described["columns"] != column_names(model):
        raise Refused(f"The columns of {described['model']} differ from this release's.")
    return model


def _save_file(storage: Storage, name: str, size: int, spool: IO[bytes], saved: list[str]) -> int:
    with spool:
        if spool.tell() != size:
            raise ArchiveError(f"A file in this backup is not the size it should be ({name}).")
        spool.seek(0)
        stored_as = storage.save(name, File(spool, name=name))
    saved.append(stored_as)
    if stored_as != name:
        raise Refused(f"The storage kept {name} under another name ({stored_as}).")
    return size


def _check_audit_chain(alias: str, head: list[Any] | None, accept_broken: bool) -> None:
    events = AuditEvent.objects.using(alias).order_by("seq").iterator(chunk_size=2000)
    with closing(events) as walk:  # type: ignore[type-var]
        broken = first_broken_link(walk)
    if broken is not None and not accept_broken:
        raise Refused(
            f"The audit log in this backup is broken at event #{broken.seq}: {broken.problem}. "
            "Nothing was restored. To restore it anyway and look into it, run restore again "
            "with --accept-broken-audit-chain."
        )
    restored = _audit_head(alias)
    if restored != (tuple(head) if head else None):
        raise ArchiveError("The restored audit log does not end where the backup's did.")


def _audit_head(alias: str) -> tuple[int, str] | None:
    return AuditEvent.objects.using(alias).order_by("-seq").values_list("seq", "hash").first()


def _check_fully_migrated(connection: BaseDatabaseWrapper) -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise Refused("The database has migrations not yet applied: run manage.py migrate first.")


def _migrations_of_this_release() -> list[list[str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted([app, name] for app, name in loader.graph.leaf_nodes())


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
