"""Patient search for clinicians: by name, email address or date of birth, only in the
states where the clinician's licence counts today.

The term travels in a POST body, never in a URL, so no name reaches an address bar,
a browser history or a server log; the audit event records how many were found, not
what was searched for.
"""

import datetime

from django.db.models import Q, QuerySet

from accounts.models import User
from audit.events import record_event
from credentials.actions import licensed_states
from patients.models import Patient

MOST_RESULTS = 25
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y")


def _as_date(term: str) -> datetime.date | None:
    for written in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(term, written).date()  # noqa: DTZ007 — a bare date
        except ValueError:
            continue
    return None


def find_patients(states: frozenset[str], term: str) -> QuerySet[Patient]:
    """Patients in `states` whose name or email holds `term`, or born on the date it is."""
    matches = Q(legal_name__icontains=term) | Q(user__email__icontains=term)
    born = _as_date(term)
    if born is not None:
        matches |= Q(date_of_birth=born)
    return (
        Patient.objects.filter(state__in=sorted(states))
        .filter(matches)
        .only("public_id", "legal_name", "date_of_birth", "state", "status")
        .order_by("legal_name", "pk")
    )


def do_search_patients(user: User, term: str) -> tuple[list[Patient], bool]:
    """Up to `MOST_RESULTS` matches, and whether there were more; audited with the count."""
    states = licensed_states(user.pk)
    found = list(find_patients(states, term)[: MOST_RESULTS + 1]) if states else []
    shown = found[:MOST_RESULTS]
    record_event(
        "care.patients_searched",
        actor=user,
        detail={"found": len(shown), "more": len(found) > MOST_RESULTS},
    )
    return shown, len(found) > MOST_RESULTS
