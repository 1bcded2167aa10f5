"""The command line of the assessment: JSON in, outcome JSON out (``manage.py assess``).

A decision exits 0 with the outcome on stdout. Anything wrong with the input (an unreadable
file, text that is not JSON, answers that do not fit the questionnaire) exits 2 with nothing
on stdout and ``{"errors": [...]}`` on stderr. The functions return the exit code and both
streams' text, so tests need no subprocess.
"""

import json
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, TextIO

from questionnaires.assessment.rules import evaluate
from questionnaires.assessment.validate import FieldError, validate

EXIT_DECISION = 0
EXIT_INVALID_INPUT = 2

USAGE = "usage: manage.py assess [--input FILE]  (JSON on stdin when no FILE)"


class Run(NamedTuple):
    """What one run of the command produced."""

    exit_code: int
    stdout: str
    stderr: str


def run(argv: Sequence[str], stdin: TextIO) -> Run:
    """Run the command with its arguments (without the program name) and standard input."""
    args = list(argv)
    if len(args) == 2 and args[0] == "--input":
        return assess_file(args[1])
    if len(args) == 1 and args[0].startswith("--input="):
        return assess_file(args[0].removeprefix("--input="))
    if args:
        return _invalid([{"field": "input", "message": USAGE}])
    try:
        text = stdin.read()
    except UnicodeDecodeError:
        return _invalid([{"field": "input", "message": "The input is not UTF-8 text."}])
    return assess_text(text)


def assess_file(path: str) -> Run:
    """Assess the JSON input held in a file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        reason = getattr(problem, "strerror", None) or str(problem)
        return _invalid([{"field": "input", "message": f"Cannot read {path}: {reason}."}])
    return assess_text(text)


def assess_text(text: str) -> Run:
    """Assess JSON input text: the outcome, or every problem with the input."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as problem:
        message = (
            f"The input is not valid JSON: {problem.msg} "
            f"(line {problem.lineno}, column {problem.colno})."
        )
        return _invalid([{"field": "input", "message": message}])
    except (ValueError, RecursionError):
        return _invalid([{"field": "input", "message": "The input is not JSON we can read."}])
    clean, errors = validate(payload)
    if errors:
        return _invalid(errors)
    outcome = evaluate(clean.answers, clean.as_of)
    return Run(EXIT_DECISION, json.dumps(outcome.as_json()) + "\n", "")


def _invalid(errors: list[FieldError]) -> Run:
    return Run(EXIT_INVALID_INPUT, "", json.dumps({"errors": errors}) + "\n")
