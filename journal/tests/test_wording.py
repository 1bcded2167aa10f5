"""A practice's published wording: the file format, the checks that refuse a bad file, and
the wording used everywhere once a good file is loaded.

Every file here is made up: placeholder words ("Placeholder item 3"), never an instrument's
published text, which this project does not ship.
"""

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from journal import actions
from journal.forms import CheckInForm
from journal.tests.helpers import treated
from patients.models import Patient
from questionnaires.check_in_fhir import check_in_observation_json, check_in_questionnaire_json
from questionnaires.instruments import (
    ADAPTED,
    INSTRUMENTS,
    InstrumentCode,
    WordingKind,
)
from questionnaires.wording import WordingFileError, load_wording_dir, load_wording_file
from tests.personas import client_for

ROOT = Path(__file__).resolve().parents[2]


def answers(*values: int) -> list[dict[str, Any]]:
    return [{"value": value, "label": f"Placeholder answer {value}"} for value in values]


def placeholder(code: str = "phq9", items: int = 9, **changes: Any) -> dict[str, Any]:
    """A wording file of the given instrument with made-up words and correct structure."""
    scoring = {
        "peg": ("mean", 0, 10),
        "phq9": ("sum", 0, 27),
        "gad7": ("sum", 0, 21),
        "pc_ptsd5": ("count_yes", 0, 5),
        "pcl5": ("sum", 0, 80),
    }.get(code, ("sum", 0, 27))
    values = {"peg": range(11), "gad7": range(4), "pc_ptsd5": (1, 0), "pcl5": range(5)}
    return {
        "format": 1,
        "instrument": code,
        "title": f"Placeholder title of {code}",
        "intro": "Placeholder instructions.",
        "answers": answers(*values.get(code, range(4))),
        "items": [{"text": f"Placeholder item {n}"} for n in range(1, items + 1)],
        "scoring": dict(zip(("method", "lowest", "highest"), scoring, strict=True)),
        "source": {
            "citation": "Placeholder Author. Placeholder Journal 2001;1:1-2.",
            "url": "https://example.org/placeholder",
            "version": "placeholder 1",
        },
        "permission": "Placeholder permission note: used under placeholder licence 0.",
        **changes,
    }


