"""The demo practice `make run` serves: built twice without change, and showing each
person something to do."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from journal.actions import supply_for_session
from patients.models import Patient
from tests.personas import client_for, make
from workspace.worklist import work_for

pytestmark = pytest.mark.django_db


def seed() -> None:
    call_command("seed_demo", stdout=StringIO())


def test_seeding_twice_adds_nothing_the_second_time() -> None:
    def counts() -> tuple[int, ...]:
        elena = make("patient_in_treatment").patient
        daniel = make("patient_on_hold").patient
        return (
            Patient.objects.count(),
            elena.home_sessions.count(),
            elena.check_ins.count(),
            daniel.home_sessions.count(),
            daniel.clinician_flags.count(),
        )

    seed()
    first = counts()
    seed()
    assert counts() == first


def test_each_clinician_finds_work_only_from_their_own_state() -> None:
    seed()
    rivera = {(item.kind, item.patient_name) for item in work_for(make("clinician_fl"))}
    okafor = {(item.kind, item.patient_name) for item in work_for(make("clinician_nj"))}
    assert ("Refill request", "Elena Torres") in rivera
    assert ("New candidate", "Maria Gomez") in rivera
    assert {name for _, name in okafor} == {"James Walsh"}


def test_elena_has_supply_left_and_a_pain_score_that_has_fallen() -> None:
    seed()
    elena = make("patient_in_treatment").patient
    on_hand, _ = supply_for_session(elena, timezone.now())
    assert on_hand is not None and on_hand.units_left == 4  # 24 dispensed, 10 sessions of 2
    response = client_for(elena.user).get(f"/journal/{elena.public_id}/progress/")
    assert response.status_code == 200
    assert "lower than at the start" in response.content.decode()


def test_dr_rivera_opens_elenas_chart() -> None:
    seed()
    elena = make("patient_in_treatment").patient
    response = client_for(make("clinician_fl")).get(f"/care/patients/{elena.public_id}/")
    assert response.status_code == 200
    assert "Elena Torres" in response.content.decode()


def test_daniel_is_on_hold_and_the_queue_and_chart_show_it() -> None:
    seed()
    daniel = make("patient_on_hold").patient
    rivera = {(item.kind, item.patient_name) for item in work_for(make("clinician_fl"))}
    assert ("Bladder symptoms after a session", "Daniel Brooks") in rivera
    chart = client_for(make("clinician_fl")).get(f"/care/patients/{daniel.public_id}/")
    assert 'data-hold="bladder"' in chart.content.decode()
    journal = client_for(daniel.user).get(f"/journal/{daniel.public_id}/")
    assert "data-holds" in journal.content.decode()
    assert "Start a home session" not in journal.content.decode()


def test_each_patients_parcel_was_signed_for_by_that_patient() -> None:
    """Daniel's order page names Daniel, never Elena (their courses are built alike)."""
    from pharmacy.models import Shipment

    seed()
    for key in ("patient_in_treatment", "patient_on_hold"):
        patient = make(key).patient
        parcel = Shipment.objects.get(fill__prescription__patient=patient)
        assert parcel.signed_by == patient.legal_name
