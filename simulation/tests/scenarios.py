"""Scenario builders for the simulate tests: a patient ready for treatment, in a few words.

A scenario states only what differs from a patient who is ready (the contract's defaults),
as the worked examples in shared/scenarios do. Times are written relative to ``now``, so a
test reads "a PDMP check 24 hours before now" rather than a date to work out.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from simulation.run import simulate
from simulation.scenario import Scenario, read_scenario

EST = dt.timezone(dt.timedelta(hours=-5))
UTC = dt.UTC
NOW = dt.datetime(2026, 12, 10, 9, 0, tzinfo=EST)
"""The examples' now: Thursday 10 December 2026, 09:00 in New York."""

type Json = dict[str, Any]


def moment(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def before(
    now: dt.datetime = NOW,
    *,
    days: float = 0,
    hours: float = 0,
    minutes: float = 0,
    seconds: float = 0,
) -> str:
    """The instant that long before ``now``, written as the scenario writes it."""
    return (
        now - dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    ).isoformat()


def event(name: str, /, at: str | dt.datetime, **fields: Any) -> Json:
    """A history event (``fields`` may be named ``kind``, as a red flag's is)."""
    return {"at": at if isinstance(at, str) else at.isoformat(), "event": name, **fields}


def action(name: str, /, **fields: Any) -> Json:
    return {"kind": name, **fields}


def scenario(
    act: Json, history: Iterable[Json] = (), *, now: dt.datetime | str = NOW, **sections: Any
) -> Json:
    """A whole scenario: ``sections`` are patient, prescriber, plan, or anything else."""
    return {
        "now": now if isinstance(now, str) else now.isoformat(),
        "history": list(history),
        "action": act,
        **sections,
    }


# Histories --------------------------------------------------------------------------------


def ready_to_prescribe(now: dt.datetime = NOW) -> list[Json]:
    """A video visit with the prescriber 2 days ago and a PDMP check 2 hours ago."""
    return [
        event("video_visit", before(now, days=2)),
        event("pdmp_check", before(now, hours=2)),
    ]


SESSION_DAYS = (13, 11, 6, 4)
"""The sessions of a patient in treatment, in days before now (as in ss_ready.json)."""


def in_treatment(
    now: dt.datetime = NOW,
    *,
    prescription: Json | None = None,
    issued_days_ago: float = 30,
    fill: Json | None = None,
    sessions: Iterable[float | Json] = SESSION_DAYS,
    check_in_days_ago: float | None = 3,
) -> list[Json]:
    """A patient in treatment, as in ss_ready.json: a prescription 30 days ago (150 mg,
    2 x 75 mg, 3 a week, 28 days: 24 units), its fill delivered 28 days ago, sessions of
    2 units (``sessions``: days before now, or whole session events), a check-in 3 days
    ago (None: none)."""
    history = [
        event("video_visit", before(now, days=issued_days_ago + 1)),
        event("pdmp_check", before(now, days=issued_days_ago, hours=1)),
        event("prescription", before(now, days=issued_days_ago), **(prescription or {})),
        event("fill", before(now, days=issued_days_ago - 2), **(fill or {})),
    ]
    for session in sessions:
        if isinstance(session, dict):
            history.append(session)
        else:
            history.append(event("session", before(now, days=session)))
    if check_in_days_ago is not None:
        history.append(
            event(
                "check_in", before(now, days=check_in_days_ago), instrument="peg", items=[4, 4, 3]
            )
        )
    return history


def sessions_using(units: int, *, first_days_ago: int = 27) -> list[Json]:
    """Sessions, one a day from ``first_days_ago``, taking ``units`` units in all (2 at a
    time, the last 1 when the number is odd)."""
    sessions = []
    day = first_days_ago
    while units > 0:
        taken = min(units, 2)
        sessions.append(event("session", before(days=day), units=taken))
        units -= taken
        day -= 1
    return sessions


PHQ9_CLEAR = [1, 1, 1, 1, 1, 1, 1, 1, 0]


# Running ----------------------------------------------------------------------------------


def read(raw: Json) -> Scenario:
    scenario_or_errors = read_scenario(raw)
    assert isinstance(scenario_or_errors, Scenario), scenario_or_errors
    return scenario_or_errors


def run(raw: Json) -> Json:
    """The command's output for a valid scenario, run in-process (inside a django_db test)."""
    return simulate(read(raw))


def refusals(raw: Json) -> list[str]:
    return list(run(raw)["refusals"])


def error_fields(raw: Any) -> list[str]:
    """The fields named by the errors of an invalid scenario, sorted."""
    result = read_scenario(raw)
    assert isinstance(result, list), "the scenario was read as valid"
    assert all(error.message for error in result)
    return sorted({error.field for error in result})
