"""The demo practice out as FHIR and back in: seed_demo → export_ehi --all → import_ehi into
an empty database → export_ehi --all again gives the same bytes.

The practice is seeded and exported once for the module (seeding is the slow part); each
test then starts from the empty database a new practice would have. The suite runs on
SQLite and again on PostgreSQL in CI (.ci/run).
"""

import json
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils.html import escape
from fhir.resources.R4B import get_fhir_model_class

from accounts.models import User
from audit.models import AuditEvent
from care.models import Prescription
from demo.people import PATIENTS
from patients.models import IdentityDocument, Patient
from records import importer
from records.stored import STORED_RECORD_URL
from tests.personas import make

AT = "2026-06-01T12:00:00+00:00"


def export(out: Path, *args: str) -> str:
    stdout = StringIO()
    call_command("export_ehi", *args, "--out", str(out), "--transaction-time", AT, stdout=stdout)
    return stdout.getvalue()


def import_ehi(folder: Path) -> str:
    stdout = StringIO()
    call_command("import_ehi", str(folder), stdout=stdout)
    return stdout.getvalue()


def lines(folder: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for path in sorted(folder.glob("*.ndjson")):
        for text in path.read_text().splitlines():
            yield path.name, json.loads(text)


@pytest.fixture(scope="module")
def demo_export(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """The demo practice exported whole and as Elena's bundle; the database left empty."""
    base = tmp_path_factory.mktemp("ehi")
    storage = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(base / "private"), "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    elena = next(p for p in PATIENTS if p.key == "patient_in_treatment")
    with django_db_blocker.unblock(), override_settings(STORAGES=storage):
        try:
            call_command("seed_demo", stdout=StringIO())
            export(base / "practice", "--all")
            patient = Patient.objects.get(user__email=elena.email)
            export(base / "elena", "--patient", str(patient.public_id))
            facts = {
                "practice": base / "practice",
                "bundle": base / "elena" / f"patient-{patient.pk}.json",
                "readable": base / "elena" / f"patient-{patient.pk}.html",
                "elena_directions": patient.prescriptions.get().directions,
                "others": list(
                    Patient.objects.exclude(pk=patient.pk).values_list("legal_name", flat=True)
                ),
                "elena": patient.pk,
                "patients": Patient.objects.count(),
                "photo_ids": IdentityDocument.objects.count(),
            }
        finally:
            call_command("flush", interactive=False, verbosity=0)
    yield facts


def test_every_exported_resource_is_valid_fhir_r4_and_carries_its_row(
    demo_export: dict[str, Any],
) -> None:
    kinds = set()
    for name, resource in lines(demo_export["practice"]):
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        assert name == f"{resource['resourceType']}.ndjson"
        assert any(e["url"] == STORED_RECORD_URL for e in resource["extension"])
        kinds.add(resource["resourceType"])
    assert {
        "Patient",
        "Practitioner",
        "PractitionerRole",
        "RelatedPerson",
        "Encounter",
        "Condition",
        "Observation",
        "QuestionnaireResponse",
        "CarePlan",
        "MedicationRequest",
        "MedicationDispense",
        "MedicationAdministration",
        "Consent",
        "Communication",
        "DocumentReference",
        "Coverage",
        "Invoice",
        "Provenance",
    } <= kinds


def test_the_export_has_a_bulk_data_manifest_and_a_readme_with_the_format(
    demo_export: dict[str, Any],
) -> None:
    folder = demo_export["practice"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["transactionTime"] == AT
    assert manifest["requiresAccessToken"] is False
    listed = {entry["url"]: entry["count"] for entry in manifest["output"]}
    on_disk = {p.name: len(p.read_text().splitlines()) for p in folder.glob("*.ndjson")}
    assert listed == on_disk
    assert "ehi-export.md" in (folder / "README.md").read_text()
    assert (folder / "ehi-export.md").read_text().startswith("# ")


def test_the_codes_a_reader_needs_are_there(demo_export: dict[str, Any]) -> None:
    systems = "".join(p.read_text() for p in demo_export["practice"].glob("*.ndjson"))
    assert '"system":"http://hl7.org/fhir/sid/icd-10-cm"' in systems
    assert (
        '"code":"6130","display":"ketamine","system":"http://www.nlm.nih.gov/research/umls/rxnorm"'
        in systems
    )
    assert '"code":"85354-9"' in systems  # blood pressure before each session
    assert '"code":"91148-7"' in systems  # the PEG check-in


@pytest.mark.django_db(transaction=True)
def test_an_import_into_an_empty_database_exports_the_same_bytes(
    demo_export: dict[str, Any], tmp_path: Path
) -> None:
    message = import_ehi(demo_export["practice"])
    assert "inactive" in message
    assert Patient.objects.count() == demo_export["patients"]

    export(tmp_path / "again", "--all")

    first, again = demo_export["practice"], tmp_path / "again"
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in again.iterdir())
    for path in sorted(first.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name
    call_command("verify_audit_chain", stdout=StringIO())
    assert AuditEvent.objects.filter(action="records.practice_imported").count() == 1


@pytest.mark.django_db(transaction=True)
def test_imported_staff_must_enrol_again_and_patients_set_a_password(
    demo_export: dict[str, Any],
) -> None:
    import_ehi(demo_export["practice"])
    staff = User.objects.filter(patient__isnull=True)
    assert staff.exists()
    assert not staff.filter(is_active=True).exists()
    assert all(not user.has_usable_password() for user in User.objects.all())
    assert not User.objects.filter(patient__isnull=False, is_active=False).exists()
    assert IdentityDocument.objects.count() == demo_export["photo_ids"]
    for document in IdentityDocument.objects.all():
        with document.file.open("rb") as handle:
            assert len(handle.read()) == document.size


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="sequences are PostgreSQL's")
def test_on_postgresql_new_rows_after_an_import_take_fresh_numbers(
    demo_export: dict[str, Any],
) -> None:
    import_ehi(demo_export["practice"])
    highest = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    user = User.objects.create_user("new.person@example.com")
    assert user.pk > highest


def test_import_refuses_a_database_that_is_not_empty(db: None, demo_export: dict[str, Any]) -> None:
    make("clinician_fl")
    users = User.objects.count()
    with pytest.raises(CommandError, match="The database is not empty"):
        import_ehi(demo_export["practice"])
    assert User.objects.count() == users
    assert not Patient.objects.exists()


def copy_with(demo_export: dict[str, Any], tmp_path: Path, name: str, change: Any) -> Path:
    """The export with one line of `name` changed by `change(resource)`."""
    folder = tmp_path / "changed"
    shutil.copytree(demo_export["practice"], folder)
    path = folder / name
    first, *rest = path.read_text().splitlines()
    changed = change(json.loads(first))
    path.write_text("\n".join([json.dumps(changed), *rest]) + "\n")
    return folder


def set_row(resource: dict[str, Any], **values: Any) -> dict[str, Any]:
    record = next(e for e in resource["extension"] if e["url"] == STORED_RECORD_URL)
    row = next(e for e in record["extension"] if e["url"] == "row")
    row["valueString"] = json.dumps({**json.loads(row["valueString"]), **values})
    return resource


def test_import_refuses_an_unknown_reference_and_writes_nothing(
    db: None, demo_export: dict[str, Any], tmp_path: Path
) -> None:
    folder = copy_with(
        demo_export,
        tmp_path,
        "MedicationDispense.ndjson",
        lambda r: set_row(r, prescription_id=9999),
    )
    with pytest.raises(CommandError) as refused:
        import_ehi(folder)
    assert (
        "MedicationDispense.ndjson line 1 (pharmacy.fill) refers to care.prescription 9999"
        in str(refused.value)
    )
    assert "Nothing was imported" in str(refused.value)
    assert not User.objects.exists()


def test_import_refuses_an_invalid_resource_naming_its_line(
    db: None, demo_export: dict[str, Any], tmp_path: Path
) -> None:
    folder = copy_with(
        demo_export,
        tmp_path,
        "Observation.ndjson",
        lambda r: {**r, "effectiveDateTime": "yesterday"},
    )
    with pytest.raises(
        CommandError,
        match=r"Observation.ndjson line 1 is not a valid FHIR Observation: effectiveDateTime",
    ):
        import_ehi(folder)
    assert not Patient.objects.exists()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"systolic": "high"}, "journal.safetycheck row's systolic is invalid"),
        ({"colour": "red"}, "journal.safetycheck row has unknown columns: colour"),
        ({"checked_at": None}, "journal.safetycheck row has no checked_at"),
    ],
)
def test_import_refuses_a_row_its_model_would_not_keep(
    db: None, demo_export: dict[str, Any], tmp_path: Path, values: dict[str, Any], expected: str
) -> None:
    def change(resource: dict[str, Any]) -> dict[str, Any]:
        return set_row(resource, **values)

    folder = tmp_path / "changed"
    shutil.copytree(demo_export["practice"], folder)
    path = folder / "Observation.ndjson"
    texts = path.read_text().splitlines()
    index = next(i for i, t in enumerate(texts) if '"id":"safetycheck-' in t)
    texts[index] = json.dumps(change(json.loads(texts[index])))
    path.write_text("\n".join(texts) + "\n")
    with pytest.raises(CommandError, match=expected):
        import_ehi(folder)


