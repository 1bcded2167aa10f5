"""The pharmacy's verbs: the only ways a fill, a shipment or a refill request changes.

Each locks the rows it changes (``select_for_update`` inside one transaction), writes
them, an audit event and a timeline entry with no health details. Emails and texts say
only that something shipped, arrived or came back, with a link; never what it is.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from billing.models import SubscriptionStatus
from billing.standing import current_subscription, subscription_problem
from care.actions import ClinicalRecordRefused, check_may_treat, clinicians_to_alert, safety_policy
from care.holds import open_holds
from care.models import Prescription, PrescriptionStatus
from care.records import current_prescription
from care.times import patient_today
from clinical.prescribing import KETAMINE_SCHEDULE, parse_schedules, prescription_expired
from clinical.refills import (
    FillOnHand,
    RefillDecision,
    RefillFacts,
    RefillFlag,
    check_refill_gate,
)
from clinical.schedule import missed_if_due_before
from credentials.models import DeaRegistration, Licence
from foundation.notices import in_language_of, language_of, send_notice, site_link
from foundation.refusals import Reason, Refused
from integrations.carrier import Carrier, CarrierNotice, CarrierRefused
from integrations.carrier import carrier as default_carrier
from integrations.sms import SmsNotSent, is_textable, sms_sender, texts_enabled
from patients.actions import latest_identity_document
from patients.models import IdentityStatus, Patient
from patients.rules import is_po_box
from patients.timeline import record_step
from pharmacy.models import (
    Fill,
    FillKind,
    FillStatus,
    NewPrescription,
    RefillRequest,
    RefillStatus,
    Shipment,
    ShipmentEvent,
    ShipmentStatus,
)
from pharmacy.supply import fill_on_hand
from servicearea.places import zip_state

logger = logging.getLogger(__name__)

SHIPPING_STATES = frozenset({"FL", "NJ"})
FAILED_ATTEMPTS_BEFORE_RETURN = 3


class PharmacyRefused(Refused):
    """The step cannot be taken; `reasons` says why, in plain words."""

    code = "pharmacy"


class AlreadyRecorded(Refused):
    """This carrier event was recorded before; nothing changed."""

    code = "already_recorded"

    def __init__(self, carrier_event_id: str) -> None:
        super().__init__([f"The carrier's event {carrier_event_id} was recorded before."])
        self.carrier_event_id = carrier_event_id


class UnknownShipment(Refused):
    """No shipment has the tracking number a carrier posted about."""

    code = "unknown_shipment"

    def __init__(self, tracking_number: str) -> None:
        super().__init__([f"No shipment has the tracking number {tracking_number}."])
        self.tracking_number = tracking_number


def _require_pharmacist(by: User) -> None:
    if by is None or Role.PHARMACIST not in by.roles:
        raise PharmacyRefused(["Only a pharmacist can do this."])


def _locked_fill(fill: Fill) -> Fill:
    return (
        Fill.objects.select_for_update(of=("self",))
        .select_related("prescription__patient", "prescription__prescriber")
        .get(pk=fill.pk)
    )


# --- Checking a fill -------------------------------------------------------------------


def check_fill(fill: Fill, *, today: dt.date | None = None) -> list[str]:
    """Every reason this fill may not be dispensed or shipped today, in plain words."""
    day = today or timezone.localdate()
    prescription = fill.prescription
    patient = prescription.patient
    reasons: list[str] = []
    if prescription.status == PrescriptionStatus.CANCELLED:
        reasons.append("The prescription was cancelled.")
    if prescription_expired(prescription.issued_on, day):
        reasons.append(
            "The prescription expired: it could be filled up to "
            f"{prescription.expires_on:%d %B %Y}."
        )
    state = patient.state
    if not Licence.objects.filter(
        clinician_id=prescription.prescriber_id, state=state, expires_on__gt=day
    ).exists():
        reasons.append(f"The prescriber holds no licence in {state} that is valid today.")
    registrations = [
        r
        for r in DeaRegistration.objects.filter(
            clinician_id=prescription.prescriber_id, state=state
        )
        if r.is_active_on(day)
    ]
    if not registrations:
        reasons.append(f"The prescriber's DEA registration for {state} is missing or expired.")
    elif not any(KETAMINE_SCHEDULE in parse_schedules(r.schedules) for r in registrations):
        reasons.append(f"The prescriber's DEA registration for {state} does not cover schedule 3N.")
    reasons.extend(address_problems(patient))
    document = latest_identity_document(patient)
    if document is None or document.status != IdentityStatus.VERIFIED:
        reasons.append(
            "The patient's photo ID is not verified (it may have gone back for review after "
            "a change of name); a coordinator checks it before anything is dispensed."
        )
    if subscription_problem(patient) is not None:
        reasons.append("The patient's subscription is not in good standing.")
    return reasons


def address_problems(patient: Patient) -> list[str]:
    """Why the shipping address will not do: outside Florida or New Jersey, or a PO box."""
    problems: list[str] = []
    if not patient.address_line1.strip() or not patient.zip_code:
        problems.append("The patient has no shipping address.")
        return problems
    if patient.state not in SHIPPING_STATES or zip_state(patient.zip_code) not in SHIPPING_STATES:
        problems.append("The shipping address is not in Florida or New Jersey.")
    elif zip_state(patient.zip_code) != patient.state:
        problems.append("The shipping address's ZIP code is not in the patient's state.")
    if is_po_box(patient.address_line1) or is_po_box(patient.address_line2):
        problems.append("The shipping address is a PO box; a signature cannot be taken there.")
    return problems


# --- Fills ---------------------------------------------------------------------------------


@transaction.atomic
def do_queue_original_fill(prescription: Prescription) -> Fill:
    """The first fill of a signed prescription, queued once however often it is asked."""
    locked = Prescription.objects.select_for_update().get(pk=prescription.pk)
    existing = Fill.objects.filter(prescription=locked, kind=FillKind.ORIGINAL).first()
    if existing is not None:
        return existing
    if locked.status != PrescriptionStatus.SIGNED:
        raise PharmacyRefused(["The prescription was cancelled."])
    fill = Fill.objects.create(prescription=locked, kind=FillKind.ORIGINAL)
    NewPrescription.objects.filter(prescription=locked).delete()
    record_step(locked.patient, "pharmacy.fill_queued", fill, by=None, summary="Order queued")
    return fill


@transaction.atomic
def do_verify_fill(fill: Fill, *, by: User) -> Fill:
    _require_pharmacist(by)
    locked = _locked_fill(fill)
    if locked.status != FillStatus.QUEUED:
        raise PharmacyRefused(["This order is already verified."])
    reasons = check_fill(locked)
    if reasons:
        raise PharmacyRefused(reasons)
    locked.status = FillStatus.VERIFIED
    locked.verified_by = by
    locked.verified_at = timezone.now()
    locked.save(update_fields=["status", "verified_by", "verified_at"])
    record_step(
        locked.prescription.patient,
        "pharmacy.fill_verified",
        locked,
        by=by,
        summary="Order checked",
    )
    return locked


@transaction.atomic
def do_fill(
    fill: Fill, *, by: User, lot_number: str, beyond_use_date: dt.date, quantity: int
) -> Fill:
    """Dispense: lot, beyond-use date and quantity, never more than prescribed, once."""
    _require_pharmacist(by)
    locked = _locked_fill(fill)
    if locked.status in (FillStatus.FILLED, FillStatus.SHIPPED):
        raise PharmacyRefused(["This order is already filled."])
    if locked.status != FillStatus.VERIFIED:
        raise PharmacyRefused(["Verify the order before filling it."])
    prescription = locked.prescription
    reasons = check_fill(locked)
    if not lot_number.strip():
        reasons.append("Type the lot number.")
    if quantity < 1:
        reasons.append("The quantity dispensed must be at least 1.")
    if quantity > prescription.quantity:
        reasons.append(
            f"The quantity dispensed ({quantity}) is more than prescribed "
            f"({prescription.quantity})."
        )
    if beyond_use_date <= timezone.localdate():
        reasons.append("The beyond-use date must be after today.")
    if reasons:
        raise PharmacyRefused(reasons)
    locked.status = FillStatus.FILLED
    locked.lot_number = lot_number.strip()
    locked.beyond_use_date = beyond_use_date
    locked.quantity_dispensed = quantity
    locked.filled_by = by
    locked.filled_at = timezone.now()
    locked.save(
        update_fields=[
            "status",
            "lot_number",
            "beyond_use_date",
            "quantity_dispensed",
            "filled_by",
            "filled_at",
        ]
    )
    record_step(prescription.patient, "pharmacy.filled", locked, by=by, summary="Order filled")
    return locked


# --- Shipping ------------------------------------------------------------------------------


def do_ship(
    fill: Fill,
    *,
    by: User,
    carrier_name: str,
    tracking_number: str,
    carrier: Carrier | None = None,
) -> Shipment:
    """Hand a filled order to the carrier, signature required, and tell the patient."""
    _require_pharmacist(by)
    with transaction.atomic():
        locked = _locked_fill(fill)
        if locked.status == FillStatus.SHIPPED:
            raise PharmacyRefused(["This order has already shipped."])
        if locked.status != FillStatus.FILLED:
            raise PharmacyRefused(["Fill the order before shipping it."])
        reasons = check_fill(locked)
        if reasons:
            raise PharmacyRefused(reasons)
        try:
            booking = (carrier or default_carrier()).book(
                carrier=carrier_name,
                tracking_number=tracking_number,
                reference=str(locked.public_id),
            )
        except CarrierRefused as error:
            raise PharmacyRefused([str(error)]) from error
        if not booking.signature_required:
            raise PharmacyRefused(["The carrier must require a signature on delivery."])
        shipment = Shipment.objects.create(
            fill=locked,
            carrier=booking.carrier,
            tracking_number=booking.tracking_number,
            tracking_url=booking.tracking_url,
            shipped_by=by,
        )
        ShipmentEvent.objects.create(shipment=shipment, kind=ShipmentStatus.SHIPPED, recorded_by=by)
        locked.status = FillStatus.SHIPPED
        locked.save(update_fields=["status"])
        patient = locked.prescription.patient
        record_step(patient, "pharmacy.shipped", shipment, by=by, summary="Order shipped")
    with in_language_of(patient.user):
        _tell_patient(
            patient,
            _("Your order has shipped"),
            _("Your order is on its way. Someone aged 18 or over must sign for it.")
            + "\n\n"
            + _("Track it here: %(url)s") % {"url": shipment.tracking_url}
            + "\n\n"
            + _see_your_orders(),
            text=shipped_text(shipment.tracking_url),
        )
    return shipment


def _orders_link() -> str:
    return site_link(reverse("pharmacy:orders"))


def _see_your_orders() -> str:
    """'See your orders: <link>', in the active language, to its orders page."""
    return _("See your orders: %(url)s") % {"url": _orders_link()}


def shipped_text(tracking_url: str) -> str:
    """The text a patient gets when an order ships: the word and the tracking link only, in
    the active language."""
    return _("%(practice)s: your order has shipped. Track it: %(url)s Reply STOP to end texts.") % {
        "practice": settings.PRACTICE_NAME,
        "url": tracking_url,
    }


def delivered_text(tracking_url: str) -> str:
    """The text a patient gets when an order is delivered, in the active language."""
    return _(
        "%(practice)s: your order was delivered. Tracking: %(url)s Reply STOP to end texts."
    ) % {"practice": settings.PRACTICE_NAME, "url": tracking_url}


def _tell_patient(patient: Patient, subject: str, body: str, *, text: str = "") -> None:
    """Email the patient and, when there is a text and they agreed to texts at a mobile
    number, text them too. Callers compose the words inside ``in_language_of(patient.user)``;
    the email is signed off in the same language.

    A text that fails is logged (never the number or the words) and does not undo the
    step: the email and the orders page still say it.
    """
    send_notice([patient.user.email], subject, body, language=language_of(patient.user))
    if not (text and patient.texts_allowed and texts_enabled() and is_textable(patient.phone)):
        return
    try:
        sms_sender().send(to=patient.phone.strip(), body=text)
    except SmsNotSent as problem:
        logger.warning("A text to patient %s was not sent: %s", patient.public_id, problem)


_NEXT_ALLOWED = {
    ShipmentStatus.SHIPPED: {"out_for_delivery", "delivered", "failed_attempt", "returned"},
    ShipmentStatus.OUT_FOR_DELIVERY: {"delivered", "failed_attempt", "returned"},
    ShipmentStatus.FAILED_ATTEMPT: {"out_for_delivery", "delivered", "failed_attempt", "returned"},
}


def do_record_delivery_event(
    shipment: Shipment,
    *,
    kind: str,
    by: User | None = None,
    signed_by: str = "",
    detail: str = "",
    at: dt.datetime | None = None,
    carrier_event_id: str = "",
) -> Shipment:
    """Record one step on the way. `by` is the staff member, or None for a carrier's post.

    Delivered needs the name of who signed. The third failed attempt returns the parcel
    to the pharmacy, and the clinician and patient are told (with no health details).
    A carrier's event id is kept once: a repeat raises ``AlreadyRecorded``.
    """
    if by is not None:
        _require_pharmacist(by)
    try:
        locked, patient = _record_delivery_event(
            shipment,
            kind=kind,
            by=by,
            signed_by=signed_by,
            detail=detail,
            at=at,
            carrier_event_id=carrier_event_id,
        )
    except IntegrityError as clash:  # the same event id, posted twice at the same moment
        if not carrier_event_id:
            raise
        raise AlreadyRecorded(carrier_event_id) from clash
    _tell_about_delivery(locked, patient)
    return locked


def _record_delivery_event(
    shipment: Shipment,
    *,
    kind: str,
    by: User | None,
    signed_by: str,
    detail: str,
    at: dt.datetime | None,
    carrier_event_id: str,
) -> tuple[Shipment, Patient]:
    with transaction.atomic():
        locked = (
            Shipment.objects.select_for_update(of=("self",))
            .select_related("fill__prescription__patient")
            .get(pk=shipment.pk)
        )
        if (
            carrier_event_id
            and ShipmentEvent.objects.filter(carrier_event_id=carrier_event_id).exists()
        ):
            raise AlreadyRecorded(carrier_event_id)
        allowed = _NEXT_ALLOWED.get(ShipmentStatus(locked.status), set())
        if kind not in allowed:
            raise PharmacyRefused(
                [f"A shipment that is {locked.get_status_display().lower()} cannot change."]
                if not allowed
                else ["That event cannot follow the shipment's last one."]
            )
        if kind == ShipmentStatus.DELIVERED and not signed_by.strip():
            raise PharmacyRefused(["Type the name of the person who signed for the parcel."])
        moment = at or timezone.now()
        ShipmentEvent.objects.create(
            shipment=locked,
            kind=kind,
            at=moment,
            detail=detail.strip()[:300],
            recorded_by=by,
            carrier_event_id=carrier_event_id,
        )
        locked.status = kind
        fields = ["status"]
        if kind == ShipmentStatus.DELIVERED:
            locked.signed_by = signed_by.strip()
            locked.delivered_at = moment
            fields += ["signed_by", "delivered_at"]
        if kind == ShipmentStatus.FAILED_ATTEMPT:
            locked.failed_attempts += 1
            fields.append("failed_attempts")
            if locked.failed_attempts >= FAILED_ATTEMPTS_BEFORE_RETURN:
                ShipmentEvent.objects.create(
                    shipment=locked,
                    kind=ShipmentStatus.RETURNED,
                    at=moment,
                    detail=f"Returned after {locked.failed_attempts} failed attempts.",
                    recorded_by=by,
                )
                locked.status = ShipmentStatus.RETURNED
        locked.save(update_fields=fields)
        patient = locked.fill.prescription.patient
        record_step(
            patient,
            f"pharmacy.shipment_{locked.status}",
            locked,
            by=by,
            summary=f"Order {locked.get_status_display().lower()}",
        )
    return locked, patient


def _tell_about_delivery(locked: Shipment, patient: Patient) -> None:
    if locked.status == ShipmentStatus.DELIVERED:
        with in_language_of(patient.user):
            _tell_patient(
                patient,
                _("Your order was delivered"),
                _("Your order was delivered and signed for.")
                + "\n\n"
                + _("Tracking: %(url)s") % {"url": locked.tracking_url}
                + "\n\n"
                + _see_your_orders(),
                text=delivered_text(locked.tracking_url),
            )
    elif locked.status == ShipmentStatus.RETURNED:
        with in_language_of(patient.user):
            _tell_patient(
                patient,
                _("Your order is coming back to us"),
                _(
                    "The carrier could not deliver your order after three tries, so it is going "
                    "back to the pharmacy. We will be in touch; please check your address in "
                    "your profile."
                )
                + "\n\n"
                + _see_your_orders(),
            )
        send_notice(
            [locked.fill.prescription.prescriber.email]
            + [c.email for c in clinicians_to_alert(patient)],
            "An order could not be delivered",
            "An order for a patient in your care is going back to the pharmacy after three "
            "failed delivery attempts. Sign in to see your queue:\n\n"
            + site_link(reverse("workspace:queue")),
        )


def do_record_carrier_notice(notice: CarrierNotice) -> Shipment:
    """A carrier's webhook post, recorded through ``do_record_delivery_event`` with no
    staff member. ``UnknownShipment`` when no parcel has its tracking number,
    ``AlreadyRecorded`` for a repeat, ``PharmacyRefused`` when it cannot follow."""
    shipment = Shipment.objects.filter(tracking_number=notice.tracking_number).first()
    if shipment is None:
        raise UnknownShipment(notice.tracking_number)
    event = notice.event
    return do_record_delivery_event(
        shipment,
        kind=event.kind,
        signed_by=event.signed_by,
        detail=event.detail,
        at=event.at,
        carrier_event_id=notice.event_id,
    )


# --- Refills -------------------------------------------------------------------------------


class RefillRefused(PharmacyRefused):
    """The refill gate refused; ``decision`` holds every refusal code."""

    def __init__(self, decision: RefillDecision) -> None:
        super().__init__([Reason(str(code), code.plain) for code in decision.refusals])
        self.decision = decision

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.because]


def refill_facts(
    patient: Patient, prescription: Prescription | None, *, now: dt.datetime
) -> RefillFacts:
    """What the refill gate looks at for the current prescription, read from the database."""
    today = patient_today(patient, now)
    last_check_in = (
        patient.check_ins.filter(completed_at__isnull=False, completed_at__lte=now)
        .order_by("-completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    missed = patient.check_ins.filter(
        completed_at__isnull=True,
        due_on__isnull=False,
        due_on__lt=missed_if_due_before(today),
    ).count()
    on_hand = fill_on_hand(prescription, now) if prescription is not None else None
    return RefillFacts(
        now=now,
        today=today,
        prescription_issued_on=prescription.issued_on if prescription else None,
        refills_allowed=prescription.refills if prescription else 0,
        refills_used=RefillRequest.objects.filter(
            prescription=prescription, status=RefillStatus.APPROVED
        ).count()
        if prescription
        else 0,
        subscription_active=_subscription_active(patient),
        last_check_in_at=last_check_in,
        fill_on_hand=FillOnHand(on_hand.units, on_hand.units_used) if on_hand else None,
        open_holds=open_holds(patient, now),
        missed_check_ins=missed,
        pending_request=prescription is not None
        and RefillRequest.objects.filter(
            prescription=prescription, status=RefillStatus.AWAITING_CLINICIAN
        ).exists(),
    )


def _subscription_active(patient: Patient) -> bool:
    subscription = current_subscription(patient)
    return subscription is not None and subscription.status == SubscriptionStatus.ACTIVE


@dataclass(frozen=True)
class RefillAsked:
    """A patient's refill request: the row kept (none without a prescription to refill),
    and the gate's decision."""

    request: RefillRequest | None
    decision: RefillDecision

    @property
    def allowed(self) -> bool:
        return not self.decision.refused


