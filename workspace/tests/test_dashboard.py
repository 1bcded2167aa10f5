"""The dashboard's "your next steps": each step with its state."""

from typing import Any

import pytest
from django.urls import reverse

from patients.models import Patient, PatientStatus
from patients.tests.helpers import join, offer_time, ready_to_book
from tests.personas import client_for
from workspace.joining import next_steps


def states(patient: Patient) -> dict[str, str]:
    return {step.key: step.state for step in next_steps(patient)}


def test_a_new_patient_has_everything_to_do(db: Any) -> None:
    patient = join()
    assert states(patient) == {
        "profile": "to_do",
        "monitor": "to_do",
        "identity": "to_do",
        "consents": "to_do",
        "subscription": "to_do",
        "consult": "waiting",
    }
    body = client_for(patient.user).get(reverse("workspace:home")).content.decode()
    assert "Your next steps" in body
    assert "0 of 6 done" in body


def test_once_everything_before_the_visit_is_done_the_patient_is_ready(db: Any) -> None:
    patient = ready_to_book(join())
    assert patient.status == PatientStatus.READY_FOR_CONSULT
    assert states(patient)["consult"] == "to_do"


def test_every_step_done_after_booking(db: Any, clinician_fl: Any) -> None:
    from care.consults import do_book_consult, open_slots

    patient = ready_to_book(join())
    offer_time(clinician_fl)
    do_book_consult(patient, open_slots(patient)[0].value, by=patient.user)
    assert set(states(patient).values()) == {"done"}
    body = client_for(patient.user).get(reverse("workspace:home")).content.decode()
    assert "6 of 6 done" in body
    assert "Dr Ana Rivera" in body


@pytest.mark.parametrize("persona", ["clinician_fl", "coordinator"])
def test_staff_are_sent_to_their_home(request: Any, persona: str) -> None:
    response = client_for(request.getfixturevalue(persona)).get(reverse("workspace:home"))
    assert response["Location"] == reverse("accounts:home")


def test_someone_without_a_record_is_sent_to_join(db: Any) -> None:
    from patients.tests.helpers import new_person

    response = client_for(new_person("nobody@example.com")).get(reverse("workspace:home"))
    assert response["Location"] == reverse("patients:join")


def test_the_dashboard_leads_to_the_journal_and_the_orders(patient_fl: Any) -> None:
    page = client_for(patient_fl).get(reverse("workspace:home")).content.decode()
    assert reverse("journal:home") in page
    assert reverse("pharmacy:orders") in page


def test_a_visit_already_held_stays_done(db: Any, clinician_fl: Any) -> None:
    from journal.tests.helpers import treated

    patient = treated(clinician_fl)
    assert patient.consults.get().status == "completed"
    assert states(patient)["consult"] == "done"
    body = client_for(patient.user).get(reverse("workspace:home")).content.decode()
    assert "You saw Dr Ana Rivera on" in body
    assert "Book your visit" not in body
