"""Signed junk to the webhooks: a genuine signature over a body that is no event, or an
event whose values are junk (huge and non-finite numbers, lone surrogates, NUL, far
dates, wrong types, deep nesting). The answer is a 4xx or a 200, never a server error;
a refusal records nothing, and what an accepted event records is whole.

Webhooks are not forms: the form fuzz (`test_forms.py`) leaves them to this file.
"""

import datetime as dt
import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from integrations.carrier.webhooks import SIGNATURE_HEADER
from integrations.carrier.webhooks import sign as carrier_sign
from integrations.payments.local_gateway import PAYS, LocalGateway, webhook_secret
from tests.fuzz.budget import BUDGET, TALLY, hypothesis_settings
from tests.fuzz.runner import Runner
from tests.fuzz.table import TABLE, _rosas_fill, a_checkout_link
from tests.fuzz.world import VISITOR, World

CARRIER_SECRET = "fuzz-carrier-secret"
DEEP = 100_000

JUNK_JSON: list[Any] = [
    10**30,
    -(10**30),
    2**63,
    -1,
    0,
    1e308,
    float("inf"),
    float("-inf"),
    float("nan"),
    "\ud800",
    "a\x00b",
    "x" * 100_000,
    "",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00+14:00",
    "2026-02-30T10:00:00Z",
    None,
    True,
    [],
    {},
    [1, "two", None],
    {"id": {"id": {"id": "nested"}}},
]
WORST: list[Any] = ["\ud800", "a\x00b", "x" * 100_000, 10**30, float("inf")]
"""What every value of every real event is turned to in turn, before the random mixes."""
JUNK_BODIES: list[bytes] = [
    b"",
    b"\xff\xfe\xfd",
    b"null",
    b"[]",
    b"{}",
    b'"just a string"',
    b"[" * DEEP + b"]" * DEEP,
    b'{"a":' * 10_000 + b"1" + b"}" * 10_000,
    b"1" * 5000,
    b'{"id": "evt", "type": "invoice.paid", "data": {"object": {"amount_paid": 1e999}}}',
    b'{"id": "\\ud800", "type": "\\u0000"}',
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document a value sits (the containers included)."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*prefix, index))
    return found


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = json.loads(json.dumps(document))
    inner = copy
    for step in path[:-1]:
        inner = inner[step]
    inner[path[-1]] = value
    return copy


@st.composite
def junk_events(draw: st.DrawFn, events: list[dict[str, Any]]) -> bytes:
    """A real event with one to three of its values (or whole branches) turned to junk."""
    event = draw(st.sampled_from(events))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(event)))
        event = _replace(event, path, draw(st.sampled_from(JUNK_JSON)))
    return json.dumps(event).encode("utf-8", "surrogatepass")


def _runner(key: str, world: World, kwargs: dict[str, Any]) -> Runner:
    (entry,) = TABLE[key]
    return Runner(key, entry, VISITOR, world, Client(), kwargs)


def _fuzz(runner: Runner, events: list[dict[str, Any]], headers: Any) -> None:
    def send(body: bytes) -> None:
        runner.send(body[:300], body, "application/json", headers(body))

    swept = [json.dumps(event).encode() for event in events] + JUNK_BODIES
    for event in events:
        for path in _paths(event):
            for junk in WORST:
                swept.append(
                    json.dumps(_replace(event, path, junk)).encode("utf-8", "surrogatepass")
                )
    for body in swept:
        send(body)

    @hypothesis_settings(BUDGET.webhook)
    @given(junk_events(events))
    def fuzz(body: bytes) -> None:
        send(body)

    fuzz()
    TALLY["webhook bodies"] += runner.posted


def _stripe_signature(body: bytes) -> dict[str, str]:
    stamp = int(time.time())
    digest = hmac.new(webhook_secret().encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    return {"Stripe-Signature": f"t={stamp},v1={digest.hexdigest()}"}


def test_signed_junk_to_the_payments_webhook(world: World, db: Any) -> None:
    """James at the checkout: the events his payment sends, and junk made from them."""
    from billing.models import Subscription

    a_checkout_link(world, "patient_nj")
    pending = Subscription.objects.get(patient=world.patient("patient_nj"))
    events = [
        json.loads(payload)
        for payload, _ in LocalGateway().complete_checkout(
            reference=str(pending.public_id), plan=pending.plan, card=PAYS
        )
    ]
    runner = _runner("payments:webhook", world, {"provider": "local"})
    _fuzz(runner, events, _stripe_signature)


def test_signed_junk_to_the_carrier_webhook(world: World, db: Any, settings: Any) -> None:
    """Rosa's parcel on its way: the carrier's events for it, and junk made from them."""
    from pharmacy.models import Shipment

    settings.CARRIER_WEBHOOK_SECRET = CARRIER_SECRET
    fill_id = _rosas_fill("shipped")(world, "pharmacist")["fill_id"]
    tracking = Shipment.objects.get(fill__public_id=fill_id).tracking_number
    now = timezone.now()
    events = [
        {
            "id": f"carrier-evt-{index}",
            "tracking_number": tracking,
            "status": status,
            "occurred_at": (now - dt.timedelta(minutes=10 - index)).isoformat(),
            "signed_by": signed_by,
            "detail": "Left with the customer",
        }
        for index, (status, signed_by) in enumerate(
            [("out_for_delivery", ""), ("delivered", "Rosa Delgado"), ("failed_attempt", "")]
        )
    ]

    def signature(body: bytes) -> dict[str, str]:
        return {SIGNATURE_HEADER: carrier_sign(body, CARRIER_SECRET, int(time.time()))}

    _fuzz(_runner("carrier:webhook", world, {}), events, signature)


@pytest.mark.parametrize("key", ["payments:webhook", "carrier:webhook"])
def test_an_unsigned_body_changes_nothing(key: str, world: World, db: Any, settings: Any) -> None:
    settings.CARRIER_WEBHOOK_SECRET = CARRIER_SECRET
    kwargs = {"provider": "local"} if key == "payments:webhook" else {}
    runner = _runner(key, world, kwargs)
    for body in JUNK_BODIES[:6]:
        assert runner.send(body, body, "application/json", {}) is not None
