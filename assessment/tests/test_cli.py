"""The assess command line: exit codes, and what goes to stdout and stderr."""

import io
import json
from pathlib import Path
from typing import Any

import pytest

from assessment.management.commands.assess import Command
from questionnaires.assessment import cli
from questionnaires.tests.assessment.people import AS_OF, maria


def payload(**answer_changes: Any) -> str:
    return json.dumps({"as_of": AS_OF.isoformat(), "answers": maria(**answer_changes)})


def errors_of(result: cli.Run) -> list[dict[str, str]]:
    assert result.exit_code == 2
    assert result.stdout == ""
    errors: list[dict[str, str]] = json.loads(result.stderr)["errors"]
    return errors


def test_it_prints_the_outcome_and_exits_0_for_a_decision() -> None:
    result = cli.assess_text(payload())
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.endswith("\n")
    assert json.loads(result.stdout)["outcome"] == "eligible"


def test_an_ineligible_outcome_is_still_a_decision() -> None:
    result = cli.assess_text(payload(pregnancy_status="pregnant"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["outcome"] == "ineligible"


def test_it_names_the_questionnaire_version_it_followed() -> None:
    result = cli.assess_text(payload())
    assert json.loads(result.stdout)["questionnaire"] == "ketaclinic-eligibility/2.0.0"


def test_version_1_answers_without_the_new_questions_are_exit_2() -> None:
    result = cli.assess_text(payload(aneurysm_avm=..., urinary_symptoms=...))
    assert [e["field"] for e in errors_of(result)] == ["aneurysm_avm", "urinary_symptoms"]


def test_it_names_every_problem_on_stderr_and_nothing_on_stdout() -> None:
    result = cli.assess_text(payload(peg_2=-1, liver_disease="bad", monitor_available="maybe"))
    fields = [error["field"] for error in errors_of(result)]
    assert fields == ["peg_2", "liver_disease", "monitor_available"]


@pytest.mark.parametrize("text", ["", "{", '{"answers": }', "not json", "[1, 2", "\x00"])
def test_text_that_is_not_json_is_exit_2_with_a_clear_error(text: str) -> None:
    (error,) = errors_of(cli.assess_text(text))
    assert error["field"] == "input"
    assert "not valid JSON" in error["message"]


def test_an_integer_too_long_to_parse_is_exit_2() -> None:
    (error,) = errors_of(cli.assess_text("9" * 5000))
    assert error["field"] == "input"


def test_json_that_is_not_an_object_is_exit_2() -> None:
    assert [e["field"] for e in errors_of(cli.assess_text("[1, 2, 3]"))] == ["answers"]


def test_an_unreadable_file_is_exit_2_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    (error,) = errors_of(cli.run(["--input", str(missing)], io.StringIO()))
    assert error["field"] == "input"
    assert str(missing) in error["message"]


def test_a_directory_is_not_a_readable_input(tmp_path: Path) -> None:
    (error,) = errors_of(cli.run(["--input", str(tmp_path)], io.StringIO()))
    assert str(tmp_path) in error["message"]


def test_a_file_that_is_not_utf8_is_exit_2(tmp_path: Path) -> None:
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"answers": "\xe9"}')
    assert [e["field"] for e in errors_of(cli.run(["--input", str(latin)], io.StringIO()))] == [
        "input"
    ]


def test_it_reads_stdin_when_no_file_is_given() -> None:
    result = cli.run([], io.StringIO(payload()))
    assert result.exit_code == 0


def test_it_accepts_input_equals_file(tmp_path: Path) -> None:
    input_file = tmp_path / "in.json"
    input_file.write_text(payload(), encoding="utf-8")
    assert cli.run([f"--input={input_file}"], io.StringIO()).exit_code == 0


@pytest.mark.parametrize("argv", [["--input"], ["--verbose"], ["a.json"], ["--input", "a", "b"]])
def test_wrong_arguments_are_exit_2_with_the_usage(argv: list[str]) -> None:
    (error,) = errors_of(cli.run(argv, io.StringIO(payload())))
    assert error["message"] == cli.USAGE


def test_the_django_command_writes_the_outcome_to_its_stdout(tmp_path: Path) -> None:
    input_file = tmp_path / "in.json"
    input_file.write_text(payload(), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    Command(stdout=out, stderr=err).handle(input=str(input_file))
    assert json.loads(out.getvalue())["outcome"] == "eligible"
    assert err.getvalue() == ""


def test_the_django_command_exits_2_with_only_errors_on_stderr(tmp_path: Path) -> None:
    input_file = tmp_path / "in.json"
    input_file.write_text(payload(zip="10001"), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        Command(stdout=out, stderr=err).handle(input=str(input_file))
    assert exit_info.value.code == 2
    assert out.getvalue() == ""
    assert [e["field"] for e in json.loads(err.getvalue())["errors"]] == ["zip"]


def test_ci_runs_against_the_shared_contract_and_worked_cases() -> None:
    """Locally a checkout may lack ../shared; in CI the vignette tests must not skip."""
    import os

    from questionnaires.tests.assessment.people import CONTRACT, VIGNETTES

    if not os.environ.get("CI"):
        pytest.skip("enforced only where CI is set")
    assert CONTRACT.exists(), f"{CONTRACT} is missing"
    assert sorted(VIGNETTES.glob("*.json")), f"no worked cases in {VIGNETTES}"
