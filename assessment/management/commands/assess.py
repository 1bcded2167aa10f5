"""``manage.py assess [--input FILE]``: run the eligibility assessment on JSON input."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from questionnaires.assessment import cli


class Command(BaseCommand):
    """Assess one input: outcome JSON on stdout (exit 0), or errors on stderr (exit 2)."""

    help = (
        "Evaluate the eligibility assessment. Reads JSON from --input FILE, or stdin. "
        "Prints the outcome (exit 0), or {'errors': [...]} on stderr (exit 2)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", metavar="FILE", help="JSON input file (default: stdin)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options.get("input")
        result = cli.run([] if path is None else ["--input", path], sys.stdin)
        self.stdout.write(result.stdout, ending="")
        self.stderr.write(result.stderr, style_func=str, ending="")
        if result.exit_code != cli.EXIT_DECISION:
            sys.exit(result.exit_code)
