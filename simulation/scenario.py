"""A ``manage.py simulate`` scenario: read, checked and filled in with the contract's defaults.

``read_scenario`` takes the decoded JSON and returns either a ``Scenario`` or every problem
at once, each named by its path (``colour``, ``patient.weight_kg``, ``action.dose_mg``,
``history[2].note``), as shared/contracts/clinical-safety.md asks. Pure Python: no Django,
no database, so a test can check every malformed input without either.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicearea.places import US_STATE_CODES

type Json = Any


class Problem(Exception):
    """One value that will not do; the caller adds where it was."""


@dataclass(frozen=True)
class Error:
    field: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


# Value checks: each takes the raw value and returns the clean one, or raises Problem. -----


def whole(minimum: int | None = None, maximum: int | None = None) -> Callable[[Json], int]:
    def check(value: Json) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Problem("must be a whole number")
        if minimum is not None and value < minimum:
            raise Problem(f"must be at least {minimum}")
        if maximum is not None and value > maximum:
            raise Problem(f"must be at most {maximum}")
        return value

    return check


def flag(value: Json) -> bool:
    if not isinstance(value, bool):
        raise Problem("must be true or false")
    return value


def one_of(*choices: str) -> Callable[[Json], str]:
    def check(value: Json) -> str:
        if value not in choices:
            raise Problem(f"must be one of {', '.join(choices)}")
        return str(value)

    return check


def state_code(value: Json) -> str:
    if not isinstance(value, str) or value not in US_STATE_CODES:
        raise Problem("must be a USPS state code, such as FL")
    return value


def state_codes(value: Json) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise Problem("must be a list of USPS state codes")
    return tuple(state_code(item) for item in value)


def day(value: Json) -> dt.date:
    if not isinstance(value, str):
        raise Problem("must be a date written YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Problem("must be a date written YYYY-MM-DD") from None


def instant(value: Json) -> dt.datetime:
    if not isinstance(value, str):
        raise Problem("must be a date and time with an offset, like 2026-12-10T09:00:00-05:00")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise Problem(
            "must be a date and time with an offset, like 2026-12-10T09:00:00-05:00"
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise Problem("must carry an offset from UTC, like -05:00")
    return moment


def zone_name(value: Json) -> str:
    if not isinstance(value, str):
        raise Problem("must be a time zone name, such as America/New_York")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise Problem("must be a time zone name, such as America/New_York") from None
    return value


def kilograms(value: Json) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Problem("must be a number of kg, or null")
    if not 0 < value < 500:
        raise Problem("must be more than 0 and less than 500 kg")
    return Fraction(str(value))


def text(value: Json) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Problem("must be words, not empty")
    return value


def nullable(check: Callable[[Json], Any]) -> Callable[[Json], Any]:
    def checked(value: Json) -> Any:
        return None if value is None else check(value)

    return checked


def subset_of(*choices: str) -> Callable[[Json], tuple[str, ...]]:
    def check(value: Json) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(item in choices for item in value):
            raise Problem(f"must be a list of: {', '.join(choices)}")
        return tuple(value)

    return check


REQUIRED = object()
"""A field with no default: leaving it out is a problem."""

type Spec = Mapping[str, tuple[Callable[[Json], Any], Any]]


# The contract's objects and their defaults ------------------------------------------------

PATIENT: Spec = {
    "state": (one_of("FL", "NJ"), "FL"),
    "time_zone": (zone_name, "America/New_York"),
    "date_of_birth": (day, dt.date(1980, 5, 17)),
    "weight_kg": (kilograms, Fraction(80)),
    "weight_on": (day, dt.date(2026, 11, 20)),
    "decision": (one_of("none", "approved", "declined", "paused"), "approved"),
    "diagnosis": (flag, True),
    "monitor": (flag, True),
    "id_verified": (flag, True),
    "consents_current": (flag, True),
    "subscription": (one_of("active", "past_due", "cancelled", "none"), "active"),
}

PRESCRIBER: Spec = {
    "licences": (state_codes, ("FL", "NJ")),
    "dea": (state_codes, ("FL", "NJ")),
    "special_registration": (flag, False),
}

DEFAULT_LIMITS = {"systolic": 160, "diastolic": 100, "pulse": 100}

LIMITS: Spec = {name: (whole(1, default), default) for name, default in DEFAULT_LIMITS.items()}

PRESCRIPTION_FIELDS: Spec = {
    "dose_mg": (whole(1), 150),
    "unit_mg": (whole(1), 75),
    "units_per_dose": (whole(1), 2),
    "doses_per_week": (whole(1), 3),
    "days_supply": (whole(1), 28),
    "refills": (whole(0), 2),
}

INSTRUMENT_ITEMS: Mapping[str, tuple[int, int, int]] = {
    "peg": (3, 0, 10),
    "phq9": (9, 0, 3),
    "gad7": (7, 0, 3),
    "pc_ptsd5": (5, 0, 1),
}
"""Each instrument's number of items, and the lowest and highest answer of each."""

