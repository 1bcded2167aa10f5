"""A clinician sees their licences and DEA registrations, is warned 30 days before one
stops counting (on their profile, on their queue, and once by email), and an expired one
stops counting on its date."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from background.periodic import PERIODIC_TASKS
from credentials import actions as credentials
from credentials.actions import CredentialStatus, credential_status, expiring_credentials
from credentials.models import DeaRegistration, Licence
from credentials.tasks import warn_of_expiring_credentials
from tests.personas import client_for

PROFILE = reverse("credentials:profile")
QUEUE = reverse("workspace:queue")


def expiring_in(days: int, clinician: Any) -> Licence:
    """The clinician's licence, set to expire `days` from today."""
    licence = clinician.licences.get()
    Licence.objects.filter(pk=licence.pk).update(
        expires_on=timezone.localdate() + dt.timedelta(days=days)
    )
    licence.refresh_from_db()
    return licence


@pytest.mark.parametrize(
    ("days_left", "status"),
    [
        (31, CredentialStatus.ACTIVE),
        (30, CredentialStatus.EXPIRING),
        (1, CredentialStatus.EXPIRING),
        (0, CredentialStatus.EXPIRED),
        (-3, CredentialStatus.EXPIRED),
    ],
)
def test_a_credential_is_expiring_30_days_before_and_expired_on_its_date(
    days_left: int, status: CredentialStatus
) -> None:
    today = dt.date(2026, 11, 26)
    assert credential_status(today + dt.timedelta(days=days_left), today) == status


def test_the_profile_lists_the_clinicians_own_licences_and_registrations(
    clinician_fl: Any, clinician_nj: Any
) -> None:
    own = clinician_fl.licences.get()
    other = clinician_nj.licences.get()
    page = client_for(clinician_fl).get(PROFILE)
    assert page.status_code == 200
    body = page.content.decode()
    assert own.number in body
    assert clinician_fl.dea_registrations.get().number in body
    assert "Jan 31, 2028" in body
    assert "Active" in body
    assert other.number not in body
    assert "needs renewing" not in body


@pytest.mark.parametrize(
    "persona", ["pharmacist", "coordinator", "editor", "admin_user", "patient_fl"]
)
def test_only_a_clinician_has_a_credentials_profile(persona: str, request: Any) -> None:
    assert client_for(request.getfixturevalue(persona)).get(PROFILE).status_code == 403


def test_a_visitor_is_sent_to_sign_in(visitor: Any) -> None:
    response = visitor.get(PROFILE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_clinician_is_warned_on_profile_and_queue_30_days_before(clinician_fl: Any) -> None:
    licence = expiring_in(30, clinician_fl)
    client = client_for(clinician_fl)
    for url in (PROFILE, QUEUE):
        body = client.get(url).content.decode()
        assert "A licence or registration needs renewing" in body
        assert f"Your Florida state licence {licence.number} expires on" in body
        assert "in 30 days" in body
    assert "Expires within 30 days" in client.get(PROFILE).content.decode()


def test_no_warning_31_days_before(clinician_fl: Any) -> None:
    expiring_in(31, clinician_fl)
    assert "needs renewing" not in client_for(clinician_fl).get(QUEUE).content.decode()


def test_an_expired_licence_is_flagged_and_stops_counting_on_its_date(
    clinician_fl: Any, patient_fl: Any
) -> None:
    expiring_in(0, clinician_fl)
    client = client_for(clinician_fl)
    body = client.get(QUEUE).content.decode()
    assert "expired on" in body
    assert "it no longer counts" in body
    assert "Expired" in client.get(PROFILE).content.decode()
    chart = reverse("workspace:chart", args=[patient_fl.patient.public_id])
    assert client.get(chart).status_code == 404


def test_an_expiring_dea_registration_is_warned_of_too(clinician_nj: Any) -> None:
    registration = clinician_nj.dea_registrations.get()
    DeaRegistration.objects.filter(pk=registration.pk).update(
        expires_on=timezone.localdate() + dt.timedelta(days=3)
    )
    body = client_for(clinician_nj).get(QUEUE).content.decode()
    assert f"Your New Jersey DEA registration {registration.number} expires on" in body
    assert "in 3 days" in body
    assert [c.record for c in expiring_credentials(clinician_nj)] == [registration]


def test_the_email_goes_once_30_days_before_and_names_no_patient(
    clinician_fl: Any, clinician_nj: Any, patient_fl: Any
) -> None:
    expiring_in(30, clinician_fl)
    expiring_in(45, clinician_nj)
    assert warn_of_expiring_credentials.call() == 1
    assert warn_of_expiring_credentials.call() == 0
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [clinician_fl.email]
    assert email.subject == "Your Florida state licence expires in 30 days"
    assert "expires on" in email.body
    assert PROFILE in email.body
    assert patient_fl.patient.legal_name not in email.body
    assert patient_fl.email not in email.body
    for word in ("ketamine", "crps", "pain", "dose", "prescri"):
        assert word not in email.body.lower()
    assert AuditEvent.objects.filter(action="care.credential_expiry_warned").count() == 1


def test_a_renewal_warns_afresh_when_the_new_date_comes_near(
    clinician_fl: Any, admin_user: Any
) -> None:
    licence = expiring_in(20, clinician_fl)
    warn_of_expiring_credentials.call()
    credentials.do_renew_licence(
        licence, by=admin_user, expires_on=timezone.localdate() + dt.timedelta(days=400)
    )
    assert warn_of_expiring_credentials.call() == 0
    # A year on, the renewed date is 30 days away: the clinician is told again.
    later = timezone.localdate() + dt.timedelta(days=370)
    due = credentials.credentials_due_for_warning(later)
    assert [credential.record for credential in due] == [licence]
    assert credentials.do_warn_of_expiry(due[0])
    assert not credentials.do_warn_of_expiry(due[0])
    assert len(mail.outbox) == 2


def test_nothing_is_sent_for_a_credential_already_expired(clinician_fl: Any) -> None:
    expiring_in(0, clinician_fl)
    assert warn_of_expiring_credentials.call() == 0
    assert not mail.outbox


def test_the_warning_runs_every_day() -> None:
    assert PERIODIC_TASKS["credentials.tasks.warn_of_expiring_credentials"] == dt.timedelta(days=1)


def test_the_staff_home_links_the_clinician_to_their_profile(clinician_fl: Any) -> None:
    body = client_for(clinician_fl).get(reverse("accounts:home")).content.decode()
    assert PROFILE in body
    assert "Your licences and registrations" in body