def test_import_refuses_a_folder_that_is_not_an_export(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"manifest\.json is missing"):
        import_ehi(tmp_path)
    (tmp_path / "manifest.json").write_text('{"output": [{"url": "../secrets.ndjson"}]}')
    with pytest.raises(CommandError, match="not a file name of this export"):
        import_ehi(tmp_path)
    (tmp_path / "manifest.json").write_text('{"output": [{"url": "Patient.ndjson"}]}')
    with pytest.raises(CommandError, match=r"names Patient\.ndjson, which is not in"):
        import_ehi(tmp_path)
    (tmp_path / "Patient.ndjson").write_text('{"resourceType": "Patient"}\nnot json\n')
    with pytest.raises(CommandError) as refused:
        import_ehi(tmp_path)
    assert "Patient.ndjson line 1: it carries no stored-record extension" in str(refused.value)
    assert "Patient.ndjson line 2 is not JSON" in str(refused.value)


def test_a_failure_while_writing_leaves_no_row_and_no_file(
    db: None, demo_export: dict[str, Any], monkeypatch: pytest.MonkeyPatch, private_storage: Path
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(importer, "record_event", broken)
    with pytest.raises(RuntimeError):
        import_ehi(demo_export["practice"])
    assert not Patient.objects.exists()
    assert not Prescription.objects.exists()
    assert not [p for p in private_storage.rglob("*") if p.is_file()]


def test_one_patients_bundle_holds_their_record_and_no_one_elses(
    demo_export: dict[str, Any],
) -> None:
    bundle = json.loads(demo_export["bundle"].read_text())
    get_fhir_model_class("Bundle").model_validate(bundle)
    assert bundle["type"] == "collection"
    resources = [entry["resource"] for entry in bundle["entry"]]
    own = f"Patient/patient-{demo_export['elena']}"
    patients = {r["id"] for r in resources if r["resourceType"] == "Patient"}
    assert patients == {f"patient-{demo_export['elena']}"}
    text = json.dumps(resources)
    others = {ref for ref in text.split('"reference": "')[1:] if ref.startswith("Patient/")}
    assert {ref.split('"')[0] for ref in others} == {own}
    kinds = {r["resourceType"] for r in resources}
    assert {"MedicationRequest", "MedicationAdministration", "Observation", "CarePlan"} <= kinds
    assert "Practitioner" not in kinds  # the practice's people are not this patient's record


def test_one_patients_readable_document_shows_medicines_sessions_scores_and_notes(
    demo_export: dict[str, Any],
) -> None:
    page = demo_export["readable"].read_text()
    assert page.startswith("<!doctype html>")
    assert "Health record of Elena Torres" in page
    assert escape(demo_export["elena_directions"]) in page
    assert "<td>100 mg</td>" in page
    assert "Pain and how it affects you (PEG): 3.0 out of 10." in page
    assert "CRPS Severity Score 6 out of 16 (baseline)" in page
    assert "Subjective: Burning pain" in page
    assert "@media print" in page
    assert "<script" not in page
    assert not [name for name in demo_export["others"] if name and name in page]


def test_export_refuses_a_folder_in_use_and_an_unknown_patient(db: None, tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("kept")
    with pytest.raises(CommandError, match="is not an empty folder"):
        export(tmp_path, "--all")
    with pytest.raises(CommandError, match="No patient has the public id"):
        export(tmp_path / "new", "--patient", "0e3f65b8-9a9e-40e8-bf87-9850dc25a743")
    with pytest.raises(CommandError, match="is not a patient's public id"):
        export(tmp_path / "new", "--patient", "Maria")
    with pytest.raises(CommandError, match="needs a time zone"):
        call_command(
            "export_ehi",
            "--all",
            "--out",
            str(tmp_path / "n"),
            "--transaction-time",
            "2026-01-01T00:00",
        )
    assert connection.vendor in {"sqlite", "postgresql"}
