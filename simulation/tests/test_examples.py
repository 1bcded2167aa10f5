"""The worked examples of shared/scenarios, and the command line itself.

Every example runs in-process through ``simulate`` (fast); a few go through the real
``manage.py simulate`` in a subprocess, to pin the exit codes, what goes to stdout and
stderr, and both ways of giving the scenario (``--input FILE`` and stdin).
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simulation.tests.scenarios import (
    action,
    error_fields,
    in_treatment,
    ready_to_prescribe,
    run,
    scenario,
)

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = Path(os.environ.get("KETACLINIC_SCENARIOS", ROOT / "contracts" / "scenarios"))
EXAMPLES = sorted(SCENARIOS.glob("*.json"))
PYTHON = ROOT / ".venv" / "bin" / "python"


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def simulate_cli(
    *arguments: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PYTHON if PYTHON.exists() else sys.executable), "manage.py", "simulate", *arguments],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_the_worked_examples_are_there():
    assert len(EXAMPLES) >= 12


@pytest.mark.django_db
@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_worked_example_gives_its_expected_answer(path: Path):
    example = load(path)
    if "expected_error_fields" in example:
        assert error_fields(example["input"]) == sorted(example["expected_error_fields"])
    else:
        assert run(example["input"]) == example["expected"]


@pytest.mark.django_db
def test_a_history_in_any_order_gives_the_same_answer():
    history = in_treatment()
    forwards = run(scenario(action("start_session"), history))
    backwards = run(scenario(action("start_session"), list(reversed(history))))
    assert forwards == backwards
    assert forwards["allowed"] is True


@pytest.mark.django_db
def test_the_output_has_exactly_the_contracts_keys():
    result = run(scenario(action("prescribe"), ready_to_prescribe()))
    assert list(result) == [
        "action",
        "allowed",
        "refusals",
        "dose_mg",
        "flags",
        "holds",
        "crisis_resources",
    ]


# The command line -------------------------------------------------------------------------


def test_the_command_reads_a_file_given_with_input_and_prints_the_result(tmp_path: Path):
    example = load(SCENARIOS / "ss_ready.json")
    given = tmp_path / "scenario.json"
    given.write_text(json.dumps(example["input"]), encoding="utf-8")
    done = simulate_cli("--input", str(given))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == example["expected"]


def test_the_command_reads_stdin_without_input():
    example = load(SCENARIOS / "rx_declined.json")
    done = simulate_cli(stdin=json.dumps(example["input"]))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == example["expected"]


def test_an_invalid_scenario_exits_2_with_every_error_on_stderr_and_nothing_on_stdout():
    example = load(SCENARIOS / "bad_several.json")
    done = simulate_cli(stdin=json.dumps(example["input"]))
    assert done.returncode == 2
    assert done.stdout == ""
    errors = json.loads(done.stderr)
    assert list(errors) == ["errors"]
    assert all(set(error) == {"field", "message"} for error in errors["errors"])
    assert all(isinstance(error["message"], str) and error["message"] for error in errors["errors"])
    assert sorted(error["field"] for error in errors["errors"]) == sorted(
        example["expected_error_fields"]
    )


def test_the_command_never_opens_the_practices_database(tmp_path: Path):
    """With the practice's database somewhere it cannot even be created, the simulation
    still runs: it uses a throwaway database of its own."""
    example = load(SCENARIOS / "ss_two_refused_today.json")
    nowhere = tmp_path / "no-such-directory" / "practice.sqlite3"
    done = simulate_cli(
        stdin=json.dumps(example["input"]), env={"DATABASE_URL": f"sqlite:///{nowhere}"}
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == example["expected"]
    assert not nowhere.parent.exists()


def test_an_input_file_that_cannot_be_read_is_an_invalid_scenario(tmp_path: Path):
    done = simulate_cli("--input", str(tmp_path / "missing.json"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert json.loads(done.stderr)["errors"]


def test_text_that_is_not_json_is_an_invalid_scenario():
    done = simulate_cli(stdin="{not json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert json.loads(done.stderr)["errors"]


def test_the_command_uses_the_contracts_policy_whatever_the_practice_settings_say():
    """A practice may make its policy stricter (here 1 mg/kg to start); the simulation
    always uses the contract's defaults (2 mg/kg: 150 mg at 75 kg)."""
    raw = scenario(action("prescribe"), ready_to_prescribe(), patient={"weight_kg": 75})
    done = simulate_cli(
        stdin=json.dumps(raw),
        env={"CLINICAL_SAFETY_POLICY": json.dumps({"starting_dose_mg_per_kg": 1})},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["refusals"] == []


def test_the_command_requires_an_in_person_evaluation_from_2027_whatever_the_settings_say():
    raw = scenario(action("prescribe"), ready_to_prescribe())
    done = simulate_cli(
        stdin=json.dumps(raw), env={"TELEMEDICINE_IN_PERSON_REQUIRED_FROM": "2026-06-01"}
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["refusals"] == []
