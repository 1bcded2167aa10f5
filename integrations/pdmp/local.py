"""The local PDMP gateway: records the clinician's attested look-up, nothing more."""

import datetime as dt
import re
from collections.abc import Callable

from clinical.prescribing import pdmp_programme
from integrations.pdmp import PdmpReport

LONGEST_REFERENCE = 100
LONGEST_SUMMARY = 2000
_STATE = re.compile(r"^[A-Z]{2}$")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class LocalPdmp:
    """A gateway with no connection: the clinician looked the patient up and attests to it.

    Built for one look-up with what the clinician entered (the report's reference and a
    short summary of what it showed). The same attestation and the same clock always give
    the same report, so development and tests are repeatable.
    """

    def __init__(
        self, *, reference: str, summary: str, clock: Callable[[], dt.datetime] = utc_now
    ) -> None:
        self.reference = reference.strip()
        self.summary = summary.strip()
        self.clock = clock
        if not self.reference:
            raise ValueError("Enter the reference of the PDMP report you looked at.")
        if len(self.reference) > LONGEST_REFERENCE:
            raise ValueError(f"The report reference is longer than {LONGEST_REFERENCE} characters.")
        if not self.summary:
            raise ValueError("Say in a few words what the PDMP report showed.")
        if len(self.summary) > LONGEST_SUMMARY:
            raise ValueError(f"The summary is longer than {LONGEST_SUMMARY} characters.")

    def look_up(self, patient_ref: str, clinician_ref: str, state: str) -> PdmpReport:
        if not patient_ref or not clinician_ref:
            raise ValueError("A PDMP look-up needs both the patient and the clinician.")
        if not _STATE.match(state):
            raise ValueError(f"{state!r} is not a two-letter state code.")
        checked_at = self.clock()
        if checked_at.tzinfo is None or checked_at.utcoffset() is None:
            raise ValueError("The clock must give a time with a time zone.")
        return PdmpReport(
            reference=self.reference,
            checked_at=checked_at,
            summary=self.summary,
            state=state,
            programme=pdmp_programme(state),
            patient_ref=patient_ref,
            clinician_ref=clinician_ref,
            attested=True,
        )
