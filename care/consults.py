"""Consult booking: clinicians' availability, the slots patients can book, and the
verbs that book, move and cancel a video visit.

Rules: a patient books only a clinician licensed in the patient's state on the day
of the visit, and only once their profile, consents and photo ID are done and their
plan is in good standing; a visit can be moved or cancelled by the patient up to 24
hours before it; reminders go out 24 hours and 1 hour before.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from audit.events import record_event
from background.queue import can_defer, enqueue
from billing.standing import subscription_problem
from care.models import ClinicianAvailability, Consult, ConsultStatus, new_video_room
from care.times import describe, patient_zone
from credentials.actions import licensed_states
from credentials.models import Licence
from foundation.refusals import Refused
from patients.actions import PatientRuleError, identity_provided
from patients.consents import consents_complete
from patients.models import Patient, PatientStatus
from patients.timeline import record_step

CONSULT_LENGTH = datetime.timedelta(minutes=30)
BOOKING_HORIZON = datetime.timedelta(days=21)
MINIMUM_NOTICE = datetime.timedelta(hours=2)
CHANGE_CUTOFF = datetime.timedelta(hours=24)
LONGEST_AVAILABILITY = datetime.timedelta(hours=12)
# The video link works from shortly before the start until a little after the end.
JOIN_OPENS_BEFORE = datetime.timedelta(minutes=10)
JOIN_CLOSES_AFTER = datetime.timedelta(minutes=15)
REMINDERS = (("day", datetime.timedelta(hours=24)), ("hour", datetime.timedelta(hours=1)))


class BookingRefused(Refused):
    """The visit cannot be booked, moved or cancelled as asked; `field` names the form
    field the reason belongs to, if any."""

    code = "booking"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__([message])
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Blocker:
    """A step the patient must finish before booking, with where to do it."""

    key: str
    message: str
    url: str
    link_text: str


@dataclass(frozen=True)
class Slot:
    clinician: User
    starts_at: datetime.datetime

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + CONSULT_LENGTH

    @property
    def value(self) -> str:
        return f"{self.clinician.pk}|{int(self.starts_at.timestamp())}"


# Who and when ---------------------------------------------------------------------


def clinicians_for(patient: Patient, *, on: datetime.date | None = None) -> QuerySet[User]:
    """Clinicians licensed in the patient's state on the given day."""
    day = on or timezone.localdate()
    licensed = Licence.objects.filter(state=patient.state, expires_on__gt=day).values(
        "clinician_id"
    )
    return (
        User.objects.filter(role_grants__role=Role.CLINICIAN, is_active=True, pk__in=licensed)
        .distinct()
        .order_by("full_name")
    )


def _booked_starts(
    clinician_ids: list[int], exclude: Consult | None
) -> set[tuple[int, datetime.datetime]]:
    booked = Consult.objects.filter(clinician_id__in=clinician_ids, status=ConsultStatus.BOOKED)
    if exclude is not None:
        booked = booked.exclude(pk=exclude.pk)
    return set(booked.values_list("clinician_id", "starts_at"))


def _licence_expiry(state: str, clinician_ids: list[int]) -> dict[int, datetime.date]:
    """For each clinician, the last expiry date among their licences for the state."""
    expiry: dict[int, datetime.date] = {}
    for clinician_id, expires_on in Licence.objects.filter(
        state=state, clinician_id__in=clinician_ids
    ).values_list("clinician_id", "expires_on"):
        expiry[clinician_id] = max(expires_on, expiry.get(clinician_id, expires_on))
    return expiry


def open_slots(
    patient: Patient,
    *,
    now: datetime.datetime | None = None,
    exclude: Consult | None = None,
) -> list[Slot]:
    """Every free slot with a clinician licensed in the patient's state on the day of
    the visit, soonest first."""
    moment = now or timezone.now()
    earliest, latest = moment + MINIMUM_NOTICE, moment + BOOKING_HORIZON
    clinicians = {c.pk: c for c in clinicians_for(patient, on=timezone.localdate(moment))}
    expiry = _licence_expiry(patient.state, list(clinicians))
    blocks = ClinicianAvailability.objects.filter(
        clinician_id__in=list(clinicians), ends_at__gt=earliest, starts_at__lt=latest
    )
    taken = _booked_starts(list(clinicians), exclude)
    slots = set()
    for block in blocks:
        start = block.starts_at
        while start + CONSULT_LENGTH <= block.ends_at:
            if (
                earliest <= start <= latest
                and (block.clinician_id, start) not in taken
                and timezone.localdate(start) < expiry[block.clinician_id]
            ):
                slots.add(Slot(clinicians[block.clinician_id], start))
            start += CONSULT_LENGTH
    return sorted(slots, key=lambda slot: (slot.starts_at, slot.clinician.full_name))


