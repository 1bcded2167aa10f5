"""Administrators record and renew clinicians' licences and DEA registrations: only
administrators, only after "confirm it's you", every change audited, bad input a message."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.actions import do_create_person
from accounts.roles import Role
from audit.models import AuditEvent
from credentials import actions as credentials
from credentials.models import DeaRegistration, Licence
from tests.personas import client_for

LIST = reverse("credentials:credentials")
FAR = dt.date(2030, 6, 30)


def confirmed(user: Any, password: str) -> Client:
    """A client signed in as `user` who has just confirmed it's them."""
    client = client_for(user)
    client.post(reverse("account_reauthenticate"), {"password": password})
    return client


def urls_for(clinician: Any) -> list[str]:
    licence = clinician.licences.get()
    registration = clinician.dea_registrations.get()
    return [
        LIST,
        reverse("credentials:add_licence", args=[clinician.pk]),
        reverse("credentials:add_dea_registration", args=[clinician.pk]),
        reverse("credentials:renew_licence", args=[licence.pk]),
        reverse("credentials:renew_dea_registration", args=[registration.pk]),
    ]


@pytest.fixture
def admin(admin_user: Any, password: str) -> Client:
    return confirmed(admin_user, password)


def test_the_administrator_confirms_it_is_them_first(admin_user: Any, clinician_fl: Any) -> None:
    client = client_for(admin_user)
    for url in urls_for(clinician_fl):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))


@pytest.mark.parametrize(
    "persona", ["clinician_fl", "pharmacist", "coordinator", "editor", "patient_fl"]
)
def test_every_other_persona_is_refused(
    persona: str, clinician_nj: Any, request: Any, password: str
) -> None:
    client = confirmed(request.getfixturevalue(persona), password)
    for url in urls_for(clinician_nj):
        assert client.get(url).status_code == 403
        assert (
            client.post(url, {"state": "FL", "number": "X1", "expires_on": FAR}).status_code == 403
        )
    assert Licence.objects.filter(clinician=clinician_nj).count() == 1


def test_a_visitor_is_sent_to_sign_in(visitor: Client, clinician_fl: Any) -> None:
    for url in urls_for(clinician_fl):
        response = visitor.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_the_list_shows_each_clinicians_credentials_with_their_status(
    admin: Client, admin_user: Any, clinician_fl: Any, clinician_nj: Any
) -> None:
    today = timezone.localdate()
    credentials.do_record_licence(
        clinician_fl,
        by=admin_user,
        state="NJ",
        number="25MA00001",
        expires_on=today + dt.timedelta(days=10),
    )
    credentials.do_record_licence(
        clinician_nj,
        by=admin_user,
        state="FL",
        number="ME77777",
        expires_on=today + dt.timedelta(days=5),
    )
    Licence.objects.filter(number="ME77777").update(expires_on=today)
    body = admin.get(LIST).content.decode()
    assert "Dr Ana Rivera" in body
    assert "Dr Daniel Okafor" in body
    assert "25MA00001" in body
    assert "Expires within 30 days" in body
    assert "Expired" in body
    assert "Active" in body
    assert "3N" in body
    assert reverse("credentials:add_licence", args=[clinician_fl.pk]) in body


def test_an_added_licence_opens_that_states_patients_to_the_clinician(
    admin: Client, clinician_fl: Any, patient_nj: Any
) -> None:
    chart = reverse("workspace:chart", args=[patient_nj.patient.public_id])
    assert client_for(clinician_fl).get(chart).status_code == 404
    url = reverse("credentials:add_licence", args=[clinician_fl.pk])
    response = admin.post(url, {"state": "NJ", "number": " 25ma0099 ", "expires_on": FAR})
    assert response.status_code == 302
    assert "The licence is recorded for Dr Ana Rivera." in admin.get(LIST).content.decode()
    assert client_for(clinician_fl).get(chart).status_code == 200
    event = AuditEvent.objects.get(action="care.licence_recorded")
    assert event.detail["state"] == "NJ"
    assert Licence.objects.get(state="NJ", clinician=clinician_fl).number == "25MA0099"


