"""'Confirm it's you' guards sensitive actions and lapses after a few minutes."""

from typing import Any

from django.urls import reverse

from tests.personas import client_for

EXPORT = reverse("accounts:audit_export")


def age_authentication(client: Any, seconds: float) -> None:
    session = client.session
    records = session["account_authentication_methods"]
    for record in records:
        record["at"] -= seconds
    session["account_authentication_methods"] = records
    session.save()


def test_export_demands_reauthentication(admin_user: Any) -> None:
    response = client_for(admin_user).get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_reauthentication_opens_the_export_then_expires(admin_user: Any, password: str) -> None:
    client = client_for(admin_user)
    response = client.post(
        reverse("account_reauthenticate") + f"?next={EXPORT}", {"password": password}
    )
    assert response.status_code == 302
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert b"role.granted" in response.getvalue()

    age_authentication(client, 301)
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_a_wrong_password_does_not_reauthenticate(admin_user: Any) -> None:
    client = client_for(admin_user)
    response = client.post(reverse("account_reauthenticate"), {"password": "wrong-password"})
    assert response.status_code == 200
    assert client.get(EXPORT).status_code == 302


def test_only_administrators_export_the_audit_log(clinician_fl: Any, patient_fl: Any) -> None:
    assert client_for(clinician_fl).get(EXPORT).status_code == 403
    assert client_for(patient_fl).get(EXPORT).status_code == 403
