"""Sessions end after inactivity: 15 minutes for staff, 30 for patients."""

import time
from typing import Any

from django.test import Client
from django.urls import reverse

from accounts.middleware import LAST_SEEN_KEY
from tests.personas import client_for


def idle_for(client: Client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - minutes * 60
    session.save()


def test_idle_staff_session_expires_after_15_minutes(coordinator: Any) -> None:
    client = client_for(coordinator)
    assert client.get(reverse("accounts:home")).status_code == 200
    idle_for(client, 16)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    follow = client.get(response["Location"])
    assert "signed out after 15 minutes without activity" in follow.content.decode()


def test_staff_session_survives_14_minutes(coordinator: Any) -> None:
    client = client_for(coordinator)
    client.get(reverse("accounts:home"))
    idle_for(client, 14)
    assert client.get(reverse("accounts:home")).status_code == 200


def test_patient_session_lasts_30_minutes(patient_fl: Any) -> None:
    client = client_for(patient_fl)
    dashboard = reverse("workspace:home")
    client.get(dashboard)
    idle_for(client, 29)
    assert client.get(dashboard).status_code == 200
    idle_for(client, 31)
    assert client.get(dashboard)["Location"].startswith(reverse("account_login"))


def test_status_reports_time_left_without_counting_as_activity(coordinator: Any) -> None:
    client = client_for(coordinator)
    client.get(reverse("accounts:home"))
    idle_for(client, 14)
    status = client.get(reverse("accounts:session_status")).json()
    assert status["signed_in"] is True
    assert 0 < status["seconds_left"] <= 60
    idle_for(client, 16)
    assert client.get(reverse("accounts:home")).status_code == 302


def test_keepalive_resets_the_clock(coordinator: Any) -> None:
    client = client_for(coordinator)
    client.get(reverse("accounts:home"))
    idle_for(client, 14)
    assert client.post(reverse("accounts:session_keepalive")).status_code == 200
    assert client.get(reverse("accounts:session_status")).json()["seconds_left"] > 14 * 60


def test_keepalive_refuses_get(coordinator: Any) -> None:
    assert client_for(coordinator).get(reverse("accounts:session_keepalive")).status_code == 405
