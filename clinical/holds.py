"""Holds: what stops dosing, prescribing and refills until a clinician clears it.

A hold has causes (a flag raised after a session or by a check-in, a serious adverse
event) and clearances (a clinician spoke with the patient and wrote a note). A hold is
open when one of its causes happened and no clearance of that hold came at or after the
latest cause: clearing covers everything up to its moment, and a new cause after it opens
the hold again. Holds are derived from the record each time, never stored as a switch
that could drift from it (shared/contracts/clinical-safety.md, "Holds").
"""

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum


class Hold(StrEnum):
    SUICIDALITY = "suicidality"
    BLADDER = "bladder"
    ADVERSE_EVENT = "adverse_event"

    @property
    def refusal_code(self) -> str:
        """The refusal every gate reports while this hold is open."""
        return f"{self.value}_hold"

    @property
    def plain(self) -> str:
        """What the hold is about, in words for the patient."""
        return _PLAIN[self]


class FlagKind(StrEnum):
    """A clinician flag: something the care team must look at, raised by a report."""

    SELF_HARM = "self_harm"
    SUICIDALITY = "suicidality"
    BLADDER = "bladder"
    SEVERE_REACTION = "severe_reaction"
    VERY_HIGH_BP = "very_high_bp"
    HIGH_DISSOCIATION = "high_dissociation"
    VOMITING = "vomiting"
    MISSED_CHECK_IN = "missed_check_in"
    NO_AFTER_LOG = "no_after_log"
    """A session started and no after-log came within hours: a welfare check."""

    @property
    def hold(self) -> Hold | None:
        """The hold this flag opens, or None when the clinician reviews it without one."""
        return FLAG_OPENS_HOLD.get(self)

    @property
    def urgent(self) -> bool:
        """Whether a clinician must acknowledge it within the escalation window."""
        return self in URGENT_FLAGS


FLAG_OPENS_HOLD: Mapping[FlagKind, Hold] = {
    FlagKind.SELF_HARM: Hold.SUICIDALITY,
    FlagKind.SUICIDALITY: Hold.SUICIDALITY,
    FlagKind.BLADDER: Hold.BLADDER,
    FlagKind.SEVERE_REACTION: Hold.ADVERSE_EVENT,
    FlagKind.VERY_HIGH_BP: Hold.ADVERSE_EVENT,
}
"""Which flags open which hold. A serious adverse event opens ``Hold.ADVERSE_EVENT`` too."""

URGENT_FLAGS = frozenset(
    {
        FlagKind.SELF_HARM,
        FlagKind.SUICIDALITY,
        FlagKind.SEVERE_REACTION,
        FlagKind.VERY_HIGH_BP,
        FlagKind.NO_AFTER_LOG,
    }
)
"""Flags a clinician must see to quickly: unacknowledged ones are escalated."""

CRISIS_FLAGS = frozenset({FlagKind.SELF_HARM, FlagKind.SUICIDALITY})
"""Flags that put 988 and 911 in front of the patient at once."""

_PLAIN: Mapping[Hold, str] = {
    Hold.SUICIDALITY: (
        "You told us about thoughts of ending your life or hurting yourself. Your clinician "
        "will talk with you before any more doses, prescriptions or refills."
    ),
    Hold.BLADDER: (
        "You reported bladder symptoms. Ketamine can irritate the bladder, so your clinician "
        "will talk with you before any more doses, prescriptions or refills."
    ),
    Hold.ADVERSE_EVENT: (
        "You had a serious reaction or a very high blood pressure. Your clinician will talk "
        "with you before any more doses, prescriptions or refills."
    ),
}


def open_holds(
    causes: Iterable[tuple[Hold, datetime]], clearances: Iterable[tuple[Hold, datetime]]
) -> frozenset[Hold]:
    """The holds open given each cause and each clearance, with when it happened.

    Only causes and clearances up to the moment asked about should be passed in.
    """
    latest_cause: dict[Hold, datetime] = {}
    for hold, at in causes:
        if hold not in latest_cause or at > latest_cause[hold]:
            latest_cause[hold] = at
    latest_clearance: dict[Hold, datetime] = {}
    for hold, at in clearances:
        if hold not in latest_clearance or at > latest_clearance[hold]:
            latest_clearance[hold] = at
    return frozenset(
        hold
        for hold, caused_at in latest_cause.items()
        if hold not in latest_clearance or latest_clearance[hold] < caused_at
    )
