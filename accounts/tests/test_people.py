"""People and their second factors: what the model and the adapters allow."""

from typing import Any

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator

from accounts.models import User
from accounts.secrets import decrypt_secret


@pytest.mark.django_db
def test_an_address_is_stored_in_lower_case_and_the_password_hashed() -> None:
    user = User.objects.create_user("Ana.Lopez@Example.org", "a long passphrase here")
    assert user.email == "ana.lopez@example.org"
    assert user.password != "a long passphrase here"
    assert user.check_password("a long passphrase here")


@pytest.mark.django_db
def test_a_person_needs_an_email_address() -> None:
    with pytest.raises(ValueError, match="An email address is required"):
        User.objects.create_user("", "a long passphrase here")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_superuser_is_staff() -> None:
    user = User.objects.create_superuser("root@example.org", "a long passphrase here")
    assert user.is_staff and user.is_superuser


def test_a_secret_stored_before_encryption_began_reads_as_it_was() -> None:
    assert decrypt_secret("JBSWY3DPEHPK3PXP") == "JBSWY3DPEHPK3PXP"


def test_a_patient_may_remove_their_only_second_factor(patient_fl: Any) -> None:
    totp = Authenticator.objects.create(
        user=patient_fl, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    assert get_adapter().can_delete_authenticator(totp) is True
