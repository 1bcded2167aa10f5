from datetime import date

import pytest

from clinical.schedule import is_missed

MONDAY = date(2026, 11, 23)


def test_a_check_in_is_still_fine_the_day_after_it_was_due() -> None:
    assert not is_missed(MONDAY, date(2026, 11, 24), completed=False)


def test_a_check_in_is_missed_two_days_after_it_was_due() -> None:
    assert is_missed(MONDAY, date(2026, 11, 25), completed=False)


def test_a_completed_check_in_is_never_missed() -> None:
    assert not is_missed(MONDAY, date(2026, 12, 25), completed=True)


def test_reminders_go_out_from_9_to_20_local() -> None:
    from datetime import datetime, time

    from clinical.schedule import is_reminder_hour

    day = date(2026, 11, 23)
    assert not is_reminder_hour(datetime.combine(day, time(8, 59)))
    assert is_reminder_hour(datetime.combine(day, time(9, 0)))
    assert is_reminder_hour(datetime.combine(day, time(20, 0)))
    assert not is_reminder_hour(datetime.combine(day, time(20, 0, 1)))


def test_a_check_in_is_reminded_of_on_its_day_only() -> None:
    from clinical.schedule import check_in_reminder_due

    assert check_in_reminder_due(MONDAY, MONDAY, completed=False)
    assert not check_in_reminder_due(MONDAY, date(2026, 11, 24), completed=False)
    assert not check_in_reminder_due(MONDAY, MONDAY, completed=True)


def test_each_pathway_asks_its_own_instrument_once_and_everyone_the_phq9() -> None:
    from clinical.schedule import instruments_for
    from questionnaires.instruments import InstrumentCode

    assert instruments_for(["crps", "chronic_pain", "depression"]) == (
        InstrumentCode.PEG,
        InstrumentCode.PHQ9,
    )
    assert instruments_for(["crps"]) == (InstrumentCode.PEG, InstrumentCode.PHQ9)
    assert instruments_for(["anxiety"]) == (InstrumentCode.PHQ9, InstrumentCode.GAD7)
    assert instruments_for(["mecfs"]) == (InstrumentCode.PEG, InstrumentCode.PHQ9)
    assert instruments_for([]) == (InstrumentCode.PEG, InstrumentCode.PHQ9)


def test_ptsd_is_followed_with_the_pcl5_not_the_pc_ptsd5_screen() -> None:
    from clinical.schedule import instruments_for
    from questionnaires.instruments import InstrumentCode

    assert instruments_for(["ptsd"]) == (InstrumentCode.PHQ9, InstrumentCode.PCL5)
    assert InstrumentCode.PC_PTSD5 not in instruments_for(["ptsd", "anxiety", "crps"])


@pytest.mark.parametrize(
    ("plan_days", "phq9_days"), [(1, 1), (7, 7), (27, 27), (28, 28), (29, 28), (42, 28)]
)
def test_the_phq9_comes_at_the_plans_interval_or_after_28_days_whichever_is_sooner(
    plan_days: int, phq9_days: int
) -> None:
    from clinical.schedule import check_in_every_days
    from questionnaires.instruments import InstrumentCode

    assert check_in_every_days(InstrumentCode.PHQ9, plan_days) == phq9_days
    assert check_in_every_days(InstrumentCode.PEG, plan_days) == plan_days
    assert check_in_every_days(InstrumentCode.PCL5, plan_days) == plan_days


def test_without_a_plan_every_check_in_comes_a_week_on() -> None:
    from clinical.schedule import check_in_every_days
    from questionnaires.instruments import InstrumentCode

    assert check_in_every_days(InstrumentCode.PHQ9, None) == 7
    assert check_in_every_days(InstrumentCode.GAD7, None) == 7
