"""Patient search for clinicians: by name, email address or date of birth, only in the
states where the clinician's licence counts today.

The term travels in a POST body, never in a URL, so no name reaches an address bar,
a browser history or a server log; the audit event records how many were found, not
what was searched for.
"""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.roles import Role
from audit.events import record_event
from care.forms import PatientSearchForm
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


def do_search_patients(user: Any, term: str) -> tuple[list[Patient], bool]:
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


@never_cache
@role_required(Role.CLINICIAN)
@require_http_methods(["GET", "POST"])
def patient_search(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = PatientSearchForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {
        "form": form,
        "states": sorted(licensed_states(user.pk, on=timezone.localdate())),
    }
    if form.is_bound and form.is_valid():
        patients, more = do_search_patients(user, form.cleaned_data["term"])
        context.update(searched=True, patients=patients, more=more)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "care/search.html", context, status=status)