def find_slot(
    patient: Patient,
    value: str,
    *,
    now: datetime.datetime | None = None,
    exclude: Consult | None = None,
) -> Slot:
    """The open slot a form's value names, or BookingRefused in plain words."""
    try:
        clinician_id, timestamp = (int(part) for part in value.split("|", 1))
        starts_at = datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)
    except (ValueError, OverflowError, OSError):
        raise BookingRefused("Choose a time from the list.", field="slot") from None
    clinician = User.objects.filter(pk=clinician_id).first()
    if clinician is None or Role.CLINICIAN not in clinician.roles:
        raise BookingRefused("Choose a time from the list.", field="slot")
    if patient.state not in licensed_states(clinician.pk, on=timezone.localdate(starts_at)):
        raise BookingRefused(
            f"{clinician.display_name} is not licensed in your state, so cannot see you. "
            "Choose a time with one of the clinicians listed.",
            field="slot",
        )
    for slot in open_slots(patient, now=now, exclude=exclude):
        if slot.clinician.pk == clinician.pk and slot.starts_at == starts_at:
            return slot
    raise BookingRefused("That time is no longer free. Please choose another one.", field="slot")


# What must be done first ----------------------------------------------------------


def check_can_book(patient: Patient) -> list[Blocker]:
    """What stands between the patient and booking a new visit (empty: nothing)."""
    blockers = []
    if not patient.profile_complete:
        blockers.append(
            Blocker(
                "profile",
                "Complete your profile: we need your address to know which clinicians can see you.",
                reverse("patients:profile"),
                "Complete your profile",
            )
        )
    if not consents_complete(patient):
        blockers.append(
            Blocker(
                "consents",
                "Read and sign the consent documents.",
                reverse("patients:consents"),
                "Sign the consent documents",
            )
        )
    if not identity_provided(patient):
        blockers.append(
            Blocker(
                "identity",
                "Upload a photo of your ID.",
                reverse("patients:identity"),
                "Upload your photo ID",
            )
        )
    problem = subscription_problem(patient)
    if problem is not None:
        blockers.append(Blocker("subscription", problem.message, problem.url, problem.link_text))
    return blockers


def upcoming_consult(patient: Patient, *, now: datetime.datetime | None = None) -> Consult | None:
    """The patient's next booked visit that has not yet ended."""
    moment = now or timezone.now()
    return (
        Consult.objects.filter(patient=patient, status=ConsultStatus.BOOKED, ends_at__gt=moment)
        .select_related("clinician")
        .order_by("starts_at")
        .first()
    )


def can_change(consult: Consult, *, now: datetime.datetime | None = None) -> bool:
    """A patient may move or cancel a visit until 24 hours before it."""
    moment = now or timezone.now()
    return consult.is_booked and consult.starts_at - moment >= CHANGE_CUTOFF


def join_window(consult: Consult) -> tuple[datetime.datetime, datetime.datetime]:
    return consult.starts_at - JOIN_OPENS_BEFORE, consult.ends_at + JOIN_CLOSES_AFTER


def is_join_open(consult: Consult, *, now: datetime.datetime | None = None) -> bool:
    opens, closes = join_window(consult)
    return consult.is_booked and opens <= (now or timezone.now()) <= closes


def may_join(user: User, consult: Consult) -> bool:
    """Only the visit's own patient and clinician ever receive its room link."""
    return user.is_authenticated and user.pk in {consult.patient.user_id, consult.clinician_id}


# Verbs ------------------------------------------------------------------------------


