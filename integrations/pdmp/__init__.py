"""Look-ups of a state's prescription-monitoring programme (PDMP), behind one interface.

A clinician checks the patient's controlled-substance history in the state's programme
before every prescription, and the check is recorded (care.clinical.prescribing holds
the rule). ``PdmpGateway`` is what the care verbs call; behind it:

- ``LocalPdmp`` (local.py): no connection to any programme. The clinician looks the
  patient up on the programme's own website and attests to it, with the report's
  reference. For development, tests, and any practice without a connection.
- ``EforcseGateway`` (eforcse.py): Florida's E-FORCSE. Not built yet: it refuses to
  start without credentials (``NotConfigured``) and, with them, says plainly that the
  look-up is not available (``PdmpUnavailable``), never pretending to have checked.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class NotConfigured(Exception):
    """A gateway was asked for without the settings it needs; the message names them."""


class PdmpUnavailable(Exception):
    """The programme could not be looked up; the message says what to do instead."""


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