def _locked_current_prescription(patient: Patient, now: dt.datetime) -> Prescription | None:
    current = current_prescription(patient, now)
    if current is None:
        return None
    return Prescription.objects.select_for_update(of=("self",)).get(pk=current.pk)


def do_request_refill(
    patient: Patient, *, by: User | None = None, now: dt.datetime | None = None
) -> RefillAsked:
    """The patient asks for the next fill of the current prescription; the gate refuses it
    or sends it to the clinician (flagged ``early_refill`` when it comes early).

    A refused request is kept, with its reasons, so the clinician sees it was asked. Asking
    again while a request waits runs the gate again and, when it passes, returns the
    waiting one.
    """
    moment = now or timezone.now()
    with transaction.atomic():
        prescription = _locked_current_prescription(patient, moment)
        waiting = (
            RefillRequest.objects.filter(
                prescription=prescription, status=RefillStatus.AWAITING_CLINICIAN
            ).first()
            if prescription is not None
            else None
        )
        decision = check_refill_gate(
            refill_facts(patient, prescription, now=moment), approving=False, policy=safety_policy()
        )
        if prescription is None:
            return RefillAsked(None, decision)
        if waiting is not None and not decision.refused:
            flags = tuple(RefillFlag(flag) for flag in waiting.flags if flag in RefillFlag)
            return RefillAsked(waiting, RefillDecision((), flags, decision.prescription_expires_on))
        request = RefillRequest.objects.create(
            prescription=prescription,
            requested_by=by,
            requested_at=moment,
            status=RefillStatus.REFUSED if decision.refused else RefillStatus.AWAITING_CLINICIAN,
            reasons=[str(refusal) for refusal in decision.refusals],
            flags=[str(flag) for flag in decision.flags],
        )
        record_step(
            patient,
            "pharmacy.refill_requested",
            request,
            by=by,
            summary="Refill asked for, not sent on" if decision.refused else "Refill asked for",
        )
    return RefillAsked(request, decision)


