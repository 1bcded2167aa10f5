"""The default video adapter: a Jitsi Meet address with a long random room name."""

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from integrations.video import video_rooms
from integrations.video.jitsi import JitsiRooms


def test_room_names_are_long_random_and_never_repeat() -> None:
    rooms = JitsiRooms("https://video.ketaclinic.example")
    names = {rooms.new_room_name() for _ in range(500)}
    assert len(names) == 500
    assert all(len(name) == 66 and name.isalnum() for name in names)


def test_the_address_is_on_the_configured_server() -> None:
    rooms = JitsiRooms("https://video.ketaclinic.example/")
    assert rooms.room_url("kcabc") == "https://video.ketaclinic.example/kcabc"


def test_the_base_url_comes_from_settings(settings: Any) -> None:
    settings.VIDEO_JITSI_BASE_URL = "https://meet.example.org"
    assert video_rooms().room_url("kc1").startswith("https://meet.example.org/")


@pytest.mark.parametrize("base", ["http://meet.example.org", "meet.example.org", "https://"])
def test_an_insecure_or_broken_base_url_stops_start_up(base: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        JitsiRooms(base)
