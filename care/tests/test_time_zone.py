"""Choosing the time zone staff see times in goes back where they were, and never to a
page elsewhere or to an error, whatever ``next`` holds."""

from typing import Any

import pytest
from django.urls import reverse

from tests.personas import client_for


@pytest.mark.parametrize(
    "given",
    ["-1", "NaN", "2026-12-05", "workspace:queue", "", "//evil.example/", "https://evil.example/"],
)
def test_a_next_that_is_not_a_local_path_goes_home(clinician_fl: Any, given: str) -> None:
    response = client_for(clinician_fl).post(
        reverse("care:choose_zone"), {"time_zone": "America/Chicago", "next": given}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_local_path_is_where_the_clinician_goes_back_to(clinician_fl: Any) -> None:
    response = client_for(clinician_fl).post(
        reverse("care:choose_zone"), {"time_zone": "America/Chicago", "next": "/care/queue/"}
    )
    assert response["Location"] == "/care/queue/"
