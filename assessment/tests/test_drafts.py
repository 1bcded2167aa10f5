"""A visitor's draft: found only while it lasts, its answers kept as given, and on
PostgreSQL the one write that does not wait for the disk, without changing how anything
else commits."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessment.drafts import find_draft, save_draft
from assessment.models import AssessmentDraft
from assessment.tests.answering import answers, post_section

pytestmark = pytest.mark.django_db


def test_an_expired_draft_is_not_found_and_the_visitor_starts_again(visitor: Client) -> None:
    post_section(visitor, "location", answers())
    AssessmentDraft.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = post_section(visitor, "safety", answers())
    assert response["Location"] == reverse("assessment:section", args=["location"])


def test_answers_come_back_as_they_were_saved() -> None:
    draft = AssessmentDraft()
    save_draft(draft, {"state": "NJ"})
    kept = {"county": "Peña Blanca", "conditions": ["crps", "depression"], "sbp": None}
    save_draft(draft, kept)
    found = find_draft(draft.key)
    assert found is not None
    assert found.pk == draft.pk
    assert found.answers == kept
    assert found.expires_at == AssessmentDraft.objects.get().expires_at
    assert find_draft("no-such-key") is None


def test_a_save_inside_a_larger_transaction_is_undone_with_it() -> None:
    draft = AssessmentDraft()
    save_draft(draft, {"state": "FL"})
    with pytest.raises(RuntimeError), transaction.atomic():
        save_draft(draft, {"state": "NJ"})
        raise RuntimeError("the larger work failed")
    assert AssessmentDraft.objects.get().answers == {"state": "FL"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="asynchronous commit is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_not_waiting_for_the_disk_ends_with_the_drafts_own_save() -> None:
    draft = AssessmentDraft()
    save_draft(draft, {"state": "FL"})
    save_draft(draft, {"state": "NJ"})
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)
    assert AssessmentDraft.objects.get().answers == {"state": "NJ"}
