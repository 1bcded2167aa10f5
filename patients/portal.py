"""The patient's own pages: who the signed-in patient is, fetched through the audited
access helper like every other look at a record."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.decorators import signed_in
from patients.access import Scope, access_patient
from patients.models import Patient

PatientView = Callable[..., HttpResponse]


def own_record(request: HttpRequest, *, scope: Scope, action: str) -> Patient | None:
    user = signed_in(request)
    patient = Patient.objects.filter(user=user).only("public_id").first()
    if patient is None:
        return None
    return access_patient(user, patient.public_id, scope=scope, action=action)


def patient_page(
    scope: Scope = Scope.DEMOGRAPHICS, action: str = "patient.viewed"
) -> Callable[[PatientView], PatientView]:
    """A page of the signed-in patient's own record; `patient` is passed to the view.

    Someone signed in without a record is sent to join (or, for staff, home).
    """

    def decorator(view: PatientView) -> PatientView:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            patient = own_record(request, scope=scope, action=action)
            if patient is None:
                user = signed_in(request)
                return redirect("accounts:home" if user.is_staff_member else "patients:join")
            return view(request, patient, *args, **kwargs)

        return wrapper

    return decorator
