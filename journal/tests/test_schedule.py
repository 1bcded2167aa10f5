from datetime import date

from journal.schedule import is_missed

MONDAY = date(2026, 11, 23)


def test_a_check_in_is_still_fine_the_day_after_it_was_due() -> None:
    assert not is_missed(MONDAY, date(2026, 11, 24), completed=False)


def test_a_check_in_is_missed_two_days_after_it_was_due() -> None:
    assert is_missed(MONDAY, date(2026, 11, 25), completed=False)


def test_a_completed_check_in_is_never_missed() -> None:
    assert not is_missed(MONDAY, date(2026, 12, 25), completed=True)


def test_reminders_go_out_from_9_to_20_local() -> None:
    from datetime import datetime, time

    from journal.schedule import is_reminder_hour

    day = date(2026, 11, 23)
    assert not is_reminder_hour(datetime.combine(day, time(8, 59)))
    assert is_reminder_hour(datetime.combine(day, time(9, 0)))
    assert is_reminder_hour(datetime.combine(day, time(20, 0)))
    assert not is_reminder_hour(datetime.combine(day, time(20, 0, 1)))


def test_a_check_in_is_reminded_of_on_its_day_only() -> None:
    from journal.schedule import check_in_reminder_due

    assert check_in_reminder_due(MONDAY, MONDAY, completed=False)
    assert not check_in_reminder_due(MONDAY, date(2026, 11, 24), completed=False)
    assert not check_in_reminder_due(MONDAY, MONDAY, completed=True)


def test_each_pathway_asks_its_own_instrument_once() -> None:
    from journal.instruments import InstrumentCode
    from journal.schedule import instruments_for

    assert instruments_for(["crps", "chronic_pain", "depression"]) == (
        InstrumentCode.PEG,
        InstrumentCode.PHQ9,
    )
    assert instruments_for(["anxiety", "ptsd"]) == (InstrumentCode.GAD7, InstrumentCode.PC_PTSD5)
    assert instruments_for(["mecfs"]) == (InstrumentCode.PEG,)
