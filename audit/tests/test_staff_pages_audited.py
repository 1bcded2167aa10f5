"""Pages that list patients for staff, and every page of the admin, leave an audit event."""

from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.personas import client_for


@pytest.mark.parametrize(
    ("who", "url", "action"),
    [
        ("clinician_fl", reverse("workspace:queue"), "care.queue_viewed"),
        ("clinician_fl", reverse("care:availability"), "care.availability_viewed"),
        ("clinician_fl", reverse("care:schedule"), "care.schedule_viewed"),
        ("pharmacist", reverse("pharmacy:queue"), "pharmacy.queue_viewed"),
        ("clinician_fl", reverse("pharmacy:refills"), "pharmacy.refills_viewed"),
        ("admin_user", "/admin/", "admin.viewed"),
        ("admin_user", "/admin/patients/consentdocument/", "admin.viewed"),
    ],
)
def test_each_staff_listing_is_audited(
    request: pytest.FixtureRequest, who: str, url: str, action: str
) -> None:
    user = request.getfixturevalue(who)
    response = client_for(user).get(url)
    assert response.status_code == 200, url
    assert AuditEvent.objects.filter(action=action, actor=user).exists()


def test_a_change_in_the_admin_is_audited_as_a_change(admin_user: Any) -> None:
    client_for(admin_user).post("/admin/billing/plan/add/", {})
    assert AuditEvent.objects.filter(action="admin.changed", actor=admin_user).exists()


def test_the_clinicians_own_visits_open_and_show_only_theirs(clinician_fl: Any) -> None:
    assert client_for(clinician_fl).get(reverse("care:schedule")).status_code == 200