def test_a_duplicate_licence_number_is_a_message_and_nothing_is_lost(
    admin: Client, clinician_fl: Any, clinician_nj: Any
) -> None:
    taken = clinician_fl.licences.get()
    url = reverse("credentials:add_licence", args=[clinician_nj.pk])
    response = admin.post(url, {"state": "FL", "number": taken.number, "expires_on": "2030-06-30"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "That licence number is already on record for that state." in body
    assert "data-error-summary" in body
    assert taken.number in body
    assert "2030-06-30" in body
    assert clinician_nj.licences.count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"state": "TX", "number": "X1", "expires_on": "2030-06-30"}, "Choose one of the states"),
        ({"state": "FL", "number": "", "expires_on": "2030-06-30"}, "Enter the licence number."),
        ({"state": "FL", "number": "ME1", "expires_on": "not a date"}, "Enter the expiry date as"),
        (
            {"state": "FL", "number": "ME1", "expires_on": "2020-01-01"},
            "The expiry date has passed",
        ),
        ({"number": "ME1" * 30}, "Choose the state."),
    ],
)
def test_bad_licence_input_is_a_message_never_a_500(
    admin: Client, clinician_nj: Any, fields: dict[str, str], message: str
) -> None:
    response = admin.post(reverse("credentials:add_licence", args=[clinician_nj.pk]), fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert clinician_nj.licences.count() == 1


def dea_fields(**changes: Any) -> dict[str, Any]:
    return {
        "number": "FR7654329",
        "state": "NJ",
        "schedules": ["3", "3N", "4"],
        "expires_on": "2030-06-30",
        "special_telemedicine_registration": "on",
        **changes,
    }


def test_an_administrator_adds_a_dea_registration(admin: Client, clinician_fl: Any) -> None:
    url = reverse("credentials:add_dea_registration", args=[clinician_fl.pk])
    assert admin.post(url, dea_fields(number="fr 765 4329")).status_code == 302
    registration = DeaRegistration.objects.get(number="FR7654329")
    assert registration.schedules == "3,3N,4"
    assert registration.special_telemedicine_registration
    body = admin.get(LIST).content.decode()
    assert "FR7654329" in body
    assert "with special telemedicine registration" in body
    event = AuditEvent.objects.get(action="care.dea_registration_recorded")
    assert event.detail["schedules"] == "3,3N,4"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"number": "FR7654321"}, "check digit does not match"),
        ({"number": "F17654329"}, "two letters followed by seven digits"),
        ({"number": "FR765432"}, "two letters followed by seven digits"),
        ({"schedules": []}, "Choose the schedules the registration lists."),
        ({"schedules": ["3N", "9"]}, "Choose the schedules from the list."),
        ({"expires_on": "31/31/2031"}, "Enter the expiry date as"),
        ({"state": ""}, "Choose the state."),
    ],
)
def test_bad_dea_input_is_a_message_and_keeps_what_was_typed(
    admin: Client, clinician_fl: Any, changes: dict[str, Any], message: str
) -> None:
    url = reverse("credentials:add_dea_registration", args=[clinician_fl.pk])
    fields = dea_fields(**changes)
    response = admin.post(url, fields)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'value="{fields["number"]}"' in body
    assert clinician_fl.dea_registrations.count() == 1


def test_the_same_dea_number_twice_in_a_state_is_a_message(
    admin: Client, clinician_fl: Any, clinician_nj: Any
) -> None:
    url = reverse("credentials:add_dea_registration", args=[clinician_fl.pk])
    assert admin.post(url, dea_fields()).status_code == 302
    again = admin.post(
        reverse("credentials:add_dea_registration", args=[clinician_nj.pk]), dea_fields()
    )
    assert again.status_code == 400
    assert "That DEA number is already on record for that state." in again.content.decode()


def test_no_such_clinician_is_a_404(admin: Client, pharmacist: Any) -> None:
    assert admin.get(reverse("credentials:add_licence", args=[pharmacist.pk])).status_code == 404
    assert admin.get(reverse("credentials:add_licence", args=[999999])).status_code == 404
    assert admin.get(reverse("credentials:renew_licence", args=[999999])).status_code == 404
    assert (
        admin.get(reverse("credentials:renew_dea_registration", args=[999999])).status_code == 404
    )


