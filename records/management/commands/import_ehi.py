from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from records.importer import ImportRefused, import_practice


class Command(BaseCommand):
    help = (
        "Load a practice export (export_ehi --all) into this empty database, checking "
        "everything first and writing it in one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="the export's folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = import_practice(options["folder"])
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Imported {sum(counts.values())} records. Staff accounts are inactive until an "
            "administrator reactivates them and they enrol again; patients set a password "
            "through 'forgot password'."
        )