def write(folder: Path, content: dict[str, Any] | str, name: str = "phq9.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def problems_of(path: Path) -> str:
    with pytest.raises(WordingFileError) as caught:
        load_wording_file(path)
    assert str(path) in str(caught.value)
    return str(caught.value)


@pytest.fixture
def published(tmp_path: Path) -> Iterator[Path]:
    """The PHQ-9 and the PCL-5 in placeholder "published" wording, in use for the test."""
    folder = tmp_path / "wording"
    write(folder, placeholder("phq9"))
    write(folder, placeholder("pcl5", items=20), "pcl5.json")
    INSTRUMENTS.use(load_wording_dir(folder))
    yield folder
    INSTRUMENTS.reset()


# Loading a good file -------------------------------------------------------------------------


def test_the_project_ships_no_wording_file_and_asks_its_own_adapted_wording() -> None:
    assert settings.INSTRUMENT_WORDING_DIR is None
    assert all(i.wording.kind is not WordingKind.PUBLISHED for i in INSTRUMENTS.values())


def test_a_good_file_changes_the_words_and_nothing_else(tmp_path: Path) -> None:
    path = write(tmp_path, placeholder())
    worded = load_wording_file(path)
    ours = ADAPTED[InstrumentCode.PHQ9]
    assert worded.title == "Placeholder title of phq9"
    assert worded.intro == "Placeholder instructions."
    assert [i.label for i in worded.items] == [f"Placeholder item {n}" for n in range(1, 10)]
    assert [o.label for o in worded.items[8].options][-1] == "Placeholder answer 3"
    assert worded.item_ids == ours.item_ids
    assert [i.loinc for i in worded.items] == [i.loinc for i in ours.items]
    assert worded.scoring == ours.scoring and worded.bands == ours.bands
    assert (worded.loinc_panel, worded.loinc_total) == ("44249-1", "44261-6")


def test_a_good_file_records_its_source_permission_and_fingerprint(tmp_path: Path) -> None:
    path = write(tmp_path, placeholder())
    wording = load_wording_file(path).wording
    assert wording.kind is WordingKind.PUBLISHED
    assert wording.ref == "published-" + hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    assert wording.citation == "Placeholder Author. Placeholder Journal 2001;1:1-2."
    assert wording.permission.startswith("Placeholder permission note")
    assert (wording.url, wording.version, wording.file) == (
        "https://example.org/placeholder",
        "placeholder 1",
        "phq9.json",
    )
    assert wording.mark == "The published wording of the PHQ-9, supplied by the practice."


def test_item_ids_may_be_given_and_each_item_may_have_its_own_answers(tmp_path: Path) -> None:
    items: list[dict[str, Any]] = [
        {"id": f"peg_{n}", "text": f"Placeholder item {n}"} for n in range(1, 4)
    ]
    items[0]["answers"] = [{"value": v, "label": f"Placeholder pain {v}"} for v in range(11)]
    content = placeholder("peg", items=3)
    content["items"] = items
    worded = load_wording_file(write(tmp_path, content, "peg.json"))
    assert worded.items[0].options[10].label == "Placeholder pain 10"
    assert worded.items[1].options[10].label == "Placeholder answer 10"


def test_yes_no_items_take_their_labels_from_the_file(tmp_path: Path) -> None:
    worded = load_wording_file(write(tmp_path, placeholder("pc_ptsd5", items=5), "p.json"))
    form = CheckInForm(worded)
    assert list(form.fields["pc_ptsd5_1"].choices) == [  # type: ignore[attr-defined]
        ("1", "Placeholder answer 1"),
        ("0", "Placeholder answer 0"),
    ]


def test_the_folder_gives_each_instrument_its_words(tmp_path: Path) -> None:
    write(tmp_path, placeholder("gad7", items=7), "anxiety.json")
    write(tmp_path, placeholder("pcl5", items=20), "ptsd.json")
    (tmp_path / "README.txt").write_text("Not a wording file; ignored.")
    assert set(load_wording_dir(tmp_path)) == {InstrumentCode.GAD7, InstrumentCode.PCL5}


# The checks bite --------------------------------------------------------------------------------


def test_a_wrong_item_count_is_refused(tmp_path: Path) -> None:
    message = problems_of(write(tmp_path, placeholder(items=8)))
    assert "“items” has 8 items; the PHQ-9 has 9" in message


def test_wrong_answer_values_are_refused(tmp_path: Path) -> None:
    message = problems_of(write(tmp_path, placeholder(answers=answers(0, 1, 2, 4))))
    assert "“answers” has the values 0, 1, 2, 4; the PHQ-9's items take 0, 1, 2, 3" in message


def test_too_few_answers_are_refused(tmp_path: Path) -> None:
    message = problems_of(
        write(tmp_path, placeholder("pcl5", items=20, answers=answers(0, 1, 2, 3)), "x.json")
    )
    assert "the values 0, 1, 2, 3; the PCL-5's items take 0, 1, 2, 3, 4" in message


def test_wrong_answer_values_of_one_item_are_refused_by_its_number(tmp_path: Path) -> None:
    content = placeholder()
    content["items"][2]["answers"] = answers(1, 2, 3, 4)
    message = problems_of(write(tmp_path, content))
    assert "item 3 takes the values 1, 2, 3, 4; that item of the PHQ-9 takes 0, 1, 2, 3" in message


def test_an_answer_value_given_twice_is_refused(tmp_path: Path) -> None:
    message = problems_of(write(tmp_path, placeholder(answers=answers(0, 1, 1, 3))))
    assert "an answer value twice" in message


def test_an_answer_value_that_is_not_a_whole_number_is_refused(tmp_path: Path) -> None:
    content = placeholder(answers=[*answers(0, 1, 2), {"value": "3", "label": "Three"}])
    assert "needs a whole-number “value”" in problems_of(write(tmp_path, content))


@pytest.mark.parametrize("instrument", ["bdi", "pain_now", "PHQ9", 9])
def test_an_unknown_instrument_is_refused(tmp_path: Path, instrument: object) -> None:
    message = problems_of(write(tmp_path, placeholder(instrument=instrument)))
    assert "which is not one of peg, phq9, gad7, pc_ptsd5, pcl5" in message


@pytest.mark.parametrize(
    "scoring",
    [
        {"method": "mean", "lowest": 0, "highest": 27},
        {"method": "sum", "lowest": 0, "highest": 30},
        {"method": "sum", "lowest": 1, "highest": 27},
        {"method": "sum", "lowest": False, "highest": 27},
        {"method": "sum"},
    ],
)
def test_scoring_other_than_the_instruments_is_refused(
    tmp_path: Path, scoring: dict[str, Any]
) -> None:
    message = problems_of(write(tmp_path, placeholder(scoring=scoring)))
    assert "the PHQ-9 is scored by 'sum' from 0 to 27" in message


@pytest.mark.parametrize("field", ["title", "items", "scoring", "source", "permission", "format"])
def test_a_missing_field_is_named(tmp_path: Path, field: str) -> None:
    content = placeholder()
    del content[field]
    assert f"“{field}” is missing" in problems_of(write(tmp_path, content))


def test_a_source_needs_a_citation_and_the_permission_note_cannot_be_blank(
    tmp_path: Path,
) -> None:
    content = placeholder(source={"url": "https://example.org/p"}, permission="  ")
    message = problems_of(write(tmp_path, content))
    assert "“source.citation” is missing" in message
    assert "“permission” must be non-empty text" in message


def test_unknown_fields_are_refused_so_a_typo_is_not_ignored(tmp_path: Path) -> None:
    content = placeholder(licence="Placeholder")
    content["items"][0]["txt"] = "Placeholder"
    message = problems_of(write(tmp_path, content))
    assert "the file has an unknown field “licence”" in message
    assert "item 1 has an unknown field “txt”" in message


def test_an_item_id_out_of_place_is_refused(tmp_path: Path) -> None:
    content = placeholder()
    content["items"][8]["id"] = "phq9_8"
    assert "item 9 has the id 'phq9_8'; item 9 is 'phq9_9'" in problems_of(write(tmp_path, content))


def test_another_format_version_is_refused(tmp_path: Path) -> None:
    assert "this version reads format 1" in problems_of(write(tmp_path, placeholder(format=2)))


def test_a_file_that_is_not_json_is_refused_with_where(tmp_path: Path) -> None:
    message = problems_of(write(tmp_path, '{"format": 1,,}'))
    assert "it is not valid JSON" in message and "line 1, column" in message


def test_every_problem_in_a_file_is_listed_at_once(tmp_path: Path) -> None:
    content = placeholder(answers=answers(0, 1, 2, 4), scoring={"method": "sum"}, title="")
    message = problems_of(write(tmp_path, content))
    assert message.count(";") >= 2


def test_a_file_that_cannot_be_read_or_is_not_utf8_is_refused(tmp_path: Path) -> None:
    assert "it cannot be read" in problems_of(tmp_path / "absent.json")
    latin = tmp_path / "phq9.json"
    latin.write_bytes('{"title": "Caf\u00e9"}'.encode("latin-1"))
    assert "it is not UTF-8 text" in problems_of(latin)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"instrument": None}, "“instrument” is missing"),
        ({"title": 7}, "“title” must be non-empty text"),
        ({"intro": ["Placeholder"]}, "“intro” must be text"),
        ({"source": "Placeholder Author 2001"}, "“source” must be an object with a “citation”"),
        (
            {"source": {"citation": "P. 2001", "url": "ftp://example.org"}},
            "must start with https://",
        ),
        ({"scoring": "sum"}, "“scoring” must be an object with “method”, “lowest” and “highest”"),
        ({"scoring": {"method": "sum", "lowest": False, "highest": 27}}, "is scored by 'sum'"),
        ({"answers": []}, "“answers” must be a list of answers"),
        ({"answers": ["Not at all"]}, "“answers” answer 1 must be an object"),
        ({"items": "nine items"}, "“items” must be a list"),
        ({"items": ["Placeholder item"] * 9}, "item 1 must be an object with a “text”"),
        ({"items": [{"id": "phq9_1"}] + [{"text": "P"}] * 8}, "item 1 has no “text”"),
    ],
)
def test_each_malformed_part_is_named(
    tmp_path: Path, changes: dict[str, Any], problem: str
) -> None:
    content = {**placeholder(), **changes}
    if changes.get("instrument", "") is None:
        del content["instrument"]
    assert problem in problems_of(write(tmp_path, content))


