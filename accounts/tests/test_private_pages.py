"""Pages shown to a signed-in person are never cached; public pages may be."""

from typing import Any

import pytest
from django.urls import reverse

from care.tests.course import treated
from tests.personas import client_for


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Any:
    return treated(clinician_fl)


def test_a_patients_pages_are_no_store(patient: Any) -> None:
    client = client_for(patient.user)
    for url in (
        reverse("workspace:home"),
        reverse("journal:overview", args=[patient.public_id]),
        reverse("journal:progress", args=[patient.public_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_a_clinicians_queue_and_chart_are_no_store(patient: Any, clinician_fl: Any) -> None:
    client = client_for(clinician_fl)
    for url in (reverse("workspace:queue"), reverse("workspace:chart", args=[patient.public_id])):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_a_public_page_for_a_visitor_is_not_marked(visitor: Any, db: Any) -> None:
    assert "no-store" not in visitor.get("/").get("Cache-Control", "")
