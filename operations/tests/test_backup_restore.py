"""`manage.py backup` and `manage.py restore` in this process, on the test database.

A restore needs an empty database: here the test database emptied of every row (as a new
database migrated by the restore itself would be; test_drill.py restores into one). Each
refusal is checked to leave the database and the private storage as empty as it found
them.
"""

import io
import json
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connections, transaction

from accounts.models import User
from audit.chain import BrokenLink
from audit.models import AuditEvent
from operations import actions
from operations.archive import read_chunks, read_records
from operations.tables import backed_up_models
from operations.tests.contents import database_contents, stored_files
from patients.models import Patient
from patients.tests.helpers import join, upload_id
from tests.personas import make

pytestmark = pytest.mark.django_db(transaction=True)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


@pytest.fixture(autouse=True)
def backup_key(settings: Any) -> None:
    settings.BACKUP_ENCRYPTION_KEYS = [KEY]


@pytest.fixture
def practice(private_storage: Path) -> Patient:
    """A clinician and a patient who joined and sent a photo ID, all through the verbs."""
    make("clinician_fl")
    patient = join()
    upload_id(patient)
    storages["default"].save("notes/unreferenced.bin", ContentFile(bytes(range(256)) * 3000))
    return patient


def back_up(tmp_path: Path) -> Path:
    archive = tmp_path / "practice.kcbackup"
    call_command("backup", str(archive), stdout=io.StringIO())
    return archive


def empty_everything(private_storage: Path) -> None:
    """Every row and file gone: the database and storage a restore expects."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    for path in sorted(private_storage.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def restore(archive: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), *options, stdout=out)
    return out.getvalue()


def assert_empty(private_storage: Path) -> None:
    with_rows = [
        table
        for table, rows in database_contents().items()
        if rows and table != "django_migrations"
    ]
    assert with_rows == []
    assert stored_files(private_storage) == {}


def test_a_restore_brings_back_every_row_and_every_file(
    practice: Patient, tmp_path: Path, private_storage: Path
) -> None:
    before, files = database_contents(), stored_files(private_storage)
    assert len(files) == 2
    archive = back_up(tmp_path)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    empty_everything(private_storage)

    report = restore(archive)

    assert database_contents() == before
    assert stored_files(private_storage) == files
    head = AuditEvent.objects.order_by("-seq").first()
    assert head is not None
    assert f"audit log head #{head.seq} {head.hash}" in report
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "Audit chain intact" in out.getvalue()
    # New rows take ids after the restored ones (PostgreSQL's sequences were moved on).
    assert make("pharmacist").pk > max(
        user.pk for user in User.objects.exclude(email__startswith="pharm")
    )


def test_a_backup_to_a_folder_gets_a_dated_name(practice: Patient, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    (archive,) = tmp_path.glob("ketaclinic-*.kcbackup")
    assert "2 private files" in out.getvalue()
    assert list(tmp_path.glob(".*")) == []  # the partial file was renamed, not left
    assert archive.stat().st_size > 0


def test_a_backup_to_stdout_is_the_same_archive(
    practice: Patient, tmp_path: Path, capsysbinary: Any, private_storage: Path
) -> None:
    before = database_contents()
    call_command("backup", "-")
    captured = capsysbinary.readouterr()
    assert b"Backed up" in captured.err
    archive = tmp_path / "from-stdout.kcbackup"
    archive.write_bytes(captured.out)
    empty_everything(private_storage)
    restore(archive)
    assert database_contents() == before


def test_the_backup_reads_one_moment_while_the_practice_writes(
    practice: Patient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person who joins once the backup has read its first table is in the live database
    at once (the backup holds no writer off), and in no table of the archive: every table
    was read as it stood when the backup began."""
    models = backed_up_models("default")
    before = row_counts(models)
    read_rows = actions.read_rows
    written: list[bool] = []

    def join_someone() -> None:
        try:
            written.append(bool(make("pharmacist").pk))
        finally:
            connections.close_all()

    def read_then_write(model: Any, alias: str) -> Iterator[list[Any]]:
        yield from read_rows(model, alias)
        if not written:
            writer = threading.Thread(target=join_someone)
            writer.start()
            writer.join(timeout=30)

    monkeypatch.setattr(actions, "read_rows", read_then_write)
    archive = back_up(tmp_path)

    assert written == [True]
    after = row_counts(models)
    grown = {label for label in before if after[label] > before[label]}
    assert grown - {models[0]._meta.label_lower}, "the new person was written to a later table"
    assert archived_row_counts(archive) == before


def row_counts(models: list[Any]) -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in models}