def test_items_without_answers_anywhere_are_refused(tmp_path: Path) -> None:
    content = placeholder()
    del content["answers"]
    assert "item 1 has no answers, and the file gives no shared “answers”" in problems_of(
        write(tmp_path, content)
    )


def test_a_file_that_is_not_one_object_is_refused(tmp_path: Path) -> None:
    assert "it must hold one JSON object" in problems_of(write(tmp_path, "[1, 2]"))


def test_a_missing_or_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WordingFileError, match="the folder does not exist"):
        load_wording_dir(tmp_path / "nowhere")
    with pytest.raises(WordingFileError, match=r"holds no wording file \(\*\.json\)"):
        load_wording_dir(tmp_path)


def test_two_files_for_one_instrument_are_refused(tmp_path: Path) -> None:
    write(tmp_path, placeholder(), "a.json")
    write(tmp_path, placeholder(), "b.json")
    with pytest.raises(WordingFileError, match=r"b\.json: the PHQ-9 is already worded by a\.json"):
        load_wording_dir(tmp_path)


# Start-up --------------------------------------------------------------------------------------


def test_a_bad_file_stops_start_up_naming_the_file_and_the_problem(tmp_path: Path) -> None:
    path = write(tmp_path, placeholder(items=8))
    with (
        override_settings(INSTRUMENT_WORDING_DIR=str(tmp_path)),
        pytest.raises(ImproperlyConfigured) as caught,
    ):
        apps.get_app_config("journal").ready()
    assert str(path) in str(caught.value)
    assert "the PHQ-9 has 9" in str(caught.value)


