"""The export's format documentation as a public page, linked from the patient's copy."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from journal.tests.helpers import treated
from records.readable import readable_record
from tests.personas import client_for

pytestmark = pytest.mark.django_db

FORMAT = reverse("records:format")


def test_anyone_reads_how_an_export_is_laid_out() -> None:
    page = Client().get(FORMAT)
    assert page.status_code == 200
    text = page.content.decode()
    assert "<h1>The record export: format and mapping</h1>" in text
    assert "<h2>Left out</h2>" in text
    # The stored-record example is a block of code, not a line of text.
    assert '<pre><code>{"url": "https://ketaclinic.org/fhir/' in text
    assert "<table>" in text


def test_the_format_page_takes_no_post() -> None:
    assert Client().post(FORMAT).status_code == 405


def test_the_patient_finds_the_format_from_their_copy(clinician_fl: User, settings: Any) -> None:
    settings.SITE_URL = "https://care.example"
    patient = treated(clinician_fl)
    portal = client_for(patient.user).get(reverse("records:my_record")).content.decode()
    assert f'href="{FORMAT}"' in portal
    assert f'href="https://care.example{FORMAT}"' in readable_record(patient)