@transaction.atomic
def do_publish_availability(
    clinician: User,
    *,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    now: datetime.datetime | None = None,
) -> ClinicianAvailability:
    moment = now or timezone.now()
    if Role.CLINICIAN not in clinician.roles:
        raise BookingRefused("Only clinicians publish availability.")
    if ends_at - starts_at < CONSULT_LENGTH:
        raise BookingRefused(
            "Offer at least 30 minutes: the end must be 30 minutes or more after the start.",
            field="end_time",
        )
    if ends_at - starts_at > LONGEST_AVAILABILITY:
        raise BookingRefused("Offer at most 12 hours in one stretch.", field="end_time")
    if starts_at <= moment:
        raise BookingRefused("Choose a time in the future.", field="start_time")
    overlapping = ClinicianAvailability.objects.filter(
        clinician=clinician, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if overlapping.exists():
        raise BookingRefused(
            "This overlaps time you already offer. Change the times, or withdraw the "
            "other stretch first.",
            field="start_time",
        )
    block = ClinicianAvailability.objects.create(
        clinician=clinician, starts_at=starts_at, ends_at=ends_at
    )
    record_event(
        "care.availability_published",
        actor=clinician,
        target=block,
        detail={"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
    )
    return block


@transaction.atomic
def do_withdraw_availability(block: ClinicianAvailability, *, by: User) -> None:
    """Withdraw offered time; visits already booked in it stay booked."""
    if block.clinician_id != by.pk:
        raise BookingRefused("You can only withdraw your own availability.")
    record_event(
        "care.availability_withdrawn",
        actor=by,
        target=block,
        detail={"starts_at": block.starts_at.isoformat(), "ends_at": block.ends_at.isoformat()},
    )
    block.delete()


def _create_or_move(save: Any) -> None:
    try:
        with transaction.atomic():
            save()
    except IntegrityError:
        raise BookingRefused(
            "Someone booked that time a moment ago. Please choose another one.", field="slot"
        ) from None


@transaction.atomic
def do_book_consult(
    patient: Patient, slot_value: str, *, by: User, now: datetime.datetime | None = None
) -> Consult:
    blockers = check_can_book(patient)
    if blockers:
        raise BookingRefused(blockers[0].message)
    # One visit at a time: lock the patient so two tabs cannot both book.
    Patient.objects.select_for_update().filter(pk=patient.pk).first()
    if upcoming_consult(patient, now=now) is not None:
        raise BookingRefused(
            "You already have a visit booked. Move that one instead if the time does not suit."
        )
    slot = find_slot(patient, slot_value, now=now)
    consult = Consult(
        patient=patient,
        clinician=slot.clinician,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        booked_by=by,
    )
    _create_or_move(consult.save)
    record_step(
        patient,
        "care.consult_booked",
        consult,
        by=by,
        summary=f"Booked a video visit with {slot.clinician.display_name}",
        audit={"clinician": slot.clinician.pk, "starts_at": slot.starts_at.isoformat()},
        timeline={"consult": str(consult.public_id), "starts_at": slot.starts_at.isoformat()},
    )
    _after_commit_notify(consult, "booked")
    return consult


@transaction.atomic
def do_reschedule_consult(
    consult: Consult, slot_value: str, *, by: User, now: datetime.datetime | None = None
) -> Consult:
    consult = Consult.objects.select_for_update().select_related("patient").get(pk=consult.pk)
    staff = bool(by.roles & {Role.COORDINATOR, Role.CLINICIAN})
    if not consult.is_booked:
        raise BookingRefused("This visit is no longer booked, so it cannot be moved.")
    if not staff and not can_change(consult, now=now):
        raise BookingRefused(
            "Visits can be moved up to 24 hours before they start. To change this one, "
            "please message the care team."
        )
    slot = find_slot(consult.patient, slot_value, now=now, exclude=consult)
    before = consult.starts_at
    consult.clinician = slot.clinician
    consult.starts_at = slot.starts_at
    consult.ends_at = slot.ends_at
    consult.times_rescheduled += 1
    consult.reminder_day_sent_at = None
    consult.reminder_hour_sent_at = None
    consult.video_room = new_video_room()
    _create_or_move(consult.save)
    record_step(
        consult.patient,
        "care.consult_rescheduled",
        consult,
        by=by,
        summary=f"Moved the video visit with {slot.clinician.display_name}",
        audit={"from": before.isoformat(), "to": slot.starts_at.isoformat()},
        timeline={"consult": str(consult.public_id), "starts_at": slot.starts_at.isoformat()},
    )
    _after_commit_notify(consult, "moved")
    return consult


@transaction.atomic
def do_cancel_consult(
    consult: Consult, *, by: User, now: datetime.datetime | None = None
) -> Consult:
    consult = Consult.objects.select_for_update().select_related("patient").get(pk=consult.pk)
    moment = now or timezone.now()
    staff = bool(by.roles & {Role.COORDINATOR, Role.CLINICIAN})
    if not consult.is_booked:
        raise BookingRefused("This visit is already cancelled or over.")
    if not staff and not can_change(consult, now=moment):
        raise BookingRefused(
            "Visits can be cancelled online up to 24 hours before they start. To cancel "
            "this one, please message the care team."
        )
    consult.status = ConsultStatus.CANCELLED
    consult.cancelled_at = moment
    consult.cancelled_by = by
    consult.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    record_step(
        consult.patient,
        "care.consult_cancelled",
        consult,
        by=by,
        summary="Cancelled the video visit"
        if by.pk == consult.patient.user_id
        else "The care team cancelled the video visit",
        timeline={"consult": str(consult.public_id)},
    )
    _after_commit_notify(consult, "cancelled")
    return consult


def _after_commit_notify(consult: Consult, change: str) -> None:
    # Queued inside the transaction: the task rows commit (or roll back) with the change.
    enqueue("care.tasks.send_consult_change_notice", str(consult.public_id), change)
    if change != "cancelled":
        schedule_reminders(str(consult.public_id), consult.starts_at)


def schedule_reminders(public_id: str, starts_at: datetime.datetime) -> int:
    """Queue the 24-hour and 1-hour reminders with the worker (where it can defer work;
    `send_due_reminders` catches any that are due without one)."""
    if not can_defer("care.tasks.send_consult_reminder"):
        return 0
    queued = 0
    for kind, before in REMINDERS:
        due = starts_at - before
        if due > timezone.now():
            enqueue(
                "care.tasks.send_consult_reminder",
                public_id,
                kind,
                starts_at.isoformat(),
                run_after=due,
            )
            queued += 1
    return queued


def reminder_text(consult: Consult, kind: str) -> tuple[str, str]:
    """A visit's reminder in the active language."""
    when = describe(consult.starts_at, patient_zone(consult.patient))
    subject = (
        _("Your video visit is tomorrow") if kind == "day" else _("Your video visit starts soon")
    )
    body = (
        _("This is a reminder of your video visit on %(when)s.") % {"when": when}
        + "\n\n"
        + _("Sign in a few minutes before the start to join it from your dashboard:")
        + " "
    )
    return subject, body


def due_reminders(now: datetime.datetime) -> list[tuple[Consult, str]]:
    """Booked visits whose reminder is due and not yet sent."""
    due: list[tuple[Consult, str]] = []
    upcoming = Consult.objects.filter(status=ConsultStatus.BOOKED, starts_at__gt=now)
    for kind, before in REMINDERS:
        sent_field = f"reminder_{kind}_sent_at"
        waiting = upcoming.filter(Q(**{f"{sent_field}__isnull": True}), starts_at__lte=now + before)
        if kind == "day":  # an hour-before reminder makes a day-before one pointless
            waiting = waiting.filter(starts_at__gt=now + REMINDERS[1][1])
        due.extend((consult, kind) for consult in waiting.select_related("patient__user"))
    return due


def update_readiness(patient: Patient, *, by: User | None = None) -> None:
    """A candidate whose profile, consents, ID and plan are all done is ready for a consult."""
    if patient.status != PatientStatus.CANDIDATE or check_can_book(patient):
        return
    patient.status = PatientStatus.READY_FOR_CONSULT
    patient.save(update_fields=["status"])
    record_step(
        patient,
        "patient.ready_for_consult",
        patient,
        by=by,
        summary="Ready for a consult",
        audit={"status": patient.status},
        timeline={},
    )


def on_joining_step_changed(
    sender: Any, *, patient: Patient, by: User | None = None, **_: Any
) -> None:
    """``patients.signals.joining_step_changed``: see whether the candidate is now ready."""
    update_readiness(patient, by=by)


def refuse_move_stranding_a_visit(
    sender: Any, *, patient: Patient, new_state: str, **_: Any
) -> None:
    """``patients.signals.moving_state``: a move to the other state may not strand a booked
    visit with a clinician who is not licensed there."""
    consult = upcoming_consult(patient)
    if consult is not None and new_state not in licensed_states(consult.clinician_id):
        raise PatientRuleError(
            "You have a video visit booked with a clinician who is not licensed in the "
            "state you entered. Cancel that visit first, then change your address.",
            field="state",
        )
