"""Second-factor secrets are encrypted at rest and never shown in the admin."""

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings

from accounts.secrets import PREFIX, SecretUnreadable, decrypt_secret, encrypt_secret
from demo.people import STAFF
from tests.personas import client_for


def test_a_secret_round_trips_and_is_not_stored_in_clear() -> None:
    stored = encrypt_secret("JBSWY3DPEHPK3PXP")
    assert stored.startswith(PREFIX) and "JBSWY3DPEHPK3PXP" not in stored
    assert decrypt_secret(stored) == "JBSWY3DPEHPK3PXP"
    assert encrypt_secret(stored) == stored


def test_a_rotated_key_still_reads_secrets_written_under_the_old_one() -> None:
    old, new = "0" * 43 + "=", "1" * 43 + "="
    with override_settings(MFA_ENCRYPTION_KEYS=[old]):
        stored = encrypt_secret("JBSWY3DPEHPK3PXP")
    with override_settings(MFA_ENCRYPTION_KEYS=[new, old]):
        assert decrypt_secret(stored) == "JBSWY3DPEHPK3PXP"
    with override_settings(MFA_ENCRYPTION_KEYS=[new]), pytest.raises(SecretUnreadable):
        decrypt_secret(stored)


def test_a_staff_members_totp_secret_is_stored_encrypted(clinician_fl: Any) -> None:
    persona = next(p for p in STAFF if p.key == "clinician_fl")
    totp = Authenticator.objects.get(user=clinician_fl, type=Authenticator.Type.TOTP)
    assert persona.totp_secret and persona.totp_secret not in str(totp.data)
    assert decrypt_secret(totp.data["secret"]) == persona.totp_secret


def test_the_admin_neither_lists_nor_opens_authenticators(
    admin_user: Any, clinician_fl: Any
) -> None:
    client = client_for(admin_user)
    totp = Authenticator.objects.get(user=clinician_fl, type=Authenticator.Type.TOTP)
    assert client.get("/admin/mfa/authenticator/").status_code == 404
    assert client.get(f"/admin/mfa/authenticator/{totp.pk}/change/").status_code == 404
    index = client.get("/admin/").content.decode()
    assert "Authenticators" not in index
