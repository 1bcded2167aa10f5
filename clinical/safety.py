"""The home-session gate before a dose, and the flags in the log after it.

Before: ``check_session_start`` is the whole gate of shared/contracts/clinical-safety.md
("start_session"): the readings and the checklist taken now, and everything the record
says about today (refused checks, the last dose, the week's doses, the after-log, the
plan, the supply, the holds). It returns every refusal at once, each with what the
patient should do, and the dose offered when nothing refuses. ``dosing_blockers`` is the
part that needs no readings, so a page can say "not today" before the patient measures.

After: ``after_session_flags`` reads the after-session log and names every clinician flag
it raises; ``journal.actions`` raises them, and the holds follow from the flags
(``clinical.holds``).

Times are instants. "After now - 15 minutes" excludes the instant itself; "the same day"
is the calendar day in the patient's own time zone.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from clinical.holds import FlagKind, Hold
from clinical.plan import SessionSafetyLimits
from clinical.policy import DEFAULT_POLICY, SafetyPolicy
from clinical.vitals import is_believable_blood_pressure, is_believable_reading

VERY_HIGH_SYSTOLIC = 180
VERY_HIGH_DIASTOLIC = 110
HIGH_DISSOCIATION_FROM = 9
RECHECK_AFTER = timedelta(minutes=15)
"""After a refused check, rest this long before measuring again."""
REFUSED_CHECKS_BEFORE_NO_DOSE_TODAY = 2
WEEK = timedelta(days=7)
NINE_ONE_ONE = "911"
CRISIS_LINE = "988"

SessionLimits = SessionSafetyLimits
"""The plan's home-session limits, with the practice's 160/100 and pulse 100 as defaults."""


class SessionRefusal(StrEnum):
    """Why a session cannot start now, one code per rule (the contract's codes)."""

    VITALS_IMPLAUSIBLE = "vitals_implausible"
    VITALS_HIGH = "vitals_high"
    VITALS_LOW = "vitals_low"
    RECHECK_TOO_SOON = "recheck_too_soon"
    NO_DOSE_TODAY = "no_dose_today"
    CHECKLIST_INCOMPLETE = "checklist_incomplete"
    TOO_SOON_AFTER_LAST_DOSE = "too_soon_after_last_dose"
    WEEKLY_LIMIT_REACHED = "weekly_limit_reached"
    AFTER_LOG_MISSING = "after_log_missing"
    NO_PLAN = "no_plan"
    NO_SUPPLY = "no_supply"
    ADVERSE_EVENT_HOLD = "adverse_event_hold"
    SUICIDALITY_HOLD = "suicidality_hold"
    BLADDER_HOLD = "bladder_hold"


@dataclass(frozen=True, slots=True)
class Refusal:
    """One reason not to dose now, and what the patient should do, in plain words."""

    code: SessionRefusal
    what_to_do: str


@dataclass(frozen=True, slots=True)
class VitalSigns:
    """Blood pressure (mmHg) and pulse (beats a minute), taken just now."""

    systolic: int
    diastolic: int
    pulse: int


CHECKLIST_ITEMS = (
    "monitor_present",
    "fasted_2h",
    "no_driving_today",
    "safe_place",
    "no_alcohol_or_sedatives_24h",
    "no_self_harm_thoughts",
    "feeling_well",
    "not_pregnant",
)


@dataclass(frozen=True, slots=True)
class SessionChecklist:
    """The patient's eight answers before a session; each must be true to dose."""

    monitor_present: bool
    fasted_2h: bool
    no_driving_today: bool
    safe_place: bool
    no_alcohol_or_sedatives_24h: bool
    no_self_harm_thoughts: bool
    feeling_well: bool
    not_pregnant: bool

    def unmet(self) -> list[str]:
        """The items not answered true, in the order they are asked."""
        return [item for item in CHECKLIST_ITEMS if getattr(self, item) is not True]

    def as_dict(self) -> dict[str, bool]:
        return {item: getattr(self, item) for item in CHECKLIST_ITEMS}


@dataclass(frozen=True, slots=True)
class Supply:
    """The current prescription's fill on hand: its units, and the units taken since it came.

    ``prescription_dose_mg`` is the prescription's dose (units a dose x unit strength).
    """

    unit_mg: int
    prescription_dose_mg: int
    units: int
    units_used: int

    @property
    def units_left(self) -> int:
        return max(self.units - self.units_used, 0)


@dataclass(frozen=True, slots=True)
class DosingFacts:
    """What the record says about dosing now, gathered by the caller.

    ``plan_dose_mg`` and ``plan_doses_per_week`` are None without a treatment plan;
    ``prescription_doses_per_week`` is None without a current prescription (the latest one
    still active in status). ``supply`` is None when there is no active current
    prescription or no fill of it on hand. ``refused_checks`` and ``session_starts`` are
    the moments of earlier refused checks and sessions; ``latest_session_logged`` is None
    when there was never a session.
    """

    now: datetime
    zone: tzinfo
    has_plan: bool
    limits: SessionLimits
    plan_dose_mg: int | None
    plan_doses_per_week: int | None
    prescription_doses_per_week: int | None
    supply: Supply | None
    refused_checks: tuple[datetime, ...]
    session_starts: tuple[datetime, ...]
    latest_session_logged: bool | None
    open_holds: frozenset[Hold] = field(default_factory=frozenset)

    @property
    def today(self) -> date:
        return self.now.astimezone(self.zone).date()


@dataclass(frozen=True, slots=True)
class SessionVerdict:
    """The gate's answer: every refusal, or the dose offered now."""

    refusals: tuple[Refusal, ...]
    dose_mg: int | None

    @property
    def may_start(self) -> bool:
        return not self.refusals

    @property
    def codes(self) -> list[str]:
        return sorted({str(refusal.code) for refusal in self.refusals})


def check_session_start(
    facts: DosingFacts,
    readings: VitalSigns,
    checklist: SessionChecklist,
    policy: SafetyPolicy = DEFAULT_POLICY,
) -> SessionVerdict:
    """The verdict on one attempt to start a home session, with every refusal that applies."""
    refusals = [
        *check_vitals(readings, facts.limits, policy),
        *_refusals(
            (
                SessionRefusal.CHECKLIST_INCOMPLETE,
                _checklist_advice(checklist.unmet()),
                bool(checklist.unmet()),
            ),
        ),
        *dosing_blockers(facts, policy),
    ]
    dose = None if refusals else offered_dose_mg(facts)
    return SessionVerdict(tuple(refusals), dose)


def check_vitals(
    readings: VitalSigns, limits: SessionLimits, policy: SafetyPolicy = DEFAULT_POLICY
) -> list[Refusal]:
    """The readings' refusals: implausible (and then nothing else), high, low."""
    if not is_believable_reading(readings.systolic, readings.diastolic, readings.pulse):
        return [Refusal(SessionRefusal.VITALS_IMPLAUSIBLE, _IMPLAUSIBLE_ADVICE)]
    high = (
        readings.systolic >= limits.no_dose_systolic_from
        or readings.diastolic >= limits.no_dose_diastolic_from
        or readings.pulse > limits.no_dose_heart_rate_above
    )
    low = (
        readings.systolic < policy.low_systolic_below
        or readings.diastolic < policy.low_diastolic_below
        or readings.pulse < policy.low_pulse_below
    )
    very_high = is_very_high_blood_pressure(readings.systolic, readings.diastolic)
    return _refusals(
        (SessionRefusal.VITALS_HIGH, _high_advice(limits, very_high), high),
        (SessionRefusal.VITALS_LOW, _LOW_ADVICE, low),
    )


def dosing_blockers(facts: DosingFacts, policy: SafetyPolicy = DEFAULT_POLICY) -> list[Refusal]:
    """Every refusal that needs no readings: today's refused checks, the last dose, the
    week, the after-log, the plan, the supply and the holds."""
    now = facts.now
    recent_refusal = any(now - RECHECK_AFTER < at < now for at in facts.refused_checks)
    refused_today = [
        at
        for at in facts.refused_checks
        if at < now and at.astimezone(facts.zone).date() == facts.today
    ]
    last_dose_window = timedelta(hours=policy.hours_between_doses)
    too_soon = any(now - last_dose_window < at <= now for at in facts.session_starts)
    weekly_limit = _weekly_limit(facts)
    this_week = sum(1 for at in facts.session_starts if now - WEEK < at <= now)
    return [
        *_refusals(
            (SessionRefusal.RECHECK_TOO_SOON, _RECHECK_ADVICE, recent_refusal),
            (
                SessionRefusal.NO_DOSE_TODAY,
                _NO_DOSE_TODAY_ADVICE,
                len(refused_today) >= REFUSED_CHECKS_BEFORE_NO_DOSE_TODAY,
            ),
            (
                SessionRefusal.TOO_SOON_AFTER_LAST_DOSE,
                f"Your last dose was less than {policy.hours_between_doses} hours ago. "
                "Doses are at least that far apart.",
                too_soon,
            ),
            (
                SessionRefusal.WEEKLY_LIMIT_REACHED,
                f"You have had the {weekly_limit} sessions allowed in 7 days.",
                weekly_limit is not None and this_week >= weekly_limit,
            ),
            (
                SessionRefusal.AFTER_LOG_MISSING,
                "Please finish the questions about your last session first.",
                facts.latest_session_logged is False,
            ),
            (SessionRefusal.NO_PLAN, _NO_PLAN_ADVICE, not facts.has_plan),
            (SessionRefusal.NO_SUPPLY, _NO_SUPPLY_ADVICE, _no_supply(facts.supply)),
        ),
        *(
            Refusal(SessionRefusal(hold.refusal_code), hold.plain)
            for hold in sorted(facts.open_holds)
        ),
    ]


def _weekly_limit(facts: DosingFacts) -> int | None:
    """The lesser of the plan's and the prescription's doses a week; either alone when the
    other is missing; None when both are."""
    limits = [
        n for n in (facts.plan_doses_per_week, facts.prescription_doses_per_week) if n is not None
    ]
    return min(limits) if limits else None


def _no_supply(supply: Supply | None) -> bool:
    return supply is None or supply.units_used >= supply.units


def offered_dose_mg(facts: DosingFacts) -> int | None:
    """The dose offered: the lesser of the plan's dose, the prescription's dose, and what is
    left of the fill on hand. None when there is no plan or no supply."""
    supply = facts.supply
    if facts.plan_dose_mg is None or supply is None:
        return None
    return min(facts.plan_dose_mg, supply.prescription_dose_mg, supply.units_left * supply.unit_mg)


def recheck_from(facts: DosingFacts) -> datetime | None:
    """After a refused check: the moment the patient may measure again, or None when there
    is no wait, or no more checks today."""
    if _refused_today(facts) >= REFUSED_CHECKS_BEFORE_NO_DOSE_TODAY:
        return None
    recent = [at for at in facts.refused_checks if facts.now - RECHECK_AFTER < at <= facts.now]
    return max(recent) + RECHECK_AFTER if recent else None


def _refused_today(facts: DosingFacts) -> int:
    return sum(
        1
        for at in facts.refused_checks
        if at <= facts.now and at.astimezone(facts.zone).date() == facts.today
    )


def next_dose_from(facts: DosingFacts, policy: SafetyPolicy = DEFAULT_POLICY) -> datetime | None:
    """The earliest moment, from ``facts.now`` on, at which the session rules allow a dose:
    ``facts.now`` itself when one is allowed now. For the patient's home page.

    None when no dose is possible without the care team: no plan, no supply on hand (or
    none left), an open hold, or a weekly limit of 0. Otherwise the latest of: the last
    dose start plus ``policy.hours_between_doses``; when the week's doses are used up, the
    moment the oldest of them that counts is 7 days old (the lesser of the plan's and the
    prescription's doses a week, over a rolling 7 days of elapsed time); the last refused
    check plus 15 minutes; and, after two refused checks on the patient's calendar day,
    the start of their next day. The readings and the checklist are taken at the session,
    and a missing after-log is the patient's to write now, so neither moves the time.
    """
    if not facts.has_plan or _no_supply(facts.supply) or facts.open_holds:
        return None
    now = facts.now
    starts = sorted((at for at in facts.session_starts if at <= now), reverse=True)
    refused = [at for at in facts.refused_checks if at <= now]
    moments = [now]
    if starts:
        moments.append(starts[0] + timedelta(hours=policy.hours_between_doses))
    weekly_limit = _weekly_limit(facts)
    if weekly_limit is not None and weekly_limit <= 0:
        return None
    if weekly_limit is not None and len(starts) >= weekly_limit:
        moments.append(starts[weekly_limit - 1] + WEEK)
    if refused:
        moments.append(max(refused) + RECHECK_AFTER)
    earliest = max(moments)
    if (
        _refused_today(facts) >= REFUSED_CHECKS_BEFORE_NO_DOSE_TODAY
        and earliest.astimezone(facts.zone).date() == facts.today
    ):
        tomorrow = facts.today + timedelta(days=1)
        earliest = datetime.combine(tomorrow, datetime.min.time(), tzinfo=facts.zone)
    return earliest


def _refusals(*candidates: tuple[SessionRefusal, str, bool]) -> list[Refusal]:
    return [Refusal(code, advice) for code, advice, applies in candidates if applies]


def is_very_high_blood_pressure(systolic: int, diastolic: int) -> bool:
    """Whether a blood pressure is very high: 180 or more on top, or 110 or more below."""
    return systolic >= VERY_HIGH_SYSTOLIC or diastolic >= VERY_HIGH_DIASTOLIC


def _high_advice(limits: SessionLimits, very_high: bool) -> str:
    advice = (
        "Your blood pressure or pulse is too high for a dose right now. Sit and rest quietly "
        "for 15 minutes, then measure again. If it is still "
        f"{limits.no_dose_systolic_from}/{limits.no_dose_diastolic_from} or higher, or your "
        f"pulse is over {limits.no_dose_heart_rate_above}, there is no dose today."
    )
    if very_high:
        advice += (
            " Your reading is very high. If you have chest pain, a bad headache, trouble "
            f"breathing, weakness, or trouble seeing or speaking, call {NINE_ONE_ONE} now."
        )
    return advice


_LOW_ADVICE = (
    "Your blood pressure or pulse is too low for a dose right now. Sit or lie down, drink a "
    "glass of water, rest 15 minutes and measure again. If you feel faint or confused, call "
    f"{NINE_ONE_ONE}."
)
_IMPLAUSIBLE_ADVICE = (
    "Those numbers cannot be right, so no dose yet. Check the cuff is on your bare upper "
    "arm, sit quietly for 5 minutes, then measure again and enter the numbers as shown."
)
_RECHECK_ADVICE = (
    "Your last check was less than 15 minutes ago. Rest quietly until 15 minutes have passed, "
    "then measure again."
)
_NO_DOSE_TODAY_ADVICE = (
    "Two checks today did not allow a dose, so there is no dose today. Rest, and try again "
    "tomorrow. If this keeps happening, your care team will talk with you."
)
_NO_PLAN_ADVICE = (
    "You have no treatment plan in force, so no dose can be taken. Your care team will contact you."
)
_NO_SUPPLY_ADVICE = (
    "There is no medicine on hand for you from a current prescription: nothing delivered, "
    "or it is used up, or the prescription has ended. You can ask for a refill or message "
    "your care team."
)

_CHECKLIST_WORDS: Mapping[str, str] = {
    "monitor_present": (
        "Your treatment monitor needs to be with you, within earshot, for the whole session."
    ),
    "fasted_2h": "Wait until two hours have passed since you last ate. Sips of water are fine.",
    "no_driving_today": (
        "Do not drive or do anything risky for the rest of the day after a dose; if you "
        "cannot keep today free of that, skip today's session."
    ),
    "safe_place": "Find a bed, sofa or reclining chair where you can sit or lie down safely.",
    "no_alcohol_or_sedatives_24h": (
        "Alcohol or sedatives in the last 24 hours make a dose unsafe; skip today."
    ),
    "no_self_harm_thoughts": (
        f"If you are having thoughts of harming yourself, call or text {CRISIS_LINE} now, and "
        f"call {NINE_ONE_ONE} if you might act on them. Do not take a dose."
    ),
    "feeling_well": "If you feel unwell today, skip the dose and tell your care team.",
    "not_pregnant": ("If you might be pregnant, do not take a dose; message your care team today."),
}


def _checklist_advice(unmet: Iterable[str]) -> str:
    return " ".join(_CHECKLIST_WORDS[item] for item in unmet)


# After the session ------------------------------------------------------------------------


class SideEffect(StrEnum):
    """A side effect the patient can tick in the after-session log."""

    NAUSEA = "nausea"
    VOMITING = "vomiting"
    DIZZINESS = "dizziness"
    HEADACHE = "headache"
    CONFUSION = "confusion"
    ANXIETY = "anxiety"
    BLADDER_PAIN = "bladder_pain"
    URINARY_URGENCY = "urinary_urgency"
    BLOOD_IN_URINE = "blood_in_urine"
    CHEST_PAIN = "chest_pain"
    BREATHLESSNESS = "breathlessness"
    PALPITATIONS = "palpitations"
    FAINTING = "fainting"
    FALL_OR_INJURY = "fall_or_injury"


BLADDER_EFFECTS = frozenset(
    {SideEffect.BLADDER_PAIN, SideEffect.URINARY_URGENCY, SideEffect.BLOOD_IN_URINE}
)
SEVERE_EFFECTS = frozenset(
    {
        SideEffect.CHEST_PAIN,
        SideEffect.BREATHLESSNESS,
        SideEffect.FAINTING,
        SideEffect.FALL_OR_INJURY,
        SideEffect.BLOOD_IN_URINE,
    }
)


@dataclass(frozen=True, slots=True)
class BloodPressure:
    """A blood pressure reading after the session; either number may be missing."""

    systolic: int | None
    diastolic: int | None


@dataclass(frozen=True, slots=True)
class AfterSessionLog:
    """What the patient records when the session is over.

    ``pain_now`` and ``dissociation`` (how detached or dream-like it felt) are 0 to 10.
    """

    pain_now: int
    dissociation: int
    side_effects: frozenset[SideEffect] = field(default_factory=frozenset)
    blood_pressure: BloodPressure | None = None
    self_harm_thoughts: bool = False
    note: str = ""


def after_session_flags(log: AfterSessionLog) -> list[FlagKind]:
    """Every clinician flag the log raises, sorted by code."""
    effects = log.side_effects
    confused = SideEffect.CONFUSION in effects
    severe = (
        bool(effects & SEVERE_EFFECTS)
        or (confused and SideEffect.VOMITING in effects)
        or (confused and log.dissociation >= 10)
    )
    raised = {
        FlagKind.SELF_HARM: log.self_harm_thoughts,
        FlagKind.BLADDER: bool(effects & BLADDER_EFFECTS),
        FlagKind.SEVERE_REACTION: severe,
        FlagKind.VERY_HIGH_BP: _very_high_after(log),
        FlagKind.HIGH_DISSOCIATION: log.dissociation >= HIGH_DISSOCIATION_FROM,
        FlagKind.VOMITING: SideEffect.VOMITING in effects,
    }
    return sorted((flag for flag, applies in raised.items() if applies), key=str)


def _very_high_after(log: AfterSessionLog) -> bool:
    pressure = log.blood_pressure
    if pressure is None:
        return False
    return (pressure.systolic or 0) >= VERY_HIGH_SYSTOLIC or (
        pressure.diastolic or 0
    ) >= VERY_HIGH_DIASTOLIC


def validate_after_log(log: AfterSessionLog) -> list[str]:
    """Problems with an after-session log, in plain words; empty when it can be recorded."""
    problems = [
        f"{name} takes a whole number from 0 to 10."
        for name, value in (
            ("Pain now", log.pain_now),
            ("How detached it felt", log.dissociation),
        )
        if not 0 <= value <= 10
    ]
    pressure = log.blood_pressure
    if (
        pressure is not None
        and pressure.systolic is not None
        and pressure.diastolic is not None
        and not is_believable_blood_pressure(pressure.systolic, pressure.diastolic)
    ):
        problems.append("The blood pressure does not look right. Please check both numbers.")
    return problems


FLAG_ADVICE: Mapping[FlagKind, str] = {
    FlagKind.SELF_HARM: (
        f"Call or text {CRISIS_LINE} now to talk to someone (para español, oprima 2). If you "
        f"might act on these thoughts, call {NINE_ONE_ONE}. Ask your treatment monitor to stay "
        "with you. Your clinician has been told and will contact you today. No more doses "
        "until they have spoken with you."
    ),
    FlagKind.VERY_HIGH_BP: (
        "Sit quietly and measure your blood pressure again in 15 minutes. If you have chest "
        "pain, a bad headache, trouble breathing, weakness, or trouble seeing or speaking, "
        f"call {NINE_ONE_ONE} now. Your clinician has been told, and there are no more doses "
        "until they have spoken with you."
    ),
    FlagKind.SEVERE_REACTION: (
        "Lie on your side, not on your back, and have your treatment monitor stay with you. "
        "If you cannot be woken, struggle to breathe, have chest pain, or keep vomiting, they "
        f"should call {NINE_ONE_ONE}. Your clinician has been told, and there are no more "
        "doses until they have spoken with you."
    ),
    FlagKind.BLADDER: (
        "Drink water through the day. If you see blood in your urine, cannot pass urine, or "
        "have a fever, get urgent care today. Your clinician has been told, and there are no "
        "more doses until they have spoken with you."
    ),
    FlagKind.HIGH_DISSOCIATION: (
        "Feeling very detached can be frightening. Stay where you are with your monitor until "
        "it passes. Your clinician has been told and will review your dose."
    ),
    FlagKind.VOMITING: (
        "Lie on your side and sip water once the sickness settles. Your clinician has been "
        "told and will review your dose."
    ),
}
"""What the patient does now, for each flag the after-log can raise."""
