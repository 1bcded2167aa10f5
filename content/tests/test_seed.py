"""The seed content loads through the real workflow, and loading it again changes nothing."""

from typing import Any

from audit.models import AuditEvent
from billing.models import Plan
from content.models import Article, ArticleRevision, ArticleStatus, Citation, Condition, Page
from content.seeding import seed_content


def test_the_seed_publishes_three_articles_written_by_the_editor_and_reviewed_by_a_clinician(
    seeded: Any, editor: Any, clinician_fl: Any
) -> None:
    articles = Article.objects.public()
    assert {a.slug for a in articles} == {
        "ketamine-for-crps",
        "ketamine-for-social-anxiety-disorder",
        "ketamine-for-me-cfs",
    }
    for article in articles:
        assert article.status == ArticleStatus.PUBLISHED
        assert article.author == editor
        revision = article.published_revision
        assert revision is not None and revision.reviewed_on is not None
        assert revision.reviewed_by == clinician_fl
        assert revision.reviewed_on.isoformat() == "2026-11-20"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"article.created", "article.submitted_for_review", "article.approved"} <= actions


def test_the_seed_loads_every_condition_page_reference_and_the_standard_plan(seeded: Any) -> None:
    assert Condition.objects.filter(language="en").count() == 7
    assert set(Page.objects.filter(language="en").values_list("slug", flat=True)) == {
        "faq",
        "how-it-works",
        "pricing-terms",
        "privacy",
        "safety",
        "terms",
    }
    sigtermans = Citation.objects.get(key="sigtermans2009")
    assert (sigtermans.doi, sigtermans.pmid) == ("10.1016/j.pain.2009.06.023", "19604642")
    plan = Plan.objects.get(slug="standard")
    assert (plan.price_cents, plan.interval, plan.active) == (25000, "month", True)


def test_every_citation_in_a_seeded_article_is_in_the_library(seeded: Any) -> None:
    for revision in ArticleRevision.objects.all():
        keys = set(revision.citation_keys)
        assert keys == set(Citation.objects.filter(key__in=keys).values_list("key", flat=True))
    crps = Article.objects.get(slug="ketamine-for-crps", language="en").published_revision
    assert crps is not None
    assert crps.citation_keys[:3] == ["harden2010", "correll2004", "schwartzman2009"]


def test_running_the_seed_twice_changes_nothing(
    seeded: Any, editor: Any, clinician_fl: Any
) -> None:
    def snapshot() -> tuple[int, ...]:
        return (
            Article.objects.count(),
            ArticleRevision.objects.count(),
            Citation.objects.count(),
            Condition.objects.count(),
            Page.objects.count(),
            Plan.objects.count(),
            AuditEvent.objects.count(),
        )

    before = snapshot()
    report = seed_content(editor=editor, reviewer=clinician_fl)
    assert report.created == []
    assert snapshot() == before


def test_the_seed_leaves_an_edited_plan_alone(seeded: Any, editor: Any, clinician_fl: Any) -> None:
    Plan.objects.filter(slug="standard").update(price_cents=27500)
    seed_content(editor=editor, reviewer=clinician_fl)
    assert Plan.objects.get(slug="standard").price_cents == 27500
