"""``manage.py simulate [--input FILE]``: one clinical-safety scenario, run through the verbs.

The scenario (shared/contracts/clinical-safety.md) is checked first; every problem goes to
stderr as ``{"errors": [...]}`` with exit status 2 and nothing on stdout. A good scenario is
built in a throwaway in-memory database, never the practice's own, its action is run
through the verb the pages call, and the result is printed as JSON (exit 0).
"""

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from simulation.database import throwaway_database
from simulation.run import simulate
from simulation.scenario import Error, read_scenario

EXIT_INVALID = 2


class Command(BaseCommand):
    help = (
        "Run a clinical-safety scenario through the real verbs in a throwaway database. "
        "Reads JSON from --input FILE, or stdin."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", metavar="FILE", help="scenario JSON (default: stdin)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options.get("input")
        try:
            text = Path(path).read_text(encoding="utf-8") if path else sys.stdin.read()
            raw = json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as problem:
            self._invalid([Error("input", f"is not a readable JSON scenario: {problem}")])
        scenario = read_scenario(raw)
        if isinstance(scenario, list):
            self._invalid(scenario)
        with throwaway_database():
            result = simulate(scenario)
        self.stdout.write(json.dumps(result))

    def _invalid(self, errors: list[Error]) -> NoReturn:
        self.stderr.write(
            json.dumps({"errors": [error.as_json() for error in errors]}), style_func=str
        )
        sys.exit(EXIT_INVALID)