def test_a_renewal_brings_a_lapsed_licence_back(
    admin: Client, admin_user: Any, clinician_nj: Any, patient_nj: Any
) -> None:
    licence = clinician_nj.licences.get()
    Licence.objects.filter(pk=licence.pk).update(expires_on=timezone.localdate())
    chart = reverse("workspace:chart", args=[patient_nj.patient.public_id])
    assert client_for(clinician_nj).get(chart).status_code == 404
    url = reverse("credentials:renew_licence", args=[licence.pk])
    assert admin.post(url, {"expires_on": "2030-06-30"}).status_code == 302
    assert "Jun 30, 2030" in admin.get(LIST).content.decode()
    assert client_for(clinician_nj).get(chart).status_code == 200
    event = AuditEvent.objects.get(action="care.licence_renewed")
    assert event.detail["expires_on"] == "2030-06-30"
    assert event.actor == admin_user


def test_a_dea_renewal_to_the_same_or_a_past_date_is_a_message(
    admin: Client, clinician_fl: Any
) -> None:
    registration = clinician_fl.dea_registrations.get()
    url = reverse("credentials:renew_dea_registration", args=[registration.pk])
    same = admin.post(url, {"expires_on": registration.expires_on.isoformat()})
    assert same.status_code == 400
    assert "That is the expiry date already on record." in same.content.decode()
    past = admin.post(url, {"expires_on": "2001-01-01"})
    assert "The expiry date has passed" in past.content.decode()
    assert admin.post(url, {"expires_on": "2030-06-30"}).status_code == 302
    registration.refresh_from_db()
    assert registration.expires_on == FAR
    assert AuditEvent.objects.filter(action="care.dea_registration_renewed").count() == 1


def test_only_an_administrator_records_and_only_for_a_clinician(
    clinician_fl: Any, pharmacist: Any, admin_user: Any
) -> None:
    with pytest.raises(credentials.CredentialRefused, match="Only an administrator"):
        credentials.do_record_licence(
            clinician_fl, by=clinician_fl, state="NJ", number="25MA1", expires_on=FAR
        )
    with pytest.raises(credentials.CredentialRefused, match="clinicians only"):
        credentials.do_record_licence(
            pharmacist, by=admin_user, state="NJ", number="25MA1", expires_on=FAR
        )
    assert not AuditEvent.objects.filter(action="care.licence_recorded").exists()


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("AB1234563", None),
        ("BR1234563", None),
        ("AB1234567", "check digit"),
        ("A11234563", "two letters"),
        ("AB12345630", "two letters"),
        ("", "two letters"),
    ],
)
def test_the_dea_check_digit_rule(number: str, problem: str | None) -> None:
    found = credentials.dea_number_problem(number)
    assert (found is None) if problem is None else (problem in (found or ""))


def test_the_staff_home_links_the_administrator_to_credentials(admin_user: Any) -> None:
    body = client_for(admin_user).get(reverse("accounts:home")).content.decode()
    assert LIST in body
    assert "Clinicians&#x27; licences and registrations" in body


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST).status_code == 200
    return len(captured.captured_queries)


def test_the_list_runs_the_same_queries_for_1_or_3_clinicians(
    admin: Client, admin_user: Any, clinician_fl: Any
) -> None:
    admin.get(LIST)
    with_one = _list_queries(admin)
    for number in range(2):
        clinician = do_create_person(
            f"dr{number}@ketaclinic.example",
            full_name=f"Dr Test {number}",
            password="a-long-pass-phrase-9",
            roles=(Role.CLINICIAN,),
        )
        credentials.do_record_licence(
            clinician, by=admin_user, state="FL", number=f"ME9000{number}", expires_on=FAR
        )
    assert _list_queries(admin) == with_one
    body = admin.get(LIST).content.decode()
    assert "Dr Test 0" in body
    assert "ME90001" in body
