"""Every sign-in form answers junk with a message, never a 500."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.personas import client_for

JUNK = [
    {},
    {"email": "", "password1": "", "password2": "", "password": "", "code": ""},
    {"email": "x" * 3000, "password1": "short", "password2": "other", "code": "abc"},
    {"email": "\x00@\x00", "password": "\x00", "code": "9" * 500, "login": "\ufffd"},
]


@pytest.mark.parametrize("form", JUNK)
@pytest.mark.parametrize("url_name", ["account_signup", "account_reset_password", "account_login"])
def test_anonymous_forms(db: Any, url_name: str, form: dict[str, str]) -> None:
    response = Client().post(reverse(url_name), form)
    assert response.status_code in (200, 302, 429)


@pytest.mark.parametrize("form", JUNK)
@pytest.mark.parametrize(
    "url_name", ["account_reauthenticate", "account_change_password", "mfa_activate_totp"]
)
def test_signed_in_forms(patient_fl: Any, url_name: str, form: dict[str, str]) -> None:
    response = client_for(patient_fl).post(reverse(url_name), form)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors


@pytest.mark.parametrize("form", JUNK)
def test_the_second_factor_step(clinician_fl: Any, password: str, form: dict[str, str]) -> None:
    client = Client()
    client.post(reverse("account_login"), {"login": clinician_fl.email, "password": password})
    response = client.post(reverse("mfa_authenticate"), form)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "credential",
    [
        '{"id": "x", "type": "public-key"}',  # no rawId, no response: fido2 raises KeyError
        '{"id": "x", "rawId": "!!", "type": "public-key", "response": {}}',
        "[1, 2, 3]",
        '"text"',
        "12",
    ],
)
def test_a_security_key_answer_that_cannot_be_read_is_a_message(
    patient_fl: Any, password: str, credential: str
) -> None:
    from allauth.mfa.models import Authenticator

    client = client_for(patient_fl)
    client.post(reverse("account_reauthenticate"), {"password": password})
    response = client.post(
        reverse("mfa_add_webauthn"), {"name": "My key", "credential": credential}
    )
    assert response.status_code == 200
    assert "could not be read" in response.content.decode()
    assert not Authenticator.objects.filter(user=patient_fl, type="webauthn").exists()


def test_a_reauthentication_answer_that_cannot_be_read_is_a_form_error(patient_fl: Any) -> None:
    from accounts.forms import KEY_DID_NOT_ANSWER, ReauthenticateWithSecurityKeyForm

    form = ReauthenticateWithSecurityKeyForm(
        {"credential": '{"id": "x", "type": "public-key"}'}, user=patient_fl
    )
    assert not form.is_valid()
    assert form.errors["credential"] == [KEY_DID_NOT_ANSWER]
