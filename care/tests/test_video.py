"""The visit's video link: only its patient and clinician, only in its window, never
guessable from ids."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from care.consults import do_book_consult, open_slots
from care.models import Consult
from patients.tests.helpers import join, offer_time, ready_to_book
from tests.personas import client_for


@pytest.fixture
def consult(db: Any, clinician_fl: Any) -> Consult:
    patient = ready_to_book(join())
    offer_time(clinician_fl)
    return do_book_consult(patient, open_slots(patient)[0].value, by=patient.user)


def in_window(consult: Consult) -> None:
    """Move the visit so that it starts five minutes from now."""
    start = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=5)
    Consult.objects.filter(pk=consult.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(minutes=30)
    )


def join_url(consult: Consult) -> str:
    return reverse("care:join", args=[consult.public_id])


def test_the_room_name_is_long_random_and_unrelated_to_ids(consult: Consult) -> None:
    assert len(consult.video_room) >= 40
    assert str(consult.public_id) not in consult.video_room
    assert str(consult.pk) != consult.video_room
    assert consult.video_room not in reverse("care:consult", args=[consult.public_id])


def test_the_patient_and_clinician_join_during_the_window(
    consult: Consult, clinician_fl: Any, settings: Any
) -> None:
    settings.VIDEO_JITSI_BASE_URL = "https://video.ketaclinic.example"
    in_window(consult)
    for user in (consult.patient.user, clinician_fl):
        response = client_for(user).get(join_url(consult))
        assert response.status_code == 302
        assert response["Location"] == f"https://video.ketaclinic.example/{consult.video_room}"
    assert AuditEvent.objects.filter(action="care.consult_joined").count() == 2


def test_the_link_is_closed_outside_the_window(consult: Consult) -> None:
    response = client_for(consult.patient.user).get(join_url(consult))
    assert response.status_code == 403
    assert consult.video_room not in response.content.decode()
    page = client_for(consult.patient.user).get(reverse("care:consult", args=[consult.public_id]))
    assert consult.video_room not in page.content.decode()
    assert "opens 10 minutes before" in page.content.decode()


def test_a_cancelled_visit_has_no_link(consult: Consult) -> None:
    in_window(consult)
    Consult.objects.filter(pk=consult.pk).update(status="cancelled")
    assert client_for(consult.patient.user).get(join_url(consult)).status_code == 403


@pytest.mark.parametrize(
    "persona", ["coordinator", "clinician_nj", "patient_fl", "pharmacist", "admin_user"]
)
def test_no_one_else_gets_the_link(request: Any, consult: Consult, persona: str) -> None:
    in_window(consult)
    response = client_for(request.getfixturevalue(persona)).get(join_url(consult))
    assert response.status_code == 404
    assert consult.video_room not in response.content.decode()


def test_a_second_florida_clinician_does_not_get_the_link(consult: Consult, db: Any) -> None:
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.actions import do_create_person
    from accounts.roles import Role
    from credentials.models import Licence

    other = do_create_person(
        "dr.other@example.com", full_name="Dr Other", password=None, roles=(Role.CLINICIAN,)
    )
    TOTP.activate(other, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    Licence.objects.create(
        clinician=other, state="FL", number="FLME999", expires_on=datetime.date(2030, 1, 1)
    )
    in_window(consult)
    assert client_for(other).get(join_url(consult)).status_code == 404
