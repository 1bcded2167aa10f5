"""Staff must enrol a second factor before any page with health data."""

from typing import Any

from django.urls import reverse

from accounts.actions import do_create_person
from accounts.roles import Role
from tests.personas import client_for


def test_staff_without_mfa_is_sent_to_enrol(patient_fl: Any) -> None:
    newcomer = do_create_person(
        "new.clinician@ketaclinic.example",
        full_name="Dr New",
        password=None,
        roles=(Role.COORDINATOR,),
    )
    url = reverse("workspace:record", args=[patient_fl.patient.public_id])
    response = client_for(newcomer).get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert patient_fl.patient.legal_name.encode() not in response.content


def test_staff_without_mfa_can_still_open_enrolment(db: Any) -> None:
    newcomer = do_create_person(
        "new.editor@ketaclinic.example",
        full_name="New Editor",
        password=None,
        roles=(Role.EDITOR,),
    )
    response = client_for(newcomer).get(reverse("mfa_activate_totp"))
    assert response.status_code == 200


def test_staff_with_mfa_sees_the_record(coordinator: Any, patient_fl: Any) -> None:
    url = reverse("workspace:record", args=[patient_fl.patient.public_id])
    response = client_for(coordinator).get(url)
    assert response.status_code == 200
    assert patient_fl.patient.legal_name in response.content.decode()


def test_patients_need_no_second_factor(patient_fl: Any) -> None:
    url = reverse("workspace:record", args=[patient_fl.patient.public_id])
    assert client_for(patient_fl).get(url).status_code == 200


def test_staff_cannot_remove_their_only_authenticator(clinician_fl: Any) -> None:
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.get(user=clinician_fl, type=Authenticator.Type.TOTP)
    assert get_adapter().can_delete_authenticator(totp) is False


def test_a_patient_lands_on_their_dashboard(patient_fl: Any) -> None:
    response = client_for(patient_fl).get(reverse("accounts:home"))
    assert response["Location"] == reverse("workspace:home")


def test_staff_land_on_the_areas_their_roles_open(coordinator: Any, editor: Any) -> None:
    page = client_for(coordinator).get(reverse("accounts:home")).content.decode()
    assert reverse("patients:identity_queue") in page
    assert reverse("content:editorial") not in page
    page = client_for(editor).get(reverse("accounts:home")).content.decode()
    assert reverse("content:editorial") in page
