"""The logs: one JSON object a line with the request id and the route's name, and no health
data anywhere on a patient's journey through the practice — not in a path, not in an
error's message, not in Django's own messages."""

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from foundation.logs import JsonFormatter, NoPaths
from patients.models import Patient
from questionnaires.assessment import QUESTIONNAIRE
from tests.personas import client_for, make

pytestmark = pytest.mark.django_db


class Logged:
    def __init__(self, stream: StringIO) -> None:
        self.stream = stream

    def lines(self) -> list[str]:
        return self.stream.getvalue().splitlines()


@pytest.fixture
def logged() -> Iterator[Logged]:
    """Every line the practice logs at INFO and above while the test runs, as production
    writes them."""
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(NoPaths())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield Logged(stream)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def health_data(patient: Patient) -> list[str]:
    """What must never be logged about a patient."""
    found = [
        patient.legal_name,
        patient.user.email,
        str(patient.public_id),
        patient.public_id.hex,
        patient.phone,
        patient.address_line1,
    ]
    if patient.date_of_birth is not None:
        found += [patient.date_of_birth.isoformat(), patient.date_of_birth.strftime("%m/%d/%Y")]
    return [text for text in found if text]


def test_a_request_is_one_json_line_with_its_route_status_and_request_id(
    logged: Logged,
) -> None:
    elena = make("patient_in_treatment")
    clinician = make("clinician_fl")
    response = client_for(clinician).get(
        reverse("workspace:chart", args=[elena.patient.public_id]), HTTP_X_REQUEST_ID="trace-0042"
    )
    assert response.status_code == 200

    log_lines = logged.lines()
    requests = [json.loads(line) for line in log_lines if '"ketaclinic.requests"' in line]
    assert requests[-1]["route"] == "workspace:chart"
    assert requests[-1]["status"] == 200
    assert requests[-1]["method"] == "GET"
    assert requests[-1]["request_id"] == "trace-0042"
    assert requests[-1]["duration_ms"] >= 0
    assert str(elena.patient.public_id) not in log_lines[-1]


def test_no_health_data_is_logged_on_the_journey(logged: Logged) -> None:
    call_command("seed_demo", stdout=StringIO())
    patients = list(Patient.objects.select_related("user"))
    elena = make("patient_in_treatment").patient
    clinician = client_for(make("clinician_fl"))

    visitor = Client()
    visitor.get(reverse("assessment:start"))
    first = QUESTIONNAIRE.sections[0]
    visitor.post(reverse("assessment:section", args=[first.id]), {"state": "FL", "zip": "33606"})
    for persona in ("patient_fl", "patient_in_treatment", "patient_on_hold"):
        user = make(persona)
        own = client_for(user)
        own.get(reverse("workspace:home"))
        own.get(reverse("pharmacy:orders"))
        for name in ("journal:overview", "journal:progress", "journal:summary", "journal:download"):
            own.get(reverse(name, args=[user.patient.public_id]))
    for patient in patients:
        clinician.get(reverse("workspace:chart", args=[patient.public_id]))
        client_for(make("patient_nj")).get(reverse("workspace:chart", args=[patient.public_id]))
    clinician.get(reverse("workspace:search"))
    clinician.post(reverse("workspace:search"), {"term": elena.legal_name})
    clinician.get(f"/care/patients/{elena.public_id}/no-such-page/")
    Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": elena.user.email})

    failing = Client(raise_request_exception=False)
    failing.force_login(make("clinician_fl"))
    boom = ValueError(f"{elena.legal_name} born {elena.date_of_birth} at {elena.address_line1}")
    with mock.patch("workspace.chartpage.chart_of", side_effect=boom):
        response = failing.get(reverse("workspace:chart", args=[elena.public_id]))
    assert response.status_code == 500

    log_lines = logged.lines()
    text = "\n".join(log_lines)
    assert '"status": 500' in text and '"error": "ValueError"' in text, "the failure is logged"
    assert '"route": "workspace:chart"' in text and '"status": 404' in text
    leaks = {secret for patient in patients for secret in health_data(patient) if secret in text}
    assert not leaks, f"health data in the logs: {sorted(leaks)}"
    for line in log_lines:
        json.loads(line)  # every line is one JSON object


def test_django_messages_keep_their_words_and_lose_the_path() -> None:
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/care/patients/x/",),
        None,
    )
    assert NoPaths().filter(record)
    assert record.getMessage() == "Not Found"


def test_an_error_is_its_type_and_frames_not_its_message() -> None:
    try:
        raise KeyError("Elena Torres")
    except KeyError:
        record = logging.LogRecord(
            "ketaclinic", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    line: dict[str, Any] = json.loads(JsonFormatter().format(record))
    assert line["error"] == "KeyError"
    assert line["trace"] and "test_logs.py" in line["trace"][-1]
    assert "Elena" not in json.dumps(line)


def test_each_line_names_the_process_that_wrote_it_when_log_instance_is_set() -> None:
    """Two app servers write the same lines; LOG_INSTANCE tells them apart once gathered."""
    script = (
        "import django, logging; django.setup();"
        "logging.getLogger('ketaclinic.requests').info('request');"
        "logging.getLogger('django_tasks_db').warning('worker line')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parent.parent,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ketaclinic.settings",
            "LOG_FORMAT": "json",
            "LOG_INSTANCE": "web-2",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [line["message"] for line in lines] == ["request", "worker line"]
    assert {line["instance"] for line in lines} == {"web-2"}


def test_a_line_has_no_instance_when_none_is_named() -> None:
    record = logging.LogRecord("ketaclinic", logging.INFO, __file__, 1, "hello", (), None)
    assert "instance" not in json.loads(JsonFormatter().format(record))
    assert json.loads(JsonFormatter(instance="worker-1").format(record))["instance"] == "worker-1"
