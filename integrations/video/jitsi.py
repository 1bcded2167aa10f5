"""Jitsi Meet rooms: an address on the practice's Jitsi server with a random name."""

import secrets
from urllib.parse import quote, urlsplit

from django.core.exceptions import ImproperlyConfigured

ROOM_NAME_BYTES = 32  # 256 bits: never guessed, never derived from an id


class JitsiRooms:
    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        if parts.scheme != "https" and parts.hostname not in {"localhost", "127.0.0.1"}:
            raise ImproperlyConfigured(
                f"VIDEO_JITSI_BASE_URL must be an https address, not {base_url!r}"
            )
        if not parts.netloc:
            raise ImproperlyConfigured(f"VIDEO_JITSI_BASE_URL has no host: {base_url!r}")
        self.base_url = base_url.rstrip("/")

    def new_room_name(self) -> str:
        # Letters and digits only: Jitsi treats room names case-insensitively, so no
        # case is relied on for the randomness (hex keeps all 256 bits).
        return "kc" + secrets.token_hex(ROOM_NAME_BYTES)

    def room_url(self, room_name: str, *, display_name: str = "") -> str:
        url = f"{self.base_url}/{quote(room_name, safe='')}"
        if display_name:
            # The fragment stays in the browser; Jitsi reads it to fill in the name.
            url += "#userInfo.displayName=" + quote(f'"{display_name}"', safe="")
        return url