HOLDS = ("suicidality", "bladder", "adverse_event")
SIDE_EFFECTS = (
    "nausea",
    "vomiting",
    "dizziness",
    "headache",
    "confusion",
    "anxiety",
    "bladder_pain",
    "urinary_urgency",
    "blood_in_urine",
    "chest_pain",
    "breathlessness",
    "palpitations",
    "fainting",
    "fall_or_injury",
)
CHECKLIST = (
    "monitor_present",
    "fasted_2h",
    "no_driving_today",
    "safe_place",
    "no_alcohol_or_sedatives_24h",
    "no_self_harm_thoughts",
    "feeling_well",
    "not_pregnant",
)

EVENTS: Mapping[str, Spec] = {
    "video_visit": {"with": (one_of("prescriber", "other"), "prescriber")},
    "in_person_evaluation": {},
    "pdmp_check": {
        "state": (state_code, None),
        "by": (one_of("prescriber", "other"), "prescriber"),
    },
    "prescription": {
        **PRESCRIPTION_FIELDS,
        "status": (one_of("active", "cancelled"), "active"),
    },
    "fill": {"units": (whole(1), None), "delivered": (flag, True)},
    "safety_check": {"result": (one_of("passed", "refused"), REQUIRED)},
    "session": {"dose_mg": (whole(1), None), "units": (whole(1), None), "after_log": (flag, True)},
    "check_in": {"instrument": (one_of(*INSTRUMENT_ITEMS), REQUIRED), "items": (list, REQUIRED)},
    "adverse_event": {"severity": (one_of("mild", "moderate", "serious"), REQUIRED)},
    "red_flag": {
        "kind": (one_of("self_harm", "bladder", "severe_reaction", "very_high_bp"), REQUIRED)
    },
    "cleared": {"hold": (one_of(*HOLDS), REQUIRED), "note": (text, REQUIRED)},
    "refill_request": {},
    "refill_approved": {},
}

ACTIONS: Mapping[str, Spec] = {
    "prescribe": PRESCRIPTION_FIELDS,
    "start_session": {
        "systolic": (whole(0), 124),
        "diastolic": (whole(0), 80),
        "pulse": (whole(0), 72),
    },
    "after_session": {
        "pain": (whole(0, 10), 3),
        "dissociation": (whole(0, 10), 4),
        "self_harm_thoughts": (flag, False),
        "systolic": (nullable(whole(50, 300)), None),
        "diastolic": (nullable(whole(30, 200)), None),
        "side_effects": (subset_of(*SIDE_EFFECTS), ()),
    },
    "check_in": {"instrument": (one_of(*INSTRUMENT_ITEMS), REQUIRED), "items": (list, REQUIRED)},
    "request_refill": {},
    "approve_refill": {},
}


@dataclass(frozen=True)
class Event:
    """One history event: when, which kind, and its fields with defaults filled in.

    ``index`` is its place in the input list, which error paths and tie-breaks use.
    """

    at: dt.datetime
    kind: str
    fields: Mapping[str, Any]
    index: int

    def __getitem__(self, name: str) -> Any:
        return self.fields[name]