def do_approve_refill(
    patient: Patient,
    *,
    by: User,
    request: RefillRequest | None = None,
    now: dt.datetime | None = None,
) -> Fill:
    """The clinician approves the waiting request on the current prescription; the gate runs
    again first, and the next fill is queued for the pharmacy, exactly once.

    ``request`` is the request the clinician was looking at: if it is no longer the one
    waiting, the approval is refused as already answered.
    """
    moment = now or timezone.now()
    with transaction.atomic():
        # The prescription first, then the request: the order do_request_refill takes them
        # in, so two verbs never wait on each other. Locking the prescription serialises
        # every refill of it, so the gate's count of refills used stays true.
        prescription = _locked_current_prescription(patient, moment)
        try:
            check_may_treat(by, patient)
        except ClinicalRecordRefused as error:
            raise PharmacyRefused(error.because) from error
        waiting = (
            RefillRequest.objects.select_for_update(of=("self",))
            .filter(prescription=prescription, status=RefillStatus.AWAITING_CLINICIAN)
            .first()
            if prescription is not None
            else None
        )
        if request is not None and (waiting is None or waiting.pk != request.pk):
            raise PharmacyRefused(["This request has already been answered."])
        decision = check_refill_gate(
            refill_facts(patient, prescription, now=moment), approving=True, policy=safety_policy()
        )
        if decision.refused or prescription is None or waiting is None:
            raise RefillRefused(decision)
        waiting.status = RefillStatus.APPROVED
        waiting.decided_by = by
        waiting.decided_at = moment
        waiting.save(update_fields=["status", "decided_by", "decided_at"])
        fill = Fill.objects.create(
            prescription=prescription, kind=FillKind.REFILL, refill_request=waiting
        )
        record_step(patient, "pharmacy.refill_approved", waiting, by=by, summary="Refill approved")
    return fill


def _locked_request(request: RefillRequest) -> RefillRequest:
    return (
        RefillRequest.objects.select_for_update(of=("self",))
        .select_related("prescription__patient")
        .get(pk=request.pk)
    )


def do_decline_refill(request: RefillRequest, *, by: User, reason: str) -> RefillRequest:
    with transaction.atomic():
        locked = _locked_request(request)
        try:
            check_may_treat(by, locked.prescription.patient)
        except ClinicalRecordRefused as error:
            raise PharmacyRefused(error.because) from error
        if locked.status != RefillStatus.AWAITING_CLINICIAN:
            raise PharmacyRefused(["This request has already been answered."])
        if not reason.strip():
            raise PharmacyRefused(["Say why, in words the patient will read."])
        locked.status = RefillStatus.DECLINED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.decline_reason = reason.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "decline_reason"])
        record_step(
            locked.prescription.patient,
            "pharmacy.refill_declined",
            locked,
            by=by,
            summary="Refill declined",
        )
    return locked
