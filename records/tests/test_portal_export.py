"""The patient's "Download my whole record": asked for on the portal, made by the worker,
sealed at rest, downloaded by the patient alone for a limited time."""

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from audit.models import AuditEvent
from journal.tests.helpers import treated
from patients.models import Patient
from records.exports import delete_expired_exports
from records.models import ExportKind, ExportState, RecordExport
from records.sealed import MAGIC
from records.tasks import delete_expired_record_exports
from tests.personas import client_for, make

pytestmark = pytest.mark.django_db

PAGE = reverse("records:my_record")


@pytest.fixture
def rosa(clinician_fl: User) -> Patient:
    return treated(clinician_fl)


def ask(client: Client) -> Any:
    return client.post(PAGE, follow=True)


def links(patient: Patient) -> dict[str, str]:
    export = RecordExport.objects.filter(patient=patient, state=ExportState.READY).latest(
        "requested_at"
    )
    return {
        slug: reverse("records:my_record_file", args=[export.public_id, slug])
        for slug in ("bundle", "readable")
    }


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_patient_asks_and_downloads_both_files(rosa: Patient) -> None:
    client = client_for(rosa.user)
    page = ask(client)
    text = page.content.decode()
    assert "Thank you: your record is being prepared" in text
    assert "Your record to read and print (HTML)" in text
    assert "Available until" in text
    assert page["Cache-Control"].count("no-store")
    urls = links(rosa)
    bundle = client.get(urls["bundle"])
    assert bundle.status_code == 200
    assert "no-store" in bundle["Cache-Control"]
    assert bundle["Content-Disposition"] == 'attachment; filename="health-record.json"'
    document = json.loads(body(bundle))
    assert document["resourceType"] == "Bundle"
    kinds = {entry["resource"]["resourceType"] for entry in document["entry"]}
    assert {"Patient", "MedicationRequest"} <= kinds
    readable = client.get(urls["readable"])
    assert readable["Content-Security-Policy"].startswith("sandbox")
    html = body(readable).decode()
    assert escape(rosa.prescriptions.get().directions) in html
    assert "Medicines" in html
    # No health data in the addresses: only the opaque id of the export.
    for url in urls.values():
        assert str(rosa.public_id) not in url


def test_each_ask_and_download_is_audited(rosa: Patient) -> None:
    client = client_for(rosa.user)
    ask(client)
    client.get(links(rosa)["bundle"])
    actions = list(AuditEvent.objects.filter(patient=rosa).values_list("action", flat=True))
    for action in (
        "records.own_record_requested",
        "records.export_ready",
        "records.own_record_downloaded",
        "records.own_record_page_viewed",
    ):
        assert action in actions


def test_the_email_says_it_is_ready_and_nothing_of_the_record(rosa: Patient) -> None:
    mail.outbox.clear()
    ask(client_for(rosa.user))
    [email] = [m for m in mail.outbox if "ready" in m.subject]
    assert email.to == [rosa.user.email]
    assert "/records/mine/" in email.body
    for private in ("ketamine", "Ketamine", rosa.legal_name, str(rosa.public_id), "mg"):
        assert private not in email.body and private not in email.subject


def test_the_files_are_sealed_at_rest(rosa: Patient, private_storage: Path) -> None:
    ask(client_for(rosa.user))
    stored = list(private_storage.rglob("*.sealed"))
    assert len(stored) == 2
    for path in stored:
        content = path.read_bytes()
        assert content.startswith(MAGIC)
        assert rosa.legal_name.encode() not in content
        assert b"Bundle" not in content


@pytest.mark.parametrize(
    "who",
    ["patient_nj", "clinician_fl", "clinician_nj", "pharmacist", "coordinator", "editor", "admin"],
)
def test_no_one_but_the_patient_downloads_it(rosa: Patient, who: str) -> None:
    ask(client_for(rosa.user))
    other = client_for(make(who))
    for url in links(rosa).values():
        response = other.get(url)
        assert response.status_code == 404
        assert rosa.legal_name.encode() not in response.content
    refused = AuditEvent.objects.filter(action="records.download_refused", actor=make(who))
    assert refused.count() == 2


