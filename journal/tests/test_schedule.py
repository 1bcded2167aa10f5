from datetime import date

from journal.schedule import is_missed

MONDAY = date(2026, 11, 23)


def test_a_check_in_is_still_fine_the_day_after_it_was_due() -> None:
    assert not is_missed(MONDAY, date(2026, 11, 24), completed=False)


def test_a_check_in_is_missed_two_days_after_it_was_due() -> None:
    assert is_missed(MONDAY, date(2026, 11, 25), completed=False)


def test_a_completed_check_in_is_never_missed() -> None:
    assert not is_missed(MONDAY, date(2026, 12, 25), completed=True)
