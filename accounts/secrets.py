"""Second-factor secrets are kept encrypted in the database.

allauth stores each authenticator's TOTP secret and recovery-code seed through the MFA
adapter's ``encrypt``/``decrypt`` hooks (``accounts.adapters.MfaAdapter``); here they go
through Fernet (AES-128-CBC with an HMAC, from the ``cryptography`` package) under the
keys in ``MFA_ENCRYPTION_KEYS``: the first encrypts, every one decrypts, so a key can be
rotated by putting the new one first. Production refuses to start without the setting;
elsewhere the key is derived from ``SECRET_KEY``. A backup of the database, or an admin
page, then shows only ciphertext.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

PREFIX = "fernet:"


class SecretUnreadable(Exception):
    """A stored secret could not be decrypted with any configured key."""


def _keys() -> MultiFernet:
    configured = list(settings.MFA_ENCRYPTION_KEYS)
    if not configured:
        digest = hashlib.sha256(f"mfa:{settings.SECRET_KEY}".encode()).digest()
        configured = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in configured])


def encrypt_secret(text: str) -> str:
    if text.startswith(PREFIX):
        return text
    return PREFIX + _keys().encrypt(text.encode()).decode()


def decrypt_secret(stored: str) -> str:
    """The secret in clear; a value stored before encryption began is returned as it is."""
    if not stored.startswith(PREFIX):
        return stored
    try:
        return _keys().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as error:
        raise SecretUnreadable("no configured MFA key decrypts this secret") from error
