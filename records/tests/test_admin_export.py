"""The administrator's exports: after "confirm it's you", one patient's record or the whole
practice's, made in the background with its progress shown, sealed at rest, downloaded
as a zip by that administrator only."""

import dataclasses
import datetime
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from demo.seed import ensure_person
from journal.tests.helpers import treated
from patients.models import Patient
from records.models import ExportKind, ExportState, RecordExport
from records.sealed import MAGIC
from tests.personas import client_for, make, persona

pytestmark = pytest.mark.django_db

PAGE = reverse("records:exports")


@pytest.fixture
def rosa(clinician_fl: User) -> Patient:
    return treated(clinician_fl)


def confirmed(user: User, password: str) -> Client:
    client = client_for(user)
    client.post(reverse("account_reauthenticate"), {"password": password})
    return client


def download(client: Client, export: RecordExport) -> Any:
    return client.get(reverse("records:export_file", args=[export.public_id]))


def unzipped(response: Any) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_page_asks_to_confirm_its_you_first(admin_user: User) -> None:
    response = client_for(admin_user).get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_the_whole_practice_is_exported_and_downloaded_as_a_zip(
    admin_user: User, password: str, rosa: Patient
) -> None:
    client = confirmed(admin_user, password)
    page = client.post(PAGE, {"scope": "practice"}, follow=True)
    text = page.content.decode()
    assert "The export has started" in text
    assert "Ready to download" in text
    export = RecordExport.objects.get(kind=ExportKind.PRACTICE)
    assert export.resources_written > 0
    assert f"<td>{export.resources_written}</td>" in text
    response = download(client, export)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    archive = unzipped(response)
    names = set(archive.namelist())
    assert {
        "ketaclinic-export/manifest.json",
        "ketaclinic-export/README.md",
        "ketaclinic-export/ehi-export.md",
        "ketaclinic-export/Patient.ndjson",
    } <= names
    manifest = json.loads(archive.read("ketaclinic-export/manifest.json"))
    assert sum(entry["count"] for entry in manifest["output"]) == export.resources_written
    patients = archive.read("ketaclinic-export/Patient.ndjson").decode()
    assert str(rosa.public_id) in patients
    actions = set(AuditEvent.objects.filter(actor=admin_user).values_list("action", flat=True))
    assert {"records.export_requested", "records.exports_viewed", "records.export_downloaded"} <= (
        actions
    )


def test_one_patients_export_holds_their_bundle_and_readable_document(
    admin_user: User, password: str, rosa: Patient
) -> None:
    client = confirmed(admin_user, password)
    client.post(PAGE, {"scope": "patient", "patient_id": str(rosa.public_id)})
    export = RecordExport.objects.get(kind=ExportKind.PATIENT)
    assert export.patient == rosa and export.state == ExportState.READY
    names = set(unzipped(download(client, export)).namelist())
    assert f"ketaclinic-export/patient-{rosa.pk}.json" in names
    assert f"ketaclinic-export/patient-{rosa.pk}.html" in names


def test_the_stored_archive_is_sealed(
    admin_user: User, password: str, rosa: Patient, private_storage: Path
) -> None:
    confirmed(admin_user, password).post(PAGE, {"scope": "practice"})
    [stored] = private_storage.rglob("*.sealed")
    content = stored.read_bytes()
    assert content.startswith(MAGIC)
    assert b"manifest.json" not in content and b"PK" not in content[: len(MAGIC) + 40]


def test_an_unknown_or_malformed_patient_id_is_a_clear_message(
    admin_user: User, password: str, rosa: Patient
) -> None:
    client = confirmed(admin_user, password)
    unknown = client.post(
        PAGE, {"scope": "patient", "patient_id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427"}
    )
    assert unknown.status_code == 400
    assert "No patient has this public id." in unknown.content.decode()
    malformed = client.post(PAGE, {"scope": "patient", "patient_id": "Rosa"})
    assert "Enter a patient&#x27;s public id" in malformed.content.decode()
    missing = client.post(PAGE, {"scope": "patient"})
    assert "Enter the public id of the patient to export." in missing.content.decode()
    assert not RecordExport.objects.exists()


def test_progress_is_shown_while_the_worker_writes(admin_user: User, password: str) -> None:
    RecordExport.objects.create(
        kind=ExportKind.PRACTICE,
        requested_by=admin_user,
        state=ExportState.RUNNING,
        resources_written=1500,
    )
    client = confirmed(admin_user, password)
    text = client.get(PAGE).content.decode()
    assert "Being prepared" in text and "<td>1500</td>" in text
    assert "An export is being made." in text
    again = client.post(PAGE, {"scope": "practice"})
    assert "still being made" in again.content.decode()
    assert RecordExport.objects.count() == 1


def test_only_the_administrator_who_made_it_downloads_it(
    admin_user: User, password: str, rosa: Patient
) -> None:
    confirmed(admin_user, password).post(PAGE, {"scope": "practice"})
    export = RecordExport.objects.get()
    second = ensure_person(
        dataclasses.replace(persona("admin"), key="admin_2", email="second-admin@example.com")
    )
    refused = download(confirmed(second, password), export)
    assert refused.status_code == 404
    assert AuditEvent.objects.filter(action="records.download_refused", actor=second).exists()
    for who in ("clinician_fl", "coordinator", "pharmacist", "editor", "patient_fl"):
        response = download(confirmed(make(who), password), export)
        assert response.status_code == 403
        assert not getattr(response, "streaming", False)
    assert download(Client(), export).status_code == 302


def test_an_expired_export_is_deleted_and_says_so(
    admin_user: User, password: str, rosa: Patient, private_storage: Path
) -> None:
    client = confirmed(admin_user, password)
    client.post(PAGE, {"scope": "practice"})
    export = RecordExport.objects.get()
    RecordExport.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    gone = download(client, export)
    assert gone.status_code == 410
    assert not list(private_storage.rglob("*.sealed"))
    assert "Expired and deleted" in client.get(PAGE).content.decode()
