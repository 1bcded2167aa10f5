"""The scopes added for joining: the photo ID (patient and coordinators only) and
messages (coordinators all, clinicians in their states)."""

from typing import Any

import pytest
from django.http import Http404

from patients.access import Scope, access_patient


@pytest.mark.parametrize(
    ("persona", "identity", "messages"),
    [
        ("coordinator", True, True),
        ("clinician_fl", False, True),
        ("clinician_nj", False, False),
        ("pharmacist", False, False),
        ("editor", False, False),
        ("admin_user", False, False),
        ("patient_nj", False, False),
    ],
)
def test_who_sees_what(
    request: Any, patient_fl: Any, persona: str, identity: bool, messages: bool
) -> None:
    user = request.getfixturevalue(persona)
    for scope, allowed in ((Scope.IDENTITY, identity), (Scope.MESSAGES, messages)):
        if allowed:
            access_patient(user, patient_fl.patient.public_id, scope=scope)
        else:
            with pytest.raises(Http404):
                access_patient(user, patient_fl.patient.public_id, scope=scope)


def test_a_patient_sees_every_part_of_their_own_record(patient_fl: Any) -> None:
    for scope in Scope:
        access_patient(patient_fl, patient_fl.patient.public_id, scope=scope)


def test_a_coordinator_still_sees_no_clinical_part(coordinator: Any, patient_fl: Any) -> None:
    with pytest.raises(Http404):
        access_patient(coordinator, patient_fl.patient.public_id, scope=Scope.CLINICAL)
