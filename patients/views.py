import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from patients.access import Scope, access_patient


@login_required
def record(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The header of a patient's record: who they are and where they stand."""
    patient = access_patient(request.user, public_id, scope=Scope.DEMOGRAPHICS)
    return render(request, "patients/record.html", {"patient": patient})