def test_a_process_started_with_a_bad_file_exits_with_the_message(tmp_path: Path) -> None:
    write(tmp_path, placeholder(answers=answers(0, 1, 2, 4)))
    environment = {**os.environ, "INSTRUMENT_WORDING_DIR": str(tmp_path)}
    started = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "ketaclinic.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert started.returncode != 0
    assert "ImproperlyConfigured: INSTRUMENT_WORDING_DIR: instrument wording file" in started.stderr
    assert "phq9.json" in started.stderr


def test_a_good_folder_at_start_up_puts_the_published_wording_in_use(tmp_path: Path) -> None:
    write(tmp_path, placeholder())
    try:
        with override_settings(INSTRUMENT_WORDING_DIR=str(tmp_path)):
            apps.get_app_config("journal").ready()
        assert INSTRUMENTS[InstrumentCode.PHQ9].title == "Placeholder title of phq9"
        assert INSTRUMENTS[InstrumentCode.GAD7].wording.kind is WordingKind.ADAPTED
    finally:
        INSTRUMENTS.reset()
    assert INSTRUMENTS[InstrumentCode.PHQ9].wording.kind is WordingKind.ADAPTED


# Used everywhere -------------------------------------------------------------------------------


def test_the_form_and_the_fhir_output_use_the_published_wording(published: Path) -> None:
    phq9 = INSTRUMENTS[InstrumentCode.PHQ9]
    form = CheckInForm(phq9)
    assert form.fields["phq9_1"].label == "1. Placeholder item 1"
    observation = check_in_observation_json(
        phq9,
        {f"phq9_{n}": 0 for n in range(1, 10)},
        subject_reference="Patient/x",
        effective=dt.datetime.now(dt.UTC),
    )
    (note,) = observation["note"]
    assert note["text"] == (
        "The published wording of the PHQ-9, supplied by the practice. "
        "Source: Placeholder Author. Placeholder Journal 2001;1:1-2."
    )
    assert observation["extension"][0]["valueCanonical"].endswith(f"|{phq9.wording.ref}")
    assert observation["component"][0]["code"]["text"] == "Placeholder item 1"
    questionnaire = check_in_questionnaire_json(phq9)
    assert questionnaire["title"] == "Placeholder title of phq9"
    assert questionnaire["copyright"].startswith("Placeholder permission note")
    assert questionnaire["version"] == phq9.wording.ref


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Patient:
    return treated(clinician_fl)


def check_in_url(patient: Patient, code: str) -> str:
    return reverse("journal:check_in", args=[patient.public_id, code])


def test_the_check_in_page_marks_our_own_wording_as_adapted(patient: Patient) -> None:
    page = client_for(patient.user).get(check_in_url(patient, "phq9")).content.decode()
    assert "Adapted from the PHQ-9: these questions are in our own words" in page
    assert 'data-wording="adapted"' in page


def test_a_check_in_in_published_wording_shows_and_records_it(
    patient: Patient, published: Path
) -> None:
    client = client_for(patient.user)
    page = client.get(check_in_url(patient, "pcl5")).content.decode()
    assert "Placeholder item 20" in page and "Placeholder answer 4" in page
    assert "The published wording of the PCL-5" in page
    assert "Placeholder permission note" in page
    assert "Adapted from" not in page

    form = {f"pcl5_{n}": "1" for n in range(1, 21)}
    done = client.post(check_in_url(patient, "pcl5"), form, follow=True)
    assert "The published wording of the PCL-5" in done.content.decode()
    check_in = patient.check_ins.get(completed_at__isnull=False)
    assert check_in.wording == INSTRUMENTS[InstrumentCode.PCL5].wording.ref
    assert check_in.wording.startswith("published-")
    assert check_in.observation["note"][0]["text"].startswith("The published wording")


def test_the_summary_marks_each_instrument_with_the_wording_it_was_answered_in(
    patient: Patient, tmp_path: Path
) -> None:
    calm = {f"phq9_{n}": 1 for n in range(1, 10)} | {"phq9_9": 0}
    actions.do_complete_check_in(
        patient, by=patient.user, instrument=InstrumentCode.PHQ9, responses=calm
    )
    summary = reverse("journal:summary", args=[patient.public_id])
    page = client_for(patient.user).get(summary).content.decode()
    assert "Adapted from the PHQ-9" in page
    assert "validated questionnaires" not in page

    write(tmp_path, placeholder())
    INSTRUMENTS.use(load_wording_dir(tmp_path))
    try:
        actions.do_complete_check_in(
            patient, by=patient.user, instrument=InstrumentCode.PHQ9, responses=calm
        )
        page = client_for(patient.user).get(summary).content.decode()
    finally:
        INSTRUMENTS.reset()
    assert "Adapted from the PHQ-9" in page
    assert "The published wording of the PHQ-9, supplied by the practice." in page
