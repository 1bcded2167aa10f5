"""Patient search for clinicians: by name, email address, date of birth or the patient's
id (as in the address of their chart), only in the states where the clinician's licence
counts today.

Each way of matching is its own query on its own index (on PostgreSQL, trigram indexes on
names and email addresses: migrations patients 0004 and accounts 0003), joined by UNION,
so a search reads the patients that match, never every patient. On PostgreSQL each way
reads only its first page by name: a name many patients share is found by walking the
state's index of names in order (``patient_by_name``) until the page is full, not by
sorting every patient who shares it.

The term travels in a POST body, never in a URL, so no name reaches an address bar,
a browser history or a server log; the audit event records how many were found, not
what was searched for.
"""

import datetime
import uuid

from django.db import connections, router
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


def _as_public_id(term: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(term.strip())
    except ValueError:
        return None


def find_patients(states: frozenset[str], term: str, most: int | None = None) -> QuerySet[Patient]:
    """Patients in `states` whose name or email holds `term`, born on the date it is, or
    whose id it is, by name; the first `most` of them when given.

    With `most`, and where the database allows a limit inside a UNION (PostgreSQL), each way
    of matching in each state reads only its own first `most` by name: a common name stops
    after as many of that state's entries in the name index as it takes to find them,
    rather than sorting every match.
    """
    ways = [Q(legal_name__icontains=term), Q(user__email__icontains=term)]
    born = _as_date(term)
    if born is not None:
        ways.append(Q(date_of_birth=born))
    public_id = _as_public_id(term)
    if public_id is not None:
        ways.append(Q(public_id=public_id))
    database = connections[router.db_for_read(Patient)]
    if most is not None and database.features.supports_slicing_ordering_in_compound:
        matching = [
            Patient.objects.filter(way, state=state)
            .order_by("legal_name", "pk")
            .values("pk")[:most]
            for state in sorted(states)
            for way in ways
        ]
    else:
        within = Patient.objects.filter(state__in=sorted(states))
        matching = [within.filter(way).values("pk") for way in ways]
    first, *others = matching
    found = (
        Patient.objects.filter(pk__in=first.union(*others))
        .only("public_id", "legal_name", "date_of_birth", "state", "status")
        .order_by("legal_name", "pk")
    )
    return found if most is None else found[:most]


def do_search_patients(user: User, term: str) -> tuple[list[Patient], bool]:
    """Up to `MOST_RESULTS` matches, and whether there were more; audited with the count."""
    states = licensed_states(user.pk)
    found = list(find_patients(states, term, MOST_RESULTS + 1)) if states else []
    shown = found[:MOST_RESULTS]
    record_event(
        "care.patients_searched",
        actor=user,
        detail={"found": len(shown), "more": len(found) > MOST_RESULTS},
    )
    return shown, len(found) > MOST_RESULTS
