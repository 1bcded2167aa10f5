"""The profile: legal name, date of birth that matches the assessment, a real phone
number, a shipping address in Florida or New Jersey (never a PO box), an emergency
contact. A refused form says why next to the field and keeps everything typed."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape

from patients.models import Patient
from patients.rules import is_po_box, time_zone_for
from patients.tests.helpers import join
from tests.personas import client_for

PROFILE = reverse("patients:profile")

GOOD_FORM = {
    "legal_name": "Rosa Delgado",
    "date_of_birth": "1980-05-17",
    "phone": "(305) 555-0123",
    "address_line1": "2100 South Bayshore Drive",
    "address_line2": "Apt 4",
    "city": "Miami",
    "state": "FL",
    "zip_code": "33133",
    "emergency_contact_name": "Luis Delgado",
    "emergency_contact_relationship": "Brother",
    "emergency_contact_phone": "305-555-0188",
}


@pytest.fixture
def patient(db: Any) -> Patient:
    return join()


def post(patient: Patient, **changes: str) -> Any:
    return client_for(patient.user).post(PROFILE, {**GOOD_FORM, **changes})


def test_a_complete_profile_is_saved(patient: Patient) -> None:
    response = post(patient)
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.profile_complete
    assert patient.legal_name == "Rosa Delgado"
    assert patient.phone == "+13055550123"
    assert patient.emergency_contact_phone == "+13055550188"
    assert patient.county == "Miami-Dade"
    assert patient.time_zone == "America/New_York"
    assert patient.timeline.filter(kind="patient.profile_completed").exists()


def assert_refused_keeping_input(response: Any, field: str, message: str) -> None:
    assert response.status_code == 400
    body = response.content.decode()
    assert "data-error-summary" in body
    assert escape(message) in body
    assert f'href="#id_{field}"' in body, "the summary links to the field"
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    for name, value in GOOD_FORM.items():
        if name != field:
            assert form[name].value() == value or form.data[name] == value


@pytest.mark.parametrize(
    "line", ["PO Box 1234", "P.O. Box 77", "p o box 5", "Post Office Box 12", "POB 9", "Box 44"]
)
def test_a_po_box_is_refused_and_nothing_else_is_lost(patient: Patient, line: str) -> None:
    response = post(patient, address_line1=line)
    assert_refused_keeping_input(response, "address_line1", "We cannot ship to a PO box")
    assert response.context["form"]["address_line1"].value() == line
    patient.refresh_from_db()
    assert not patient.profile_complete


def test_a_po_box_on_the_second_line_is_refused_too(patient: Patient) -> None:
    response = post(patient, address_line2="PO Box 12")
    assert_refused_keeping_input(response, "address_line2", "We cannot ship to a PO box")


@pytest.mark.parametrize("state", ["NY", "GA", "CA"])
def test_an_address_outside_florida_and_new_jersey_is_refused(patient: Patient, state: str) -> None:
    response = post(patient, state=state, zip_code="10001", city="New York")
    assert response.status_code == 400
    form = response.context["form"]
    assert "We can only ship to addresses in Florida or New Jersey" in " ".join(
        form.errors["state"]
    )
    assert form["legal_name"].value() == "Rosa Delgado"
    assert form["address_line1"].value() == GOOD_FORM["address_line1"]
    assert form["zip_code"].value() == "10001"


def test_a_zip_in_the_other_state_is_refused(patient: Patient) -> None:
    response = post(patient, zip_code="07102")
    assert_refused_keeping_input(
        response, "zip_code", "ZIP code 07102 is in New Jersey, not Florida"
    )


def test_an_unknown_zip_is_refused(patient: Patient) -> None:
    response = post(patient, zip_code="00000")
    assert_refused_keeping_input(response, "zip_code", "We cannot find ZIP code 00000")


@pytest.mark.parametrize("phone", ["555-1234", "12", "not a number", "+44 20 7946 0958"])
def test_a_phone_number_that_is_not_a_us_number_is_refused(patient: Patient, phone: str) -> None:
    response = post(patient, phone=phone)
    assert response.status_code == 400
    assert response.context["form"].errors["phone"]
    assert response.context["form"]["phone"].value() == phone


def test_the_emergency_contact_must_be_someone_else(patient: Patient) -> None:
    response = post(patient, emergency_contact_phone="(305) 555-0123")
    assert_refused_keeping_input(
        response, "emergency_contact_phone", "Give someone else's number here"
    )


def test_a_date_of_birth_that_differs_from_the_assessment_is_explained(patient: Patient) -> None:
    response = post(patient, date_of_birth="1981-05-17")
    assert_refused_keeping_input(
        response, "date_of_birth", "This is not the date of birth you gave in your assessment"
    )
    assert "05/17/1980" in response.content.decode()
    patient.refresh_from_db()
    assert patient.date_of_birth is None


def test_a_confirmed_different_date_of_birth_is_kept_and_flagged(patient: Patient) -> None:
    response = post(patient, date_of_birth="1981-05-17", confirm_date_of_birth="on")
    assert response.status_code == 302
    patient.refresh_from_db()
    assert str(patient.date_of_birth) == "1981-05-17"
    assert patient.date_of_birth_differs
    assert patient.timeline.filter(kind="patient.date_of_birth_differs").exists()


def test_someone_under_18_is_refused_even_if_confirmed(patient: Patient) -> None:
    response = post(patient, date_of_birth="2015-01-01", confirm_date_of_birth="on")
    assert response.status_code == 400
    assert "18 or older" in " ".join(response.context["form"].errors["date_of_birth"])


def test_every_required_field_says_what_is_missing(patient: Patient) -> None:
    response = client_for(patient.user).post(PROFILE, {})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["legal_name"] == ["Enter your full legal name, as it is on your photo ID."]
    assert errors["address_line1"] == ["Enter the street address we should ship to."]
    assert errors["state"] == ["Choose Florida or New Jersey."]


def test_the_western_panhandle_is_on_central_time(patient: Patient) -> None:
    response = post(patient, city="Pensacola", zip_code="32501", address_line1="100 Palafox Place")
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.time_zone == "America/Chicago"
    assert time_zone_for("33133", "FL") == "America/New_York"
    assert time_zone_for("07102", "NJ") == "America/New_York"


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        ("123 Boxwood Lane", False),
        ("10 Box Elder Road", False),
        ("1 Post Road", False),
        ("Apt 4B", False),
        ("PO BX 5", True),
        ("P.O.B. 12", True),
        ("General Delivery", True),
    ],
)
def test_po_box_detection(line: str, refused: bool) -> None:
    assert is_po_box(line) is refused


def test_the_profile_page_shows_what_is_stored(patient: Patient) -> None:
    post(patient)
    body = client_for(patient.user).get(PROFILE).content.decode()
    assert "(305) 555-0123" in body
    assert "2100 South Bayshore Drive" in body


@pytest.mark.parametrize("persona", ["clinician_fl", "coordinator", "pharmacist", "editor"])
def test_staff_have_no_profile_page(request: Any, persona: str) -> None:
    user = request.getfixturevalue(persona)
    response = client_for(user).get(PROFILE)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")


def test_a_visitor_is_sent_to_sign_in(visitor: Any, db: Any) -> None:
    response = visitor.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_texts_are_only_sent_to_a_patient_who_ticks_the_box(patient: Patient) -> None:
    post(patient)
    patient.refresh_from_db()
    assert not patient.texts_allowed, "no box ticked, no texts"
    post(patient, texts_allowed="on")
    patient.refresh_from_db()
    assert patient.texts_allowed
    page = client_for(patient.user).get(PROFILE).content.decode()
    assert 'id="id_texts_allowed" checked' in page, "the page shows the box ticked"
