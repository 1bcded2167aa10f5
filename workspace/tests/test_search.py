"""Finding a patient: clinicians only, only in the states where their licence counts,
the term never in a URL or the audit log, a constant number of queries."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from credentials.models import Licence
from patients.tests.helpers import join
from tests.personas import client_for
from workspace.search import MOST_RESULTS

SEARCH = reverse("workspace:search")


def chart(user: Any) -> str:
    return reverse("workspace:chart", args=[user.patient.public_id])


def search(client: Client, term: str) -> Any:
    return client.post(SEARCH, {"term": term})


@pytest.mark.parametrize(
    "term",
    ["Maria Gomez", "maria gom", "GOMEZ", "maria.gomez@example.com", "05/17/1980", "1980-05-17"],
)
def test_the_florida_clinician_finds_the_florida_patient(
    clinician_fl: Any, patient_fl: Any, patient_nj: Any, term: str
) -> None:
    response = search(client_for(clinician_fl), term)
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 patient found" in body
    assert chart(patient_fl) in body
    assert "May 17, 1980" in body
    assert chart(patient_nj) not in body


def test_a_new_jersey_clinician_never_finds_a_florida_patient(
    clinician_nj: Any, patient_fl: Any
) -> None:
    for term in ("Maria Gomez", "maria.gomez@example.com", "1980-05-17"):
        body = search(client_for(clinician_nj), term).content.decode()
        assert "No patient found" in body
        assert chart(patient_fl) not in body
        assert "May 17, 1980" not in body


def test_a_patient_is_found_by_their_whole_id_in_the_clinicians_states_only(
    clinician_fl: Any, clinician_nj: Any, patient_fl: Any, patient_nj: Any
) -> None:
    public_id = str(patient_fl.patient.public_id)
    body = search(client_for(clinician_fl), public_id.upper()).content.decode()
    assert "1 patient found" in body
    assert chart(patient_fl) in body
    assert chart(patient_nj) not in body
    elsewhere = search(client_for(clinician_nj), public_id).content.decode()
    assert "No patient found" in elsewhere
    assert chart(patient_fl) not in elsewhere
    part = search(client_for(clinician_fl), public_id[:8]).content.decode()
    assert "No patient found" in part


def test_a_licence_that_expired_finds_no_one(clinician_fl: Any, patient_fl: Any) -> None:
    Licence.objects.filter(clinician=clinician_fl).update(expires_on="2020-01-01")
    body = search(client_for(clinician_fl), "Maria Gomez").content.decode()
    assert "No patient found" in body
    assert "No licence of yours counts today" in body
    assert chart(patient_fl) not in body


def test_the_term_travels_in_the_body_and_never_reaches_the_audit_log(
    clinician_fl: Any, patient_fl: Any
) -> None:
    client = client_for(clinician_fl)
    form = client.get(SEARCH).content.decode()
    assert 'method="post"' in form
    assert "1 patient found" not in client.get(SEARCH, {"term": "Maria Gomez"}).content.decode()
    search(client, "Maria Gomez")
    event = AuditEvent.objects.get(action="care.patients_searched")
    assert event.actor == clinician_fl
    assert event.detail == {"found": 1, "more": False}
    assert "Maria" not in str(event.detail)
    assert "Maria" not in event.user_agent
    assert "no-store" in client.post(SEARCH, {"term": "Maria"})["Cache-Control"]


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("", "Enter a name, an email address or a date of birth to search for."),
        ("   ", "Enter a name, an email address or a date of birth to search for."),
        ("m", "Enter at least 2 characters to search for."),
        ("%%%'", "letters or digits"),
        ("x" * 201, "Enter at most 200 characters."),
        ("Maria\x00", "Null characters are not allowed."),
    ],
)
def test_empty_or_junk_input_is_a_message(
    clinician_fl: Any, patient_fl: Any, term: str, message: str
) -> None:
    response = search(client_for(clinician_fl), term)
    assert response.status_code == 400
    body = response.content.decode()
    assert "data-error-summary" in body
    assert message in body
    assert chart(patient_fl) not in body
    assert not AuditEvent.objects.filter(action="care.patients_searched").exists()


def test_a_wildcard_looking_term_matches_only_itself(clinician_fl: Any, patient_fl: Any) -> None:
    body = search(client_for(clinician_fl), "a%").content.decode()
    assert "No patient found" in body


@pytest.mark.parametrize(
    "persona", ["pharmacist", "coordinator", "editor", "admin_user", "patient_fl"]
)
def test_every_other_persona_is_refused(persona: str, request: Any, patient_fl: Any) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(SEARCH).status_code == 403
    response = search(client, "Maria Gomez")
    assert response.status_code == 403
    assert chart(patient_fl) not in response.content.decode()


def test_a_visitor_is_sent_to_sign_in(visitor: Client, patient_fl: Any) -> None:
    response = visitor.post(SEARCH, {"term": "Maria Gomez"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert "Maria" not in response["Location"]


def _queries(client: Client, term: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert search(client, term).status_code == 200
    return len(captured.captured_queries)


def test_the_same_queries_for_1_or_10_patients(clinician_fl: Any, db: Any) -> None:
    client = client_for(clinician_fl)
    join("rosa@example.com", "FL")
    search(client, "rosa")
    with_one = _queries(client, "rosa")
    for number in range(9):
        join(f"rosa{number}@example.com", "FL")
    assert _queries(client, "rosa") == with_one
    assert "10 patients found" in search(client, "rosa").content.decode()


def test_many_matches_are_cut_short_with_a_word_to_narrow_down(clinician_fl: Any, db: Any) -> None:
    for number in range(MOST_RESULTS + 1):
        join(f"many{number}@example.com", "FL")
    body = search(client_for(clinician_fl), "many").content.decode()
    assert f"{MOST_RESULTS}+ patients found" in body
    assert "narrow it down" in body


def test_the_staff_home_links_the_clinician_to_the_search(clinician_fl: Any) -> None:
    body = client_for(clinician_fl).get(reverse("accounts:home")).content.decode()
    assert SEARCH in body
    assert "Find a patient" in body
