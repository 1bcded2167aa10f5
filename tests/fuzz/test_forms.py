"""Junk posted to every view that takes a POST, as every persona who may use it.

The views come from the URL conf; `table.py` says for each how to reach it with real ids,
who may post, and what a success may write. Each form gets a fixed sweep (every kind of
junk in every field; each field in turn at its worst while the others are valid) and
then Hypothesis's examples: missing, repeated and unknown fields, huge and odd numbers,
far and impossible dates, NUL bytes, bytes that are no UTF-8, junk files. For every post
the answer is never a server error, a refusal changes no row, and a success saves only
what it should, whole.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given

from tests.fuzz.budget import BUDGET, TALLY, hypothesis_settings
from tests.fuzz.discovery import post_views
from tests.fuzz.junk import Body, bodies, catalogue
from tests.fuzz.runner import Runner
from tests.fuzz.table import TABLE, Entry, Kind
from tests.fuzz.world import World, client_as

PAIRS = [
    pytest.param(
        key, entry, persona, id=f"{key}[{index}]-{persona}" if index else f"{key}-{persona}"
    )
    for key, entries in TABLE.items()
    for index, entry in enumerate(entries)
    if entry.kind is not Kind.WEBHOOK
    for persona in entry.personas
]


def test_every_view_that_takes_a_post_is_in_the_table() -> None:
    found = post_views()
    TALLY["views"] = len(found)
    TALLY["forms"] = sum(
        any(entry.kind is Kind.FORM for entry in TABLE.get(view.key, [])) for view in found
    )
    missing = [view.key for view in found if view.key not in TABLE]
    assert not missing, (
        "These views take a POST but the fuzz suite does not know them. Add each to TABLE "
        "in tests/fuzz/table.py (who may post, its URL kwargs with real ids, what a success "
        f"writes): {missing}"
    )
    stale = sorted(set(TABLE) - {view.key for view in found})
    assert not stale, f"TABLE names views the URL conf no longer has (or no longer POST): {stale}"
    empty = [key for key, entries in TABLE.items() if not entries]
    assert not empty, f"TABLE entries with nothing to fuzz: {empty}"


@pytest.mark.parametrize(("key", "entry", "persona"), PAIRS)
def test_junk_never_breaks_a_view(
    key: str, entry: Entry, persona: str, world: World, db: Any
) -> None:
    kwargs = entry.kwargs(world, persona)
    client = client_as(world, persona, recent_auth=entry.recent_auth)
    if entry.prepare is not None:
        entry.prepare(client, world, kwargs)
    runner = Runner(key, entry, persona, world, client, kwargs)
    shape = runner.shape()
    TALLY["pairs"] += 1
    swept = list(catalogue(shape))
    if entry.kind is not Kind.FORM:
        few = {"nothing", "valid", "all long-100k", "all nan", "unknown fields"}
        swept = [body for body in swept if body.label in few]
    for body in swept:
        outcome = runner.post(body)
        if body.label == "valid" and entry.kind is not Kind.PAGE:
            expected = entry.refused.get(persona) or entry.refused.get("*")
            assert outcome is None or expected, (
                f"{key} as {persona}: the valid post was refused ({outcome}), so junk in one "
                "field never reaches the verb. Fix the entry's sample, or say in `refused` why."
            )
    TALLY["swept"] += len(swept)
    if entry.kind is not Kind.PAGE:
        examples = BUDGET.form if entry.kind is Kind.FORM else BUDGET.button

        @hypothesis_settings(examples)
        @given(bodies(shape))
        def fuzz(body: Body) -> None:
            runner.post(body)

        before = runner.posted
        fuzz()
        TALLY["hypothesis"] += runner.posted - before
    TALLY["examples"] = TALLY["swept"] + TALLY["hypothesis"]


# CSRF: the test client above skips it; the real one does not. -------------------------------


def test_a_form_posted_without_its_csrf_token_is_refused(world: World, db: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("clinician_fl"))
    url = reverse("care:weight", args=[world.patient("patient_in_treatment").public_id])
    before = world.patient("patient_in_treatment").weights.count()
    response = client.post(url, {"kg": "70", "measured_on": "2026-12-01"})
    assert response.status_code == 403
    assert world.patient("patient_in_treatment").weights.count() == before


def test_a_form_posted_with_its_csrf_token_is_accepted(world: World, db: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("clinician_fl"))
    url = reverse("care:weight", args=[world.patient("patient_in_treatment").public_id])
    token = client.get(url).context["csrf_token"]
    response = client.post(
        url, {"kg": "70", "measured_on": "2026-12-01", "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302
