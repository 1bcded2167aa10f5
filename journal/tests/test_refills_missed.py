"""The refill gate holds refills while a scheduled check-in is missed."""

from dataclasses import replace

from journal.refills import RefillOutcome, RefillRefusal, check_refill_gate
from journal.tests.test_refills import GOOD


def test_a_missed_check_in_holds_the_refill_with_plain_words() -> None:
    decision = check_refill_gate(replace(GOOD, missed_check_ins=1))
    assert decision.outcome is RefillOutcome.REFUSED
    assert decision.refusals == (RefillRefusal.MISSED_CHECK_IN,)
    assert decision.reasons == (
        "A check-in you were due to complete is overdue, so refills are on hold. "
        "Please complete it; then you can ask again.",
    )


def test_no_missed_check_in_is_no_hold() -> None:
    assert not check_refill_gate(replace(GOOD, missed_check_ins=0)).refused


def test_a_recent_check_in_does_not_lift_the_hold_of_a_missed_one() -> None:
    decision = check_refill_gate(replace(GOOD, last_check_in_on=GOOD.today, missed_check_ins=2))
    assert decision.refusals == (RefillRefusal.MISSED_CHECK_IN,)


def test_facts_without_the_count_mean_none_missed() -> None:
    assert GOOD.missed_check_ins == 0
