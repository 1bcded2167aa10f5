"""Booking a video visit: only a clinician licensed in the patient's state, only after
consents and ID, never while payment is past due; times in the viewer's own zone."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from care.consults import (
    BookingRefused,
    check_can_book,
    do_book_consult,
    do_cancel_consult,
    do_publish_availability,
    do_reschedule_consult,
    open_slots,
)
from care.models import Consult
from patients.models import Patient
from patients.tests.helpers import (
    fill_profile,
    join,
    name_monitor,
    next_weekday_at,
    offer_time,
    ready_to_book,
    sign_consents,
    subscribe,
    upload_id,
)
from tests.personas import client_for

BOOK = reverse("care:book")


@pytest.fixture
def florida(db: Any) -> Patient:
    return ready_to_book(join("rosa@example.com", "FL"))


@pytest.fixture
def new_jersey(db: Any) -> Patient:
    return ready_to_book(join("sean@example.com", "NJ"))


def test_a_florida_patient_books_a_florida_clinician(florida: Patient, clinician_fl: Any) -> None:
    offer_time(clinician_fl)
    client = client_for(florida.user)
    page = client.get(BOOK)
    assert page.status_code == 200
    assert "Dr Ana Rivera" in page.content.decode()
    slot = open_slots(florida)[0]
    response = client.post(BOOK, {"slot": slot.value})
    assert response.status_code == 302
    consult = Consult.objects.get(patient=florida)
    assert consult.clinician == clinician_fl
    assert consult.starts_at == slot.starts_at
    assert consult.ends_at - consult.starts_at == datetime.timedelta(minutes=30)
    assert florida.timeline.filter(kind="care.consult_booked").exists()


def test_a_new_jersey_patient_cannot_book_a_florida_only_clinician(
    new_jersey: Patient, clinician_fl: Any, clinician_nj: Any
) -> None:
    florida_block = offer_time(clinician_fl)
    offer_time(clinician_nj, hour=14)
    assert {slot.clinician for slot in open_slots(new_jersey)} == {clinician_nj}
    assert "Dr Ana Rivera" not in client_for(new_jersey.user).get(BOOK).content.decode()

    forged = f"{clinician_fl.pk}|{int(florida_block.starts_at.timestamp())}"
    response = client_for(new_jersey.user).post(BOOK, {"slot": forged})
    assert response.status_code == 400
    assert not Consult.objects.exists()
    with pytest.raises(BookingRefused, match="not licensed in your state"):
        do_book_consult(new_jersey, forged, by=new_jersey.user)
    assert not Consult.objects.exists()


def test_a_clinician_whose_licence_lapses_before_the_visit_is_not_offered(
    florida: Patient, clinician_fl: Any
) -> None:
    block = offer_time(clinician_fl, days_ahead=5)
    clinician_fl.licences.update(expires_on=timezone.localdate() + datetime.timedelta(days=4))
    assert open_slots(florida) == []
    with pytest.raises(BookingRefused):
        do_book_consult(
            florida, f"{clinician_fl.pk}|{int(block.starts_at.timestamp())}", by=florida.user
        )


def test_booking_waits_for_consents_and_id(db: Any, clinician_fl: Any) -> None:
    patient = fill_profile(join())
    name_monitor(patient)
    subscribe(patient)
    offer_time(clinician_fl)
    assert {b.key for b in check_can_book(patient)} == {"consents", "identity"}
    page = client_for(patient.user).get(BOOK).content.decode()
    assert "Read and sign the consent documents." in page
    assert "Upload a photo of your ID." in page
    with pytest.raises(BookingRefused):
        do_book_consult(patient, open_slots(patient)[0].value, by=patient.user)
    sign_consents(patient)
    upload_id(patient)
    assert check_can_book(patient) == []


def test_a_past_due_subscription_blocks_booking(db: Any, clinician_fl: Any) -> None:
    patient = fill_profile(join())
    upload_id(patient)
    sign_consents(patient)
    assert subscribe(patient, card="4000000000000341").status == "past_due"
    offer_time(clinician_fl)
    blockers = check_can_book(patient)
    assert [b.key for b in blockers] == ["subscription"]
    assert "did not go through" in blockers[0].message
    page = client_for(patient.user).get(BOOK).content.decode()
    assert "Update your payment details" in page
    with pytest.raises(BookingRefused, match="did not go through"):
        do_book_consult(patient, open_slots(patient)[0].value, by=patient.user)
    assert not Consult.objects.exists()


def test_a_second_booking_is_refused(florida: Patient, clinician_fl: Any) -> None:
    offer_time(clinician_fl)
    slots = open_slots(florida)
    do_book_consult(florida, slots[0].value, by=florida.user)
    with pytest.raises(BookingRefused, match="already have a visit"):
        do_book_consult(florida, slots[1].value, by=florida.user)


def test_a_taken_slot_cannot_be_booked_twice(
    florida: Patient, new_jersey: Patient, clinician_fl: Any
) -> None:
    offer_time(clinician_fl)
    other = ready_to_book(join("ana@example.com", "FL"))
    slot = open_slots(florida)[0]
    do_book_consult(florida, slot.value, by=florida.user)
    assert slot not in open_slots(other)
    response = client_for(other.user).post(BOOK, {"slot": slot.value})
    assert response.status_code == 400
    assert "no longer free" in response.content.decode()


def test_choosing_no_time_says_so(florida: Patient, clinician_fl: Any) -> None:
    offer_time(clinician_fl)
    response = client_for(florida.user).post(BOOK, {})
    assert response.status_code == 400
    assert "Choose a time for your visit." in response.content.decode()
    assert "data-error-summary" in response.content.decode()


def test_times_are_shown_in_the_patients_own_zone(db: Any, clinician_fl: Any) -> None:
    miami = ready_to_book(join("miami@example.com", "FL"))
    pensacola = ready_to_book(join("pensacola@example.com", "FL"))
    fill_profile(pensacola, city="Pensacola", zip_code="32501", address_line1="100 Palafox Place")
    offer_time(clinician_fl, hour=10, hours=1)  # 10:00 and 10:30 Eastern
    miami_page = client_for(miami.user).get(BOOK).content.decode()
    pensacola_page = client_for(pensacola.user).get(BOOK).content.decode()
    assert "10:00 AM" in miami_page and "10:30 AM" in miami_page
    assert "9:00 AM" in pensacola_page and "9:30 AM" in pensacola_page
    assert "10:30 AM" not in pensacola_page
    assert "Central time" in pensacola_page
    assert "Eastern time" in miami_page


def test_a_visit_moves_until_24_hours_before(florida: Patient, clinician_fl: Any) -> None:
    offer_time(clinician_fl, days_ahead=3)
    slots = open_slots(florida)
    consult = do_book_consult(florida, slots[0].value, by=florida.user)
    moved = do_reschedule_consult(consult, slots[1].value, by=florida.user)
    assert moved.starts_at == slots[1].starts_at
    assert moved.times_rescheduled == 1
    assert moved.video_room != consult.video_room, "a moved visit gets a new room"

    late = moved.starts_at - datetime.timedelta(hours=23)
    with pytest.raises(BookingRefused, match="24 hours"):
        do_reschedule_consult(moved, slots[2].value, by=florida.user, now=late)
    with pytest.raises(BookingRefused, match="24 hours"):
        do_cancel_consult(moved, by=florida.user, now=late)


def test_the_patient_moves_and_cancels_through_the_pages(
    florida: Patient, clinician_fl: Any
) -> None:
    offer_time(clinician_fl)
    slots = open_slots(florida)
    consult = do_book_consult(florida, slots[0].value, by=florida.user)
    client = client_for(florida.user)
    move = reverse("care:reschedule", args=[consult.public_id])
    assert client.get(move).status_code == 200
    assert client.post(move, {"slot": slots[2].value}).status_code == 302
    consult.refresh_from_db()
    assert consult.starts_at == slots[2].starts_at
    cancel = reverse("care:cancel", args=[consult.public_id])
    assert client.post(cancel).status_code == 302
    consult.refresh_from_db()
    assert consult.status == "cancelled"
    assert client.get(BOOK).status_code == 200, "a new time can be booked"


def test_a_coordinator_cancels_even_close_to_the_visit(
    florida: Patient, clinician_fl: Any, coordinator: Any
) -> None:
    offer_time(clinician_fl)
    consult = do_book_consult(florida, open_slots(florida)[0].value, by=florida.user)
    late = consult.starts_at - datetime.timedelta(hours=2)
    assert do_cancel_consult(consult, by=coordinator, now=late).status == "cancelled"


def test_availability_must_make_sense(clinician_fl: Any, coordinator: Any) -> None:
    start = next_weekday_at(9)
    with pytest.raises(BookingRefused, match="at least 30 minutes"):
        do_publish_availability(
            clinician_fl, starts_at=start, ends_at=start + datetime.timedelta(minutes=15)
        )
    with pytest.raises(BookingRefused, match="in the future"):
        past = timezone.now() - datetime.timedelta(days=1)
        do_publish_availability(
            clinician_fl, starts_at=past, ends_at=past + datetime.timedelta(hours=1)
        )
    do_publish_availability(
        clinician_fl, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    with pytest.raises(BookingRefused, match="overlaps"):
        do_publish_availability(
            clinician_fl,
            starts_at=start + datetime.timedelta(hours=1),
            ends_at=start + datetime.timedelta(hours=3),
        )
    with pytest.raises(BookingRefused, match="Only clinicians"):
        do_publish_availability(
            coordinator, starts_at=start, ends_at=start + datetime.timedelta(hours=1)
        )


def test_a_clinician_publishes_availability_in_their_own_zone(clinician_fl: Any) -> None:
    day = next_weekday_at(9).date()
    client = client_for(clinician_fl)
    response = client.post(
        reverse("care:availability"),
        {
            "day": day.isoformat(),
            "start_time": "09:00",
            "end_time": "11:00",
            "time_zone": "America/Chicago",
        },
    )
    assert response.status_code == 302
    block = clinician_fl.availability.get()
    assert block.starts_at == datetime.datetime.combine(
        day, datetime.time(15), tzinfo=datetime.UTC
    ) or block.starts_at.astimezone(datetime.UTC).hour in {14, 15}
    page = client.get(reverse("care:availability")).content.decode()
    assert "9:00 AM" in page, "shown back in the zone the clinician chose"


def test_a_bad_availability_form_keeps_what_was_typed(clinician_fl: Any) -> None:
    response = client_for(clinician_fl).post(
        reverse("care:availability"),
        {
            "day": "2020-01-01",
            "start_time": "09:00",
            "end_time": "08:00",
            "time_zone": "America/New_York",
        },
    )
    assert response.status_code == 400
    assert response.context["form"]["day"].value() == "2020-01-01"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "x" * 100_000])
def test_an_unknown_time_zone_is_a_message_not_a_500(clinician_fl: Any, zone: str) -> None:
    """The day and times valid, the zone not one offered: the form says so and keeps them."""
    day = next_weekday_at(9).date().isoformat()
    response = client_for(clinician_fl).post(
        reverse("care:availability"),
        {"day": day, "start_time": "09:00", "end_time": "11:00", "time_zone": zone},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["time_zone"]
    assert form["day"].value() == day and form["start_time"].value() == "09:00"
    assert not clinician_fl.availability.exists()


@pytest.mark.parametrize("persona", ["patient_fl", "coordinator", "pharmacist", "editor"])
def test_only_clinicians_publish_availability(request: Any, persona: str) -> None:
    response = client_for(request.getfixturevalue(persona)).get(reverse("care:availability"))
    assert response.status_code == 403


def test_the_coordinator_sees_the_schedule(
    florida: Patient, clinician_fl: Any, coordinator: Any
) -> None:
    offer_time(clinician_fl)
    consult = do_book_consult(florida, open_slots(florida)[0].value, by=florida.user)
    page = client_for(coordinator).get(reverse("care:schedule")).content.decode()
    assert florida.legal_name in page
    detail = client_for(coordinator).get(reverse("care:consult", args=[consult.public_id]))
    assert detail.status_code == 200


@pytest.mark.parametrize("persona", ["patient_nj", "clinician_nj", "pharmacist", "editor"])
def test_others_cannot_see_a_visit(
    request: Any, florida: Patient, clinician_fl: Any, persona: str
) -> None:
    offer_time(clinician_fl)
    consult = do_book_consult(florida, open_slots(florida)[0].value, by=florida.user)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("care:consult", args=[consult.public_id])).status_code == 404
    assert client.post(reverse("care:cancel", args=[consult.public_id])).status_code == 404
    consult.refresh_from_db()
    assert consult.status == "booked"
