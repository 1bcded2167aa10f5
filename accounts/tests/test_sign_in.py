"""Signing in: password + second factor for staff, throttling, no enumeration."""

import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import reverse

from accounts.actions import do_create_person
from accounts.roles import Role
from tests.personas import persona

LOGIN = reverse("account_login")


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_sign_in_asks_for_the_authenticator_code(clinician_fl: Any, password: str) -> None:
    client = Client()
    response = client.post(LOGIN, {"login": clinician_fl.email, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    secret = persona("clinician_fl").totp_secret
    assert secret
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clinician_fl.pk)


def test_a_wrong_code_does_not_sign_in(clinician_fl: Any, password: str) -> None:
    client = Client()
    client.post(LOGIN, {"login": clinician_fl.email, "password": password})
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_throttles_repeated_failures_for_one_account(patient_fl: Any, password: str) -> None:
    client = Client()
    for _ in range(5):
        response = client.post(LOGIN, {"login": patient_fl.email, "password": "wrong-password"})
        assert "Too many failed login attempts" not in response.content.decode()
    response = client.post(LOGIN, {"login": patient_fl.email, "password": password})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_throttles_one_address_trying_many_accounts(db: Any) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    bodies = [
        client.post(
            LOGIN, {"login": f"guess{i}@example.com", "password": "x" * 12}
        ).content.decode()
        for i in range(21)
    ]
    assert "Too many failed login attempts" not in bodies[0]
    assert "Too many failed login attempts" in bodies[-1]


def test_sign_in_does_not_say_whether_an_account_exists(patient_fl: Any) -> None:
    known = Client().post(LOGIN, {"login": patient_fl.email, "password": "wrong-password"})
    unknown = Client().post(LOGIN, {"login": "nobody@example.com", "password": "wrong-password"})
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_password_reset_answers_the_same_for_unknown_addresses(patient_fl: Any) -> None:
    url = reverse("account_reset_password")
    known = Client().post(url, {"email": patient_fl.email})
    unknown = Client().post(url, {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_sign_up_answers_the_same_for_a_taken_address(patient_fl: Any) -> None:
    url = reverse("account_signup")
    form = {"password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"}
    taken = Client().post(url, {**form, "email": patient_fl.email})
    fresh = Client().post(url, {**form, "email": "new.person@example.com"})
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"login": "", "password": ""},
        {"login": "not an email", "password": "x"},
        {"login": "a" * 5000 + "@example.com", "password": "x" * 5000},
        {
            "login": "\x00\x01",
            "password": "\ud800".encode("utf-8", "surrogatepass").decode("latin-1"),
        },
    ],
)
def test_malformed_sign_in_gets_a_clear_message(db: Any, form: dict[str, str]) -> None:
    response = Client().post(LOGIN, form)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_passwords_are_hashed_with_argon2(db: Any, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = do_create_person(
        "hash.check@example.com",
        full_name="Hash Check",
        password="a-long-pass-phrase-9",
        roles=(Role.PATIENT,),
    )
    assert identify_hasher(user.password).algorithm == "argon2"


def test_sign_up_spends_a_password_hash_for_a_taken_address_too(
    patient_fl: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The answer's timing must not tell which addresses have accounts: a new account's
    password hash is the slow step, so a taken address pays for one as well."""
    from django.contrib.auth.hashers import get_hasher

    hashed: list[str] = []
    hasher = type(get_hasher())
    real = hasher.encode

    def counting(self: Any, password: str, salt: str, *args: Any) -> str:
        hashed.append(salt)
        return real(self, password, salt, *args)

    monkeypatch.setattr(hasher, "encode", counting)
    url = reverse("account_signup")
    form = {"password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"}
    Client().post(url, {**form, "email": patient_fl.email})
    taken = len(hashed)
    hashed.clear()
    Client().post(url, {**form, "email": "new.person@example.com"})
    assert taken >= 1 and len(hashed) >= 1
