"""A session started with no after-log 6 hours later raises one welfare flag."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from care.models import ClinicianFlag
from clinical.holds import FlagKind
from journal import actions
from journal.models import HomeSession
from journal.reminders import flag_sessions_without_after_log
from journal.tests.helpers import QUIET, start, treated


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Any:
    return treated(clinician_fl)


def welfare_flags() -> list[ClinicianFlag]:
    return list(ClinicianFlag.objects.filter(reason=FlagKind.NO_AFTER_LOG))


@pytest.mark.parametrize(("hours", "flagged"), [(5.99, False), (6, True)])
def test_six_hours_without_an_after_log_raise_a_welfare_flag(
    patient: Any, hours: float, flagged: bool
) -> None:
    session = start(patient)
    later = session.started_at + dt.timedelta(hours=hours)
    assert flag_sessions_without_after_log(later) == int(flagged)
    assert len(welfare_flags()) == int(flagged)


def test_the_welfare_flag_is_raised_once_and_is_urgent(patient: Any) -> None:
    session = start(patient)
    later = session.started_at + dt.timedelta(hours=7)
    flag_sessions_without_after_log(later)
    flag_sessions_without_after_log(later + dt.timedelta(minutes=15))
    (flag,) = welfare_flags()
    assert FlagKind(flag.reason).urgent
    session.refresh_from_db()
    assert session.welfare_flagged_at == later


def test_a_session_with_its_after_log_raises_nothing(patient: Any) -> None:
    session = start(patient)
    actions.do_finish_home_session(session, by=patient.user, after_log=QUIET)
    assert flag_sessions_without_after_log(timezone.now() + dt.timedelta(hours=12)) == 0
    assert HomeSession.objects.get().welfare_flagged_at is None
