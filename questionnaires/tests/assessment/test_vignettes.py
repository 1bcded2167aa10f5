"""Every worked case in shared/vignettes, through the engine's CLI and through manage.py."""

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from questionnaires.assessment import QUESTIONNAIRE, cli
from questionnaires.tests.assessment.people import REPO_ROOT, VIGNETTES

VIGNETTE_FILES = sorted(VIGNETTES.glob("*.json"))
MANAGE_PY = REPO_ROOT / "manage.py"

assert VIGNETTE_FILES, "contracts/vignettes holds the worked cases"


def load(path: Path) -> dict[str, Any]:
    vignette: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return vignette


def check_run(vignette: dict[str, Any], exit_code: int, stdout: str, stderr: str) -> None:
    if "expected" in vignette:
        assert (exit_code, stderr) == (0, "")
        outcome = json.loads(stdout)
        assert outcome == {**vignette["expected"], "questionnaire": QUESTIONNAIRE.reference}
        assert list(outcome) == [
            "outcome", "reasons", "referrals", "pathways", "scores", "questionnaire"
        ]  # fmt: skip
    else:
        assert (exit_code, stdout) == (2, "")
        named = {error["field"] for error in json.loads(stderr)["errors"]}
        required = set(vignette["expected_error_fields"])
        accepted = required | set(vignette.get("also_accepted_error_fields", []))
        assert required <= named <= accepted


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_each_vignette_through_cli_run_on_stdin(path: Path) -> None:
    vignette = load(path)
    result = cli.run([], io.StringIO(json.dumps(vignette["input"])))
    check_run(vignette, *result)


@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_each_vignette_through_cli_run_from_a_file(path: Path, tmp_path: Path) -> None:
    vignette = load(path)
    input_file = tmp_path / "input.json"
    input_file.write_text(json.dumps(vignette["input"]), encoding="utf-8")
    result = cli.run(["--input", str(input_file)], io.StringIO("ignored"))
    check_run(vignette, *result)


def manage_py_assess(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    finished = subprocess.run(
        [sys.executable, str(MANAGE_PY), "assess", *args],
        cwd=REPO_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return finished.returncode, finished.stdout, finished.stderr


needs_manage_py = pytest.mark.skipif(not MANAGE_PY.exists(), reason="manage.py is not there yet")


@needs_manage_py
@pytest.mark.parametrize("path", VIGNETTE_FILES, ids=lambda p: p.stem)
def test_each_vignette_through_manage_py_assess(path: Path, tmp_path: Path) -> None:
    vignette = load(path)
    input_file = tmp_path / "input.json"
    input_file.write_text(json.dumps(vignette["input"]), encoding="utf-8")
    check_run(vignette, *manage_py_assess("--input", str(input_file)))


@needs_manage_py
@pytest.mark.parametrize("kind", ["expected", "expected_error_fields"])
def test_manage_py_assess_reads_stdin_without_input(kind: str) -> None:
    path = next(p for p in VIGNETTE_FILES if kind in load(p))
    vignette = load(path)
    check_run(vignette, *manage_py_assess(stdin=json.dumps(vignette["input"])))
