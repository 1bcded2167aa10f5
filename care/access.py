"""Who may write to a patient's clinical record: a clinician licensed in their state today."""

from accounts.models import User
from accounts.roles import Role
from credentials.actions import licensed_states
from foundation.refusals import Refused
from patients.models import Patient


class ClinicalRecordRefused(Refused):
    """What the clinician entered cannot be recorded; `reasons` says why, in plain words."""

    code = "clinical_record"


def check_may_treat(clinician: User, patient: Patient) -> None:
    """A clinician licensed in the patient's state today, or a refusal."""
    if Role.CLINICIAN not in clinician.roles or patient.state not in licensed_states(clinician.pk):
        raise ClinicalRecordRefused(
            ["Only a clinician licensed in the patient's state can record this."]
        )
