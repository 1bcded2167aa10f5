"""access_patient: each persona sees only what it should, and every look is logged."""

from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse

from audit.models import AuditEvent
from patients.access import Scope, access_patient
from tests.personas import client_for


def record_url(user: Any) -> str:
    return reverse("workspace:record", args=[user.patient.public_id])


def test_a_patient_sees_their_own_record(patient_fl: Any) -> None:
    response = client_for(patient_fl).get(record_url(patient_fl))
    assert response.status_code == 200
    assert "Maria Gomez" in response.content.decode()


def test_a_patient_cannot_see_another_patient(patient_fl: Any, patient_nj: Any) -> None:
    response = client_for(patient_nj).get(record_url(patient_fl))
    assert response.status_code == 404
    assert b"Maria Gomez" not in response.content


def test_the_anonymous_visitor_is_sent_to_sign_in(visitor: Any, patient_fl: Any) -> None:
    response = visitor.get(record_url(patient_fl))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_clinician_sees_patients_in_their_licensed_state(
    clinician_fl: Any, patient_fl: Any
) -> None:
    assert access_patient(clinician_fl, patient_fl.patient.public_id).pk == patient_fl.patient.pk


def test_a_new_jersey_clinician_cannot_see_a_florida_patient(
    clinician_nj: Any, patient_fl: Any
) -> None:
    with pytest.raises(Http404):
        access_patient(clinician_nj, patient_fl.patient.public_id)
    assert client_for(clinician_nj).get(record_url(patient_fl)).status_code == 404


def test_a_coordinator_sees_demographics_not_clinical_records(
    coordinator: Any, patient_fl: Any
) -> None:
    access_patient(coordinator, patient_fl.patient.public_id, scope=Scope.DEMOGRAPHICS)
    with pytest.raises(Http404):
        access_patient(coordinator, patient_fl.patient.public_id, scope=Scope.CLINICAL)


def test_a_pharmacist_sees_only_what_a_fill_needs(pharmacist: Any, patient_fl: Any) -> None:
    access_patient(pharmacist, patient_fl.patient.public_id, scope=Scope.PHARMACY)
    with pytest.raises(Http404):
        access_patient(pharmacist, patient_fl.patient.public_id, scope=Scope.CLINICAL)
    assert client_for(pharmacist).get(record_url(patient_fl)).status_code == 404


@pytest.mark.parametrize("persona", ["editor", "admin_user"])
def test_editors_and_administrators_see_no_records(
    request: Any, persona: str, patient_fl: Any
) -> None:
    user = request.getfixturevalue(persona)
    assert client_for(user).get(record_url(patient_fl)).status_code == 404


def test_every_look_is_in_the_audit_log(
    clinician_fl: Any, clinician_nj: Any, patient_fl: Any
) -> None:
    client_for(clinician_fl).get(record_url(patient_fl))
    client_for(clinician_nj).get(record_url(patient_fl))
    seen = AuditEvent.objects.filter(patient=patient_fl.patient).values_list(
        "action", "actor_email"
    )
    assert ("patient.viewed", clinician_fl.email) in seen
    assert ("patient.access_refused", clinician_nj.email) in seen


def test_an_unknown_patient_is_a_plain_404(clinician_fl: Any) -> None:
    response = client_for(clinician_fl).get(
        reverse("workspace:record", args=["6f1c7d5e-0000-4000-8000-000000000000"])
    )
    assert response.status_code == 404


def test_an_expired_licence_stops_counting_on_its_date(clinician_fl: Any, patient_fl: Any) -> None:
    import datetime

    from credentials.actions import licensed_states

    licence = clinician_fl.licences.get(state="FL")
    assert "FL" in licensed_states(
        clinician_fl.pk, on=licence.expires_on - datetime.timedelta(days=1)
    )
    assert "FL" not in licensed_states(clinician_fl.pk, on=licence.expires_on)


def test_a_coordinator_sees_the_practices_steps_on_a_record_not_the_clinical_ones(
    coordinator: Any, clinician_fl: Any
) -> None:
    """The timeline on a record shows a coordinator joining, ID and booking; the notes,
    diagnoses, prescriptions and sessions are for the patient's clinicians."""
    from care.tests.course import treated

    patient = treated(clinician_fl)
    url = reverse("workspace:record", args=[patient.public_id])

    seen_by_coordinator = client_for(coordinator).get(url).content.decode()
    assert "Photo ID verified" in seen_by_coordinator
    assert "Booked a video visit" in seen_by_coordinator
    for clinical in ("Consult note signed", "Diagnosis recorded", "Prescription signed"):
        assert clinical not in seen_by_coordinator

    seen_by_clinician = client_for(clinician_fl).get(url).content.decode()
    assert "Diagnosis recorded" in seen_by_clinician
    assert "Prescription signed" in seen_by_clinician
