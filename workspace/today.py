"""Where a patient in treatment stands today, for the top of their home page.

In this order: any hold on their doses, in plain words, and what happens next; when the next
session is allowed (``clinical.safety.next_dose_from`` over ``journal.actions.dosing_facts``,
with the practice's safety policy) and, when not now, why not in the gate's own words; the
check-in due; the supply left from the fill on hand; and the state of the refill of the
current prescription. Each is read from the record through the functions the journal and
the pharmacy use themselves, never a copy of their rules.

A patient is in treatment once their status says so or any prescription of theirs is
signed; before that the home page leads with the joining checklist.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from care.actions import safety_policy
from care.models import Prescription, PrescriptionStatus
from care.records import current_prescription
from clinical import safety
from clinical.holds import Hold
from clinical.policy import SafetyPolicy
from journal import actions
from journal.models import CheckIn, HomeSession
from patients.models import Patient, PatientStatus
from pharmacy.models import Fill, FillStatus, RefillRequest, RefillStatus, ShipmentStatus
from pharmacy.supply import OnHand

HOLD_REFUSALS = frozenset(safety.SessionRefusal(hold.refusal_code) for hold in Hold)
"""The gate's refusals that are holds: the page says those once, in the hold's own box."""


def in_treatment(patient: Patient) -> bool:
    """Whether the patient is in treatment: by status, or by any signed prescription."""
    return (
        patient.status == PatientStatus.IN_TREATMENT
        or Prescription.objects.filter(patient=patient, status=PrescriptionStatus.SIGNED).exists()
    )


@dataclass(frozen=True)
class NextSession:
    """When the next session is allowed. ``at`` is None when only the care team can change
    that; ``now`` is true when a session may start at once; ``why`` is what stops one now,
    in the gate's words (the holds apart)."""

    at: dt.datetime | None
    now: bool
    words: str
    why: list[str]


@dataclass(frozen=True)
class Supply:
    """The fill on hand: units left of the units delivered, and about how many doses."""

    units_left: int
    units: int
    doses_left: int
    low: bool


@dataclass(frozen=True)
class Refill:
    """The latest refill request of the current prescription, in words."""

    status: str
    words: str
    reasons: list[str]


@dataclass(frozen=True)
class Today:
    """Everything the home page leads with for a patient in treatment."""

    day: str
    holds: list[Hold]
    open_session: HomeSession | None
    open_session_started: str
    next_session: NextSession
    check_in: CheckIn | None
    check_in_words: str
    supply: Supply | None
    has_prescription: bool
    refill: Refill | None

    @property
    def hold_words(self) -> list[str]:
        return [_(hold.plain) for hold in self.holds]

    @property
    def crisis(self) -> bool:
        return Hold.SUICIDALITY in self.holds


def today_for(patient: Patient, now: dt.datetime) -> Today:
    """Where the patient stands at ``now``."""
    zone = actions.patient_zone(patient)
    facts = actions.dosing_facts(patient, now)
    prescription = current_prescription(patient, now)
    on_hand, _ = actions.supply_for_session(patient, now)
    check_in = (
        CheckIn.objects.filter(patient=patient, completed_at__isnull=True, due_on__isnull=False)
        .order_by("due_on", "pk")
        .first()
    )
    open_session = (
        patient.home_sessions.filter(finished_at__isnull=True).order_by("-started_at").first()
    )
    return Today(
        day=day_words(facts.today),
        holds=sorted(facts.open_holds),
        open_session=open_session,
        open_session_started=(
            when(open_session.started_at.astimezone(zone), facts.today) if open_session else ""
        ),
        next_session=next_session(facts, zone),
        check_in=check_in,
        check_in_words=check_in_words(check_in, facts.today),
        supply=supply_left(on_hand, prescription),
        has_prescription=prescription is not None,
        refill=refill_state(prescription, zone),
    )


def next_session(facts: safety.DosingFacts, zone: dt.tzinfo) -> NextSession:
    """When the next session is allowed, and what stops one now."""
    policy = safety_policy()
    at = safety.next_dose_from(facts, policy)
    why = [
        refusal_words(refusal, facts, policy)
        for refusal in safety.dosing_blockers(facts, policy)
        if refusal.code not in HOLD_REFUSALS
    ]
    if at is None:
        words = (
            _("No session can start until your clinician has spoken with you.")
            if facts.open_holds
            else _("No session can start for now.")
        )
        return NextSession(None, False, words, why)
    shown = round_up_to_minute(at.astimezone(zone))
    if at <= facts.now and facts.latest_session_logged is False:
        words = _(
            "Your next session can start once you have answered the questions about your last."
        )
        return NextSession(shown, False, words, why)
    if at <= facts.now:
        return NextSession(shown, True, _("You can start a session now."), why)
    return NextSession(
        shown,
        False,
        _("Your next session can start from %(when)s.") % {"when": when(shown, facts.today)},
        why,
    )


def refusal_words(refusal: safety.Refusal, facts: safety.DosingFacts, policy: SafetyPolicy) -> str:
    """What stops a session now, in the reader's language. The gate's words are English
    (``clinical`` has no Django); those with a number are said again here with it."""
    if refusal.code == safety.SessionRefusal.TOO_SOON_AFTER_LAST_DOSE:
        return _(
            "Your last dose was less than %(hours)s hours ago. Doses are at least that far apart."
        ) % {"hours": policy.hours_between_doses}
    if refusal.code == safety.SessionRefusal.WEEKLY_LIMIT_REACHED:
        limits = [
            n
            for n in (facts.plan_doses_per_week, facts.prescription_doses_per_week)
            if n is not None
        ]
        if limits:
            return _("You have had the %(limit)s sessions allowed in 7 days.") % {
                "limit": min(limits)
            }
    return _(refusal.what_to_do)


