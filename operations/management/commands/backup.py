import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.actions import Refused, Summary, do_back_up, write_backup
from operations.archive import ArchiveError
from operations.tables import SnapshotError


class Command(BaseCommand):
    help = (
        "Write an encrypted archive of the database and the private files, read from one "
        "snapshot. DESTINATION is a file, a folder (for a dated file in it) or - for stdout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination")

    def handle(self, *args: Any, destination: str, **options: Any) -> None:
        keys = settings.BACKUP_ENCRYPTION_KEYS
        try:
            if destination == "-":
                summary = write_backup(sys.stdout.buffer, keys)
                sys.stdout.buffer.flush()
            else:
                summary = do_back_up(Path(destination), keys)
        except (Refused, ArchiveError, SnapshotError) as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot write the backup: {error}.") from None
        # With the archive on stdout, the report goes to stderr.
        report = self.stderr if destination == "-" else self.stdout
        report.write(describe("Backed up", summary))


def describe(done: str, summary: Summary) -> str:
    head = (
        f"audit log head #{summary.audit_head[0]} {summary.audit_head[1]}"
        if summary.audit_head
        else "an empty audit log"
    )
    return (
        f"{done} {summary.rows:,} rows in {summary.tables} tables and {summary.files} private "
        f"files ({summary.file_bytes:,} bytes) in {summary.seconds:.1f} s; {head}."
    )
