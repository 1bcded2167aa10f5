"""Twenty signs of one prescription at once leave one prescription (a double-click, two
tabs): the patient's row is locked before the gate reads, so the second sign meets
``active_prescription_exists``."""

from typing import Any

from care import actions
from care.models import Prescription
from care.tests.workspace import GOOD_PRESCRIPTION, approved_with_plan, candidate, pdmp_checked
from tests.races import THREADS, all_at_once, on_postgresql

pytestmark = on_postgresql


def test_20_signs_at_once_make_one_prescription(transactional_db: Any, clinician_fl: Any) -> None:
    patient = candidate()
    approved_with_plan(patient, clinician_fl)
    pdmp_checked(patient, clinician_fl)
    results, errors = all_at_once(
        lambda: actions.do_issue_prescription(patient, by=clinician_fl, choices=GOOD_PRESCRIPTION),
        expected=(actions.PrescribingRefused,),
    )
    assert len(results) == 1 and len(errors) == THREADS - 1
    assert all(
        isinstance(error, actions.PrescribingRefused)
        and error.codes == {"active_prescription_exists"}
        for error in errors
    )
    assert Prescription.objects.filter(patient=patient).count() == 1
