"""The refill gate as a pure function: every refusal, on and either side of its edge, and
the early-refill flag. ``simulation/tests`` checks the same gate through the verbs."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from clinical.holds import Hold
from clinical.policy import DEFAULT_POLICY
from clinical.refills import (
    FillOnHand,
    RefillFacts,
    RefillFlag,
    RefillRefusal,
    check_refill_gate,
)

NOW = datetime(2026, 12, 10, 9, 0, tzinfo=ZoneInfo("America/New_York"))
GOOD = RefillFacts(
    now=NOW,
    today=NOW.date(),
    prescription_issued_on=date(2026, 11, 10),
    refills_allowed=2,
    refills_used=0,
    subscription_active=True,
    last_check_in_at=NOW - timedelta(days=3),
    fill_on_hand=FillOnHand(units=24, units_used=18),
)


def refusals(approving: bool = False, **changes: object) -> tuple[RefillRefusal, ...]:
    facts = replace(GOOD, **changes)  # type: ignore[arg-type]
    return check_refill_gate(facts, approving=approving).refusals


def test_a_request_meeting_every_rule_goes_to_the_clinician_unflagged() -> None:
    decision = check_refill_gate(GOOD, approving=False)
    assert not decision.refused
    assert decision.flags == ()
    assert decision.prescription_expires_on == date(2027, 5, 10)


def test_without_an_active_prescription_only_what_needs_none_is_asked() -> None:
    assert refusals(prescription_issued_on=None, fill_on_hand=None) == (
        RefillRefusal.NO_ACTIVE_PRESCRIPTION,
        RefillRefusal.TOO_EARLY,
    )
    assert refusals(True, prescription_issued_on=None, fill_on_hand=None, pending_request=True) == (
        RefillRefusal.NO_ACTIVE_PRESCRIPTION,
    )


@pytest.mark.parametrize(
    ("today", "expired"), [(date(2027, 5, 10), False), (date(2027, 5, 11), True)]
)
def test_a_prescription_may_be_refilled_up_to_six_months_after_issue(
    today: date, expired: bool
) -> None:
    moment = datetime.combine(today, NOW.timetz())
    found = refusals(today=today, now=moment, last_check_in_at=moment)
    assert (RefillRefusal.PRESCRIPTION_EXPIRED in found) is expired


def test_six_months_after_31_august_is_the_last_day_of_february() -> None:
    last = datetime(2027, 2, 28, 9, 0, tzinfo=NOW.tzinfo)
    assert (
        refusals(
            prescription_issued_on=date(2026, 8, 31),
            today=last.date(),
            now=last,
            last_check_in_at=last,
        )
        == ()
    )
    after = last + timedelta(days=1)
    assert refusals(
        prescription_issued_on=date(2026, 8, 31),
        today=after.date(),
        now=after,
        last_check_in_at=after,
    ) == (RefillRefusal.PRESCRIPTION_EXPIRED,)


@pytest.mark.parametrize(("used", "refused"), [(1, False), (2, True), (3, True)])
def test_refills_are_counted_against_those_allowed(used: int, refused: bool) -> None:
    assert (RefillRefusal.NO_REFILLS_LEFT in refusals(refills_used=used)) is refused


def test_a_lapsed_subscription_refuses() -> None:
    assert refusals(subscription_active=False) == (RefillRefusal.SUBSCRIPTION_NOT_ACTIVE,)


@pytest.mark.parametrize(
    ("ago", "refused"),
    [
        (timedelta(days=14), False),
        (timedelta(days=14, seconds=1), True),
        (None, True),
    ],
)
def test_a_check_in_is_needed_in_the_last_14_days(ago: timedelta | None, refused: bool) -> None:
    last = None if ago is None else NOW - ago
    assert (RefillRefusal.NO_RECENT_CHECK_IN in refusals(last_check_in_at=last)) is refused


def test_a_missed_check_in_holds_refills_however_recent_the_last_one() -> None:
    assert refusals(missed_check_ins=1) == (RefillRefusal.MISSED_CHECK_IN,)


@pytest.mark.parametrize("hold", list(Hold))
def test_every_hold_refuses_asking_and_approving(hold: Hold) -> None:
    code = RefillRefusal(hold.refusal_code)
    assert refusals(open_holds=frozenset({hold})) == (code,)
    assert refusals(True, open_holds=frozenset({hold}), pending_request=True) == (code,)


@pytest.mark.parametrize(
    ("used", "refused", "flags"),
    [
        (0, True, ()),
        (11, True, ()),
        (12, False, (RefillFlag.EARLY_REFILL,)),
        (17, False, (RefillFlag.EARLY_REFILL,)),
        (18, False, ()),
        (24, False, ()),
    ],
)
def test_half_the_fill_must_be_taken_and_under_three_quarters_is_early(
    used: int, refused: bool, flags: tuple[RefillFlag, ...]
) -> None:
    decision = check_refill_gate(replace(GOOD, fill_on_hand=FillOnHand(24, used)), approving=False)
    assert (RefillRefusal.TOO_EARLY in decision.refusals) is refused
    assert decision.flags == flags


def test_no_fill_on_hand_is_too_early_to_ask() -> None:
    assert refusals(fill_on_hand=None) == (RefillRefusal.TOO_EARLY,)


def test_an_early_request_that_is_refused_is_not_flagged() -> None:
    decision = check_refill_gate(
        replace(GOOD, fill_on_hand=FillOnHand(24, 12), subscription_active=False),
        approving=False,
    )
    assert decision.flags == ()


def test_approval_needs_a_waiting_request_and_ignores_how_much_was_taken() -> None:
    assert refusals(True) == (RefillRefusal.NO_PENDING_REQUEST,)
    assert refusals(True, pending_request=True, fill_on_hand=None) == ()


def test_a_stricter_policy_asks_for_more_of_the_fill_first() -> None:
    strict = DEFAULT_POLICY.stricter(refill_from_percent_used=60)
    facts = replace(GOOD, fill_on_hand=FillOnHand(24, 13))
    assert check_refill_gate(facts, approving=False).refusals == ()
    assert check_refill_gate(facts, approving=False, policy=strict).refusals == (
        RefillRefusal.TOO_EARLY,
    )


def test_every_refusal_is_explained_in_plain_words() -> None:
    decision = check_refill_gate(
        replace(
            GOOD,
            subscription_active=False,
            last_check_in_at=None,
            refills_used=2,
            missed_check_ins=1,
            open_holds=frozenset(Hold),
            fill_on_hand=None,
        ),
        approving=False,
    )
    assert len(decision.reasons) == 8
    assert all(reason[0].isupper() and reason.endswith(".") for reason in decision.reasons)