def archived_row_counts(archive: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    table = ""
    with archive.open("rb") as source:
        for kind, payload in read_records(read_chunks(source, [KEY])):
            if kind == actions.TABLE:
                table = json.loads(payload)["model"]
                counts[table] = 0
            elif kind == actions.ROWS:
                counts[table] += len(json.loads(payload))
    return counts


def test_restore_refuses_a_database_that_holds_data(
    practice: Patient, tmp_path: Path, private_storage: Path
) -> None:
    archive = back_up(tmp_path)
    for path in private_storage.rglob("*"):
        if path.is_file():
            path.unlink()
    before = database_contents()
    with pytest.raises(CommandError, match=r"already holds data \(in .*Nothing was restored"):
        restore(archive)
    assert database_contents() == before


def test_restore_refuses_a_storage_that_holds_files(
    practice: Patient, tmp_path: Path, private_storage: Path
) -> None:
    archive = back_up(tmp_path)
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    files = stored_files(private_storage)
    with pytest.raises(CommandError, match="storage already holds files"):
        restore(archive)
    assert stored_files(private_storage) == files
    assert Patient.objects.count() == 0


def damaged(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda data: data[: len(data) - 20], "cut short"),
        (damaged, "damaged: its chunk 1 fails its integrity check"),
        (lambda data: b"not an archive", "not a ketaclinic backup"),
    ],
    ids=["truncated", "a changed byte", "another file"],
)
def test_restore_refuses_a_spoilt_archive_and_writes_nothing(
    spoil: Callable[[bytes], bytes],
    message: str,
    practice: Patient,
    tmp_path: Path,
    private_storage: Path,
) -> None:
    archive = back_up(tmp_path)
    archive.write_bytes(spoil(archive.read_bytes()))
    empty_everything(private_storage)
    with pytest.raises(CommandError, match=message):
        restore(archive)
    assert_empty(private_storage)


def test_restore_refuses_an_archive_made_with_another_key(
    practice: Patient, tmp_path: Path, private_storage: Path, settings: Any
) -> None:
    archive = back_up(tmp_path)
    empty_everything(private_storage)
    settings.BACKUP_ENCRYPTION_KEYS = [OTHER_KEY]
    with pytest.raises(CommandError, match="made with another key"):
        restore(archive)
    assert_empty(private_storage)
    # After a rotation the old key, kept second in the list, still opens it.
    settings.BACKUP_ENCRYPTION_KEYS = [OTHER_KEY, KEY]
    assert "Restored" in restore(archive)


def test_a_failure_at_the_last_step_leaves_nothing_behind(
    practice: Patient, tmp_path: Path, private_storage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows and files were written when the audit check fails: all of them go again."""
    before = database_contents()
    archive = back_up(tmp_path)
    empty_everything(private_storage)
    monkeypatch.setattr(actions, "first_broken_link", lambda events: BrokenLink(7, "it was edited"))
    with pytest.raises(CommandError, match=r"broken at event #7: it was edited\. Nothing was"):
        restore(archive)
    assert_empty(private_storage)

    assert "Restored" in restore(archive, "--accept-broken-audit-chain")
    assert database_contents() == before


def test_restore_refuses_an_archive_from_a_release_with_other_migrations(
    practice: Patient, tmp_path: Path, private_storage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = back_up(tmp_path)
    empty_everything(private_storage)
    monkeypatch.setattr(
        actions, "_migrations_of_this_release", lambda: [["patients", "0099_future"]]
    )
    with pytest.raises(CommandError, match="release with other migrations"):
        restore(archive)
    assert_empty(private_storage)


def test_nothing_runs_without_a_key(tmp_path: Path, settings: Any) -> None:
    settings.BACKUP_ENCRYPTION_KEYS = []
    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY is not set"):
        call_command("backup", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY is not set"):
        restore(tmp_path / "any.kcbackup")


def test_restore_says_when_it_cannot_read_the_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"Cannot read .*missing.kcbackup"):
        restore(tmp_path / "missing.kcbackup")


def test_backup_says_when_it_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot write the backup"):
        call_command("backup", str(tmp_path / "no-such-folder" / "x.kcbackup"))


def test_a_backup_inside_another_transaction_is_refused(tmp_path: Path) -> None:
    with transaction.atomic(), pytest.raises(CommandError, match="transaction of its own"):
        call_command("backup", str(tmp_path / "x.kcbackup"))


def test_a_backup_killed_half_way_does_not_stop_the_next(practice: Patient, tmp_path: Path) -> None:
    (tmp_path / ".practice.kcbackup.partial").write_bytes(b"left by a killed run")
    archive = back_up(tmp_path)
    assert archive.read_bytes().startswith(b"KCBACKUP")