def test_a_visitor_is_sent_to_sign_in(rosa: Patient, visitor: Client) -> None:
    ask(client_for(rosa.user))
    for url in links(rosa).values():
        response = visitor.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert visitor.post(PAGE).status_code == 302
    assert RecordExport.objects.count() == 1


def test_staff_have_no_own_record_page(rosa: Patient) -> None:
    response = client_for(make("admin")).post(PAGE)
    assert response.status_code == 302
    assert not RecordExport.objects.filter(requested_by=make("admin")).exists()


def test_a_fourth_ask_in_a_day_is_refused_with_the_copies_kept(
    rosa: Patient, settings: Any
) -> None:
    settings.RECORD_EXPORTS_PER_DAY = 3
    client = client_for(rosa.user)
    for _ in range(3):
        ask(client)
    refused = client.post(PAGE)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "You have asked for your record 3 times in the last 24 hours" in text
    assert "You can ask again after" in text
    assert text.count("Your record to read and print (HTML)") == 3
    assert RecordExport.objects.filter(patient=rosa).count() == 3
    assert AuditEvent.objects.filter(action="records.own_record_refused", patient=rosa).exists()


def test_a_second_ask_while_one_is_prepared_is_refused(rosa: Patient) -> None:
    RecordExport.objects.create(kind=ExportKind.OWN_RECORD, requested_by=rosa.user, patient=rosa)
    client = client_for(rosa.user)
    page = client.get(PAGE).content.decode()
    assert "Your record is being prepared." in page
    refused = client.post(PAGE)
    assert refused.status_code == 409
    assert "already being prepared" in refused.content.decode()


def test_after_its_days_a_copy_is_deleted_and_its_links_say_so(
    rosa: Patient, private_storage: Path
) -> None:
    client = client_for(rosa.user)
    ask(client)
    urls = links(rosa)
    RecordExport.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    gone = client.get(urls["bundle"])
    assert gone.status_code == 410
    assert "no longer available" in gone.content.decode()
    assert not list(private_storage.rglob("*.sealed"))
    page = client.get(PAGE).content.decode()
    assert "expired on" in page and "Available until" not in page
    assert RecordExport.objects.get().state == ExportState.EXPIRED


def test_the_periodic_clean_up_deletes_expired_files(rosa: Patient, private_storage: Path) -> None:
    ask(client_for(rosa.user))
    assert delete_expired_exports() == 0
    RecordExport.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert delete_expired_record_exports.call() == 1  # the periodic task, as the worker runs it
    assert not list(private_storage.rglob("*.sealed"))
    assert AuditEvent.objects.filter(action="records.export_expired").exists()


def test_a_failed_export_says_so_and_leaves_no_file(
    rosa: Patient, private_storage: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr("records.exports.readable_record", broken)
    page = ask(client_for(rosa.user)).content.decode()
    assert "could not be prepared" in page
    assert RecordExport.objects.get().state == ExportState.FAILED
    assert not list(private_storage.rglob("*.sealed"))


def test_the_dashboard_links_to_it(rosa: Patient) -> None:
    home = client_for(rosa.user).get(reverse("workspace:home")).content.decode()
    assert PAGE in home


def test_a_patient_who_reads_spanish_gets_the_readable_copy_in_spanish(rosa: Patient) -> None:
    rosa.user.language = "es"
    rosa.user.save(update_fields=["language"])
    client = client_for(rosa.user)
    client.post("/es" + PAGE, follow=True)
    html = body(client.get(links(rosa)["readable"])).decode()
    assert '<html lang="es"' in html or 'lang="es"' in html
    assert "Medicamentos" in html and "Sesiones en casa" in html