@dataclass(frozen=True)
class Action:
    kind: str
    fields: Mapping[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.fields[name]


@dataclass(frozen=True)
class Plan:
    dose_mg: int
    doses_per_week: int
    limits: Mapping[str, int]


@dataclass(frozen=True)
class Scenario:
    now: dt.datetime
    patient: Mapping[str, Any]
    prescriber: Mapping[str, Any]
    plan: Plan | None
    history: tuple[Event, ...]
    action: Action

    def events(self, *kinds: str) -> list[Event]:
        """The history events of these kinds, in time order (input order on a tie)."""
        return [event for event in self.history if event.kind in kinds]


@dataclass
class _Reader:
    errors: list[Error] = field(default_factory=list)

    def problem(self, path: str, message: str) -> None:
        self.errors.append(Error(path, message))

    def object(self, value: Json, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, "must be an object")
            return None
        return value

    def fields(self, given: Mapping[str, Any], spec: Spec, path: str) -> dict[str, Any]:
        """The object's fields by the spec, defaults filled in; problems noted by path."""
        prefix = f"{path}." if path else ""
        for name in given:
            if name not in spec:
                self.problem(f"{prefix}{name}", "is not a field here")
        clean: dict[str, Any] = {}
        for name, (check, default) in spec.items():
            if name not in given:
                if default is REQUIRED:
                    self.problem(f"{prefix}{name}", "is required")
                else:
                    clean[name] = default
                continue
            try:
                clean[name] = check(given[name])
            except Problem as problem:
                self.problem(f"{prefix}{name}", str(problem))
            except (TypeError, ValueError):
                self.problem(f"{prefix}{name}", "is not the right kind of value")
        return clean


def read_scenario(raw: Json) -> Scenario | list[Error]:
    """The scenario, or every problem with it."""
    reader = _Reader()
    top = reader.object(raw, "scenario")
    if top is None:
        return reader.errors
    known = {"now", "patient", "prescriber", "plan", "history", "action"}
    for name in top:
        if name not in known:
            reader.problem(name, "is not a field of a scenario")
    now = _required(reader, top, "now", instant)
    patient = _section(reader, top, "patient", PATIENT)
    prescriber = _section(reader, top, "prescriber", PRESCRIBER)
    plan = _plan(reader, top)
    history = _history(reader, top.get("history", []), now)
    action = _action(reader, top)
    if (
        action is not None
        and action.kind == "after_session"
        and history is not None
        and not any(event.kind == "session" for event in history)
    ):
        reader.problem("history", "after_session needs a session in the history")
    born = (patient or {}).get("date_of_birth")
    if born is not None and now is not None and born > now.date():
        reader.problem("patient.date_of_birth", "is after now")
    if reader.errors or now is None or action is None or history is None:
        return reader.errors
    assert patient is not None and prescriber is not None
    return Scenario(now, patient, prescriber, plan, history, action)


def _required(reader: _Reader, top: Mapping[str, Any], name: str, check: Callable) -> Any:
    if name not in top:
        reader.problem(name, "is required")
        return None
    try:
        return check(top[name])
    except Problem as problem:
        reader.problem(name, str(problem))
        return None


def _section(reader: _Reader, top: Mapping[str, Any], name: str, spec: Spec) -> dict | None:
    given = reader.object(top.get(name, {}), name)
    return None if given is None else reader.fields(given, spec, name)


def _plan(reader: _Reader, top: Mapping[str, Any]) -> Plan | None:
    raw = top.get("plan", {})
    if raw is None:
        return None
    given = reader.object(raw, "plan")
    if given is None:
        return None
    spec: Spec = {"dose_mg": (whole(1), 150), "doses_per_week": (whole(1, 7), 3)}
    rest = {name: value for name, value in given.items() if name != "limits"}
    clean = reader.fields(rest, spec, "plan")
    limits_given = reader.object(given.get("limits", {}), "plan.limits")
    limits = reader.fields(limits_given or {}, LIMITS, "plan.limits")
    if "dose_mg" not in clean or "doses_per_week" not in clean:
        return None
    return Plan(clean["dose_mg"], clean["doses_per_week"], {**DEFAULT_LIMITS, **limits})


def _history(reader: _Reader, raw: Json, now: dt.datetime | None) -> tuple[Event, ...] | None:
    if not isinstance(raw, list):
        reader.problem("history", "must be a list of events")
        return None
    events = []
    for index, entry in enumerate(raw):
        path = f"history[{index}]"
        given = reader.object(entry, path)
        if given is None:
            continue
        kind = given.get("event")
        if not isinstance(kind, str) or kind not in EVENTS:
            reader.problem(
                f"{path}.event", "is required" if kind is None else "is not a kind of event"
            )
            continue
        at = None
        if "at" not in given:
            reader.problem(f"{path}.at", "is required")
        else:
            try:
                at = instant(given["at"])
            except Problem as problem:
                reader.problem(f"{path}.at", str(problem))
        if at is not None and now is not None and at >= now:
            reader.problem(f"{path}.at", "must be before now")
        rest = {name: value for name, value in given.items() if name not in {"at", "event"}}
        fields = reader.fields(rest, EVENTS[kind], path)
        if kind == "check_in":
            _check_items(reader, fields, path)
        if at is not None:
            events.append(Event(at, kind, fields, index))
    return tuple(sorted(events, key=lambda event: (event.at, event.index)))


def _action(reader: _Reader, top: Mapping[str, Any]) -> Action | None:
    if "action" not in top:
        reader.problem("action", "is required")
        return None
    given = reader.object(top["action"], "action")
    if given is None:
        return None
    kind = given.get("kind")
    if not isinstance(kind, str) or kind not in ACTIONS:
        reader.problem("action.kind", "is required" if kind is None else "is not a kind of action")
        return None
    rest = {name: value for name, value in given.items() if name != "kind"}
    checklist_given = rest.pop("checklist", {}) if kind == "start_session" else None
    fields = reader.fields(rest, ACTIONS[kind], "action")
    if kind == "check_in":
        _check_items(reader, fields, "action")
    if kind == "after_session":
        systolic, diastolic = fields.get("systolic"), fields.get("diastolic")
        if systolic is not None and diastolic is not None and diastolic >= systolic:
            reader.problem("action.diastolic", "must be lower than the systolic reading")
    if kind == "start_session":
        checklist = reader.object(checklist_given, "action.checklist")
        spec: Spec = dict.fromkeys(CHECKLIST, (flag, True))
        fields["checklist"] = reader.fields(checklist or {}, spec, "action.checklist")
    return Action(kind, fields)


def _check_items(reader: _Reader, fields: dict[str, Any], path: str) -> None:
    instrument, items = fields.get("instrument"), fields.get("items")
    if not isinstance(instrument, str) or instrument not in INSTRUMENT_ITEMS or items is None:
        return
    count, lowest, highest = INSTRUMENT_ITEMS[instrument]
    good = (
        isinstance(items, list)
        and len(items) == count
        and all(
            isinstance(item, int) and not isinstance(item, bool) and lowest <= item <= highest
            for item in items
        )
    )
    if not good:
        reader.problem(f"{path}.items", f"must be {count} whole numbers from {lowest} to {highest}")
