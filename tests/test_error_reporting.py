"""Error reporting sends an error's type and where it was raised, and no health data: not
the message, the URL, the body, the cookies, the user, a log line or a local variable."""

import json
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
import sentry_sdk
from django.test import Client
from django.urls import reverse
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from foundation.errors import scrub_event, start_error_reporting
from tests.personas import make

SECRET = "Elena Torres, born 1975-02-08, PHQ-9 item 9: 2"


class Kept(Transport):
    """A transport that keeps what would have been sent."""

    def __init__(self, options: Any = None) -> None:
        super().__init__(options)
        self.sent: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        for item in envelope.items:
            if item.type == "event" and item.payload.json is not None:
                self.sent.append(item.payload.json)


@pytest.fixture
def kept() -> Iterator[Kept]:
    transport = Kept()
    start_error_reporting(
        "https://public@sentry.example/1", environment="test", release="r1", transport=transport
    )
    try:
        yield transport
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()


def test_a_scrubbed_event_keeps_the_type_frames_method_and_nothing_else() -> None:
    event = {
        "event_id": "abc",
        "level": "error",
        "transaction": "/care/patients/36f3b708-0301-4eff-a0d3-b1903d930264/",
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": SECRET,
                    "stacktrace": {
                        "frames": [
                            {
                                "filename": "workspace/views.py",
                                "function": "chart",
                                "lineno": 56,
                                "vars": {"patient": SECRET},
                                "context_line": f"raise ValueError({SECRET!r})",
                            }
                        ]
                    },
                }
            ]
        },
        "logentry": {
            "message": "Internal Server Error: /care/patients/36f3b708/",
            "params": [SECRET],
        },
        "request": {
            "method": "POST",
            "url": "https://x/care/patients/36f3b708/",
            "data": {"note": SECRET},
            "query_string": "q=Elena",
            "cookies": {"sessionid": "s"},
            "headers": {"Referer": SECRET},
        },
        "user": {"email": "elena@example.com"},
        "breadcrumbs": {"values": [{"message": SECRET}]},
        "extra": {"answers": SECRET},
        "contexts": {"runtime": {"name": "CPython"}, "patient": {"name": SECRET}},
    }
    scrubbed = scrub_event(event)
    text = json.dumps(scrubbed)
    for secret in ("Elena", "1975", "36f3b708", "sessionid", "PHQ"):
        assert secret not in text
    assert scrubbed["exception"]["values"][0]["type"] == "ValueError"
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]["function"] == "chart"
    assert scrubbed["request"] == {"method": "POST"}
    assert scrubbed["logentry"] == {"message": "Internal Server Error"}
    assert scrubbed["contexts"] == {"runtime": {"name": "CPython"}}


@pytest.mark.django_db
def test_a_500_on_a_chart_reaches_the_error_service_without_health_data(kept: Kept) -> None:
    elena = make("patient_in_treatment").patient
    client = Client(raise_request_exception=False)
    client.force_login(make("clinician_fl"))
    with mock.patch("workspace.chartpage.chart_of", side_effect=ValueError(SECRET)):
        response = client.get(reverse("workspace:chart", args=[elena.public_id]) + "?q=Elena")
    assert response.status_code == 500
    sentry_sdk.flush()

    assert kept.sent, "the error was reported"
    text = json.dumps(kept.sent)
    assert "ValueError" in text
    for secret in ("Elena", "1975-02-08", str(elena.public_id), elena.user.email):
        assert secret not in text
