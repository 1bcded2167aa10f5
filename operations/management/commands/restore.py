from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.actions import Refused, do_restore
from operations.archive import ArchiveError
from operations.management.commands.backup import describe


class Command(BaseCommand):
    help = (
        "Bring an archive made by `manage.py backup` back into an empty database and an "
        "empty private storage; all of it, or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument(
            "--accept-broken-audit-chain",
            action="store_true",
            help="restore even though the audit log in the archive does not verify",
        )

    def handle(self, *args: Any, archive: str, **options: Any) -> None:
        try:
            summary = do_restore(
                Path(archive),
                settings.BACKUP_ENCRYPTION_KEYS,
                accept_broken_audit_chain=options["accept_broken_audit_chain"],
            )
        except (Refused, ArchiveError) as error:
            raise CommandError(f"{error} Nothing was restored.") from None
        self.stdout.write(describe("Restored", summary))
