"""Video rooms for visits.

The default builds a Jitsi Meet address on a configurable base URL
(`VIDEO_JITSI_BASE_URL`; the practice should run its own Jitsi server so that
no visit passes through anyone else's) with a long random room name that no id,
name or time can lead to. Who may follow the link, and when, is decided by
`care.views.consult_join`, never by the link itself.
"""

from functools import cache
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from integrations.video.jitsi import JitsiRooms

DEFAULT_JITSI_BASE_URL = "https://video.ketaclinic.example"


class VideoRooms(Protocol):
    def new_room_name(self) -> str:
        """A fresh, unguessable room name for one visit."""
        ...

    def room_url(self, room_name: str, *, display_name: str = "") -> str:
        """The address that opens the room."""
        ...


@cache
def _configured(backend: str, base_url: str) -> VideoRooms:
    if backend == "jitsi":
        return JitsiRooms(base_url)
    try:
        factory = import_string(backend)
    except ImportError as problem:
        raise ImproperlyConfigured(f"VIDEO_BACKEND {backend!r} cannot be imported") from problem
    rooms: VideoRooms = factory(base_url)
    return rooms


def video_rooms() -> VideoRooms:
    backend = getattr(settings, "VIDEO_BACKEND", "jitsi")
    base_url = getattr(settings, "VIDEO_JITSI_BASE_URL", DEFAULT_JITSI_BASE_URL)
    return _configured(backend, base_url)
