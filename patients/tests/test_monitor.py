"""The treatment monitor: an adult named by the patient, who has read the monitor guide."""

from typing import Any

import pytest
from django.urls import reverse

from patients.models import Patient, TreatmentMonitor
from patients.tests.helpers import join
from patients.text import monitor_guide
from tests.personas import client_for
from workspace.joining import next_steps

MONITOR = reverse("patients:monitor")
FORM = {
    "name": "Carmen Diaz",
    "relationship": "Friend",
    "phone": "(305) 555-0144",
    "confirmed_adult": "on",
    "guide_read": "on",
}


@pytest.fixture
def patient(db: Any) -> Patient:
    return join()


def test_a_monitor_is_named_with_the_guide_read(patient: Patient) -> None:
    response = client_for(patient.user).post(MONITOR, FORM)
    assert response.status_code == 302
    monitor = TreatmentMonitor.objects.get(patient=patient)
    assert monitor.phone == "+13055550144"
    assert monitor.guide_version == monitor_guide()[2]
    assert monitor.guide_confirmed_at is not None
    step = next(step for step in next_steps(patient) if step.key == "monitor")
    assert step.state == "done"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("guide_read", "read the monitor guide"),
        ("confirmed_adult", "18 or older"),
        ("phone", "Enter your monitor"),
    ],
)
def test_it_is_refused_without_each_part(patient: Patient, missing: str, message: str) -> None:
    form = {key: value for key, value in FORM.items() if key != missing}
    response = client_for(patient.user).post(MONITOR, form)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[missing])
    assert response.context["form"]["name"].value() == "Carmen Diaz"
    assert not TreatmentMonitor.objects.exists()


def test_the_guide_covers_what_to_watch_for_and_when_to_call_911(visitor: Any, db: Any) -> None:
    response = visitor.get(reverse("patients:monitor_guide"))
    assert response.status_code == 200, "monitors have no account, so the guide is public"
    body = response.content.decode()
    assert "Call 911 straight away if" in body
    assert "cannot wake them" in body
    assert "988" in body
    assert "<script" not in body.split("</header>")[1]


def test_a_changed_guide_asks_for_a_new_confirmation(patient: Patient) -> None:
    client_for(patient.user).post(MONITOR, FORM)
    TreatmentMonitor.objects.filter(patient=patient).update(guide_version="old")
    step = next(step for step in next_steps(patient) if step.key == "monitor")
    assert step.state == "attention"
