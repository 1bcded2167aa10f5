"""The backup key: BACKUP_ENCRYPTION_KEY, read by the settings module.

One key or several, comma-separated, newest first, each the base64 of 32 random bytes
(``openssl rand -base64 32``). A backup is encrypted with the first; a restore opens an
archive with whichever key made it, so an old key stays in the list for as long as
archives made with it are kept.
"""

import base64
import binascii

KEY_BYTES = 32


def parse_backup_keys(value: str) -> list[bytes]:
    """The keys in BACKUP_ENCRYPTION_KEY, or ValueError saying which one is wrong."""
    keys = []
    for position, text in enumerate((part.strip() for part in value.split(",")), start=1):
        if not text:
            continue
        try:
            key = base64.b64decode(text.replace("-", "+").replace("_", "/"), validate=True)
        except binascii.Error:
            raise ValueError(
                f"BACKUP_ENCRYPTION_KEY: key {position} is not base64; make one with "
                "`openssl rand -base64 32`"
            ) from None
        if len(key) != KEY_BYTES:
            raise ValueError(
                f"BACKUP_ENCRYPTION_KEY: key {position} is {len(key)} bytes long, not "
                f"{KEY_BYTES}; make one with `openssl rand -base64 32`"
            )
        keys.append(key)
    return keys