def round_up_to_minute(moment: dt.datetime) -> dt.datetime:
    """``moment`` on the minute, or the next minute when it has seconds: never too early."""
    whole = moment.replace(second=0, microsecond=0)
    return whole if whole == moment else whole + dt.timedelta(minutes=1)


def clock(moment: dt.datetime) -> str:
    """'9:05 am', '12:00 pm', '4:30 pm' ('9:05 a. m.' in Spanish)."""
    hour = moment.hour % 12 or 12
    words = {"hour": hour, "minute": f"{moment.minute:02d}"}
    if moment.hour < 12:
        return _("%(hour)s:%(minute)s am") % words
    return _("%(hour)s:%(minute)s pm") % words


def day_words(day: dt.date) -> str:
    """'Friday 11 December' ('viernes 11 de diciembre'), in Django's names of days and
    months. The format is translated: "l j F" is English's."""
    return dateformat.format(day, _("l j F"))


def when(moment: dt.datetime, today: dt.date) -> str:
    """A moment in words from the patient's today: 'today', 'tomorrow' or the day.

    Spanish says "a la 1:05" but "a las 9:05": the context tells the hour one apart."""
    day = moment.date()
    words = {"time": clock(moment), "day": day_words(day)}
    one = moment.hour % 12 == 1
    if day == today:
        if one:
            return pgettext("at one o'clock", "%(time)s today") % words
        return pgettext("at a time", "%(time)s today") % words
    if day == today + dt.timedelta(days=1):
        if one:
            return pgettext("at one o'clock", "%(time)s tomorrow, %(day)s") % words
        return pgettext("at a time", "%(time)s tomorrow, %(day)s") % words
    if one:
        return pgettext("at one o'clock", "%(time)s on %(day)s") % words
    return pgettext("at a time", "%(time)s on %(day)s") % words


def check_in_words(check_in: CheckIn | None, today: dt.date) -> str:
    """The check-in due, in words: today, overdue since a day, or due on a day."""
    if check_in is None or check_in.due_on is None:
        return _("No check-in is due. The next one is scheduled after your sessions.")
    due = check_in.due_on
    words = {"name": check_in.get_instrument_display(), "day": day_words(due)}
    if due == today:
        return _("Due today: %(name)s.") % words
    if due < today:
        return _("Due since %(day)s: %(name)s. Please do it today.") % words
    if due == today + dt.timedelta(days=1):
        return _("Due tomorrow, %(day)s: %(name)s.") % words
    return _("Due on %(day)s: %(name)s.") % words


def is_low(doses_left: int, doses_per_week: int) -> bool:
    """A week's doses or fewer left: time to make sure a refill is on its way."""
    return doses_left <= doses_per_week


def supply_left(on_hand: OnHand | None, prescription: Prescription | None) -> Supply | None:
    """The units left from the fill on hand, and whether they are running low."""
    if on_hand is None or prescription is None:
        return None
    doses = on_hand.units_left // max(prescription.units_per_dose, 1)
    return Supply(
        on_hand.units_left,
        on_hand.units,
        doses,
        is_low(doses, prescription.doses_per_week),
    )


def refill_state(prescription: Prescription | None, zone: dt.tzinfo) -> Refill | None:
    """The latest refill request of the current prescription, in the patient's words."""
    if prescription is None:
        return None
    request = (
        RefillRequest.objects.filter(prescription=prescription)
        .order_by("-requested_at", "-pk")
        .first()
    )
    if request is None:
        return None
    asked = {"day": day_words(request.requested_at.astimezone(zone).date())}
    match request.status:
        case RefillStatus.AWAITING_CLINICIAN:
            return Refill(
                request.status,
                _("The refill you asked for on %(day)s is waiting for your clinician's approval.")
                % asked,
                [],
            )
        case RefillStatus.REFUSED:
            return Refill(
                request.status,
                _("The refill you asked for on %(day)s could not go ahead:") % asked,
                [_(reason) for reason in request.plain_reasons],
            )
        case RefillStatus.DECLINED:
            reason = request.decline_reason.strip()
            return Refill(
                request.status,
                _("Your clinician did not approve the refill you asked for on %(day)s.") % asked,
                [reason] if reason else [],
            )
        case _:
            fill = request.fills.select_related("shipment").first()
            return Refill(
                request.status,
                _("Your clinician approved the refill you asked for on %(day)s.") % asked
                + " "
                + delivery_words(fill, zone),
                [],
            )


def delivery_words(fill: Fill | None, zone: dt.tzinfo) -> str:
    """Where an approved refill is: being prepared, on its way, delivered, or not."""
    shipment = getattr(fill, "shipment", None) if fill is not None else None
    if fill is None or fill.status != FillStatus.SHIPPED or shipment is None:
        return _("The pharmacy is preparing it.")
    match shipment.status:
        case ShipmentStatus.DELIVERED:
            delivered = shipment.delivered_at or shipment.shipped_at
            return _("It was delivered on %(day)s.") % {
                "day": day_words(delivered.astimezone(zone).date())
            }
        case ShipmentStatus.OUT_FOR_DELIVERY:
            return _("It is out for delivery. An adult must sign for it.")
        case ShipmentStatus.FAILED_ATTEMPT:
            return _("A delivery attempt failed. Follow your order to see what happens next.")
        case ShipmentStatus.RETURNED:
            return _("It went back to the pharmacy. Please message your care team.")
        case _:
            shipped = day_words(shipment.shipped_at.astimezone(zone).date())
            return _("It was shipped on %(day)s. An adult must sign for it.") % {"day": shipped}
