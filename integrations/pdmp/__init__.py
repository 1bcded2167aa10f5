"""Look-ups of a state's prescription-monitoring programme (PDMP), behind one interface.

A clinician checks the patient's controlled-substance history in the state's programme
before every prescription, and the check is recorded (clinical.prescribing holds
the rule). ``PdmpGateway`` is what the care verbs call; behind it today only
``LocalPdmp`` (local.py): no connection to any programme. The clinician looks the patient
up on the programme's own website and attests to it, with the report's reference; a
production practice confirms that this is how it works (``PDMP_ATTESTATION_ALLOWED``).
A gateway that connects to a programme would implement the same protocol.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class PdmpReport:
    """The outcome of one look-up, as the care record keeps it.

    ``attested`` is True when the clinician looked the patient up themselves and
    attested to it, rather than the software fetching the report.
    """

    reference: str
    checked_at: dt.datetime
    summary: str
    state: str
    programme: str
    patient_ref: str
    clinician_ref: str
    attested: bool


class PdmpGateway(Protocol):
    def look_up(self, patient_ref: str, clinician_ref: str, state: str) -> PdmpReport:
        """Look up one patient for one clinician in the programme of ``state`` ("FL")."""
        ...
