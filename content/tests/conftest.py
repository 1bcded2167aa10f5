"""Fixtures for the content tests: the seed content, and articles built through the verbs."""

from typing import Any

import pytest

from content import actions
from content.models import Article, Citation, Condition
from content.seeding import SeedReport, seed_content


@pytest.fixture
def seeded(editor: Any, clinician_fl: Any) -> SeedReport:
    return seed_content(editor=editor, reviewer=clinician_fl)


def add_citation(key: str, *, editor: Any = None, **fields: Any) -> Citation:
    values = {
        "authors": "Doe J, Roe R",
        "year": 2020,
        "title": f"A study called {key}",
        "journal": "Journal of Examples",
        "volume": "1",
        "pages": "1-10",
        "doi": f"10.1000/{key}",
        "pmid": "12345678",
        **fields,
    }
    return actions.do_save_citation(Citation(key=key, **values), by=editor)


def write_article(
    editor: Any,
    slug: str,
    *,
    body: str = "Some plain words about ketamine.\n",
    title: str | None = None,
    conditions: list[Condition] | None = None,
) -> Article:
    return actions.do_create_article(
        by=editor,
        slug=slug,
        title=title or slug.replace("-", " ").capitalize(),
        summary=f"A summary of {slug}.",
        body=body,
        conditions=conditions or [],
    )


def publish(article: Article, *, editor: Any, clinician: Any) -> Article:
    actions.do_submit_for_review(article, by=editor)
    return actions.do_approve_article(article, by=clinician)


def published_article(editor: Any, clinician: Any, slug: str, **kwargs: Any) -> Article:
    return publish(write_article(editor, slug, **kwargs), editor=editor, clinician=clinician)
