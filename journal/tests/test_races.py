"""Twenty taps on "start" at once start one session: the patient's row is locked before
the gate reads, so every other attempt meets ``too_soon_after_last_dose``."""

from typing import Any

from journal.models import HomeSession, SafetyCheck
from journal.tests.helpers import attempt, treated
from tests.races import THREADS, all_at_once, on_postgresql

pytestmark = on_postgresql


def test_20_session_starts_at_once_start_one_session(
    transactional_db: Any, clinician_fl: Any
) -> None:
    patient = treated(clinician_fl)
    results, errors = all_at_once(lambda: attempt(patient))
    assert errors == []
    started = [result for result in results if result.allowed]
    assert len(started) == 1
    refused = [result for result in results if not result.allowed]
    assert len(refused) == THREADS - 1
    assert all("too_soon_after_last_dose" in result.verdict.codes for result in refused)
    assert HomeSession.objects.filter(patient=patient).count() == 1
    assert SafetyCheck.objects.filter(patient=patient, passed=False).count() == THREADS - 1
