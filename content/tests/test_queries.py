"""An article page costs the same number of queries however many articles and citations exist."""

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from content.models import Condition
from content.tests.conftest import add_citation, published_article


def queries_for(path: str) -> int:
    client = Client()
    client.get(path)  # warm caches that are not the page's own (ZIP data, templates)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def build(editor: Any, clinician: Any, *, articles: int, citations: int) -> str:
    condition = Condition.objects.create(slug="crps", name="CRPS", short_name="CRPS", summary="s")
    keys = [f"study{n}" for n in range(citations)]
    for key in keys:
        add_citation(key)
    body = "\n\n".join(f"Finding {n} [@{key}]." for n, key in enumerate(keys)) + "\n"
    for n in range(articles):
        published_article(editor, clinician, f"article-{n}", body=body, conditions=[condition])
    return "/articles/article-0/"


def test_one_or_ten_articles_cost_the_same(editor: Any, clinician_fl: Any) -> None:
    path = build(editor, clinician_fl, articles=1, citations=2)
    few = queries_for(path)
    for n in range(1, 10):
        published_article(
            editor, clinician_fl, f"more-{n}", conditions=list(Condition.objects.all())
        )
    many = queries_for(path)
    assert few == many <= 5


def test_two_or_twenty_citations_cost_the_same(
    editor: Any, clinician_fl: Any, django_assert_max_num_queries: Any
) -> None:
    two = queries_for(build(editor, clinician_fl, articles=1, citations=2))
    keys = [f"extra{n}" for n in range(20)]
    for key in keys:
        add_citation(key)
    body = "\n\n".join(f"Finding [@{key}]." for key in keys) + "\n"
    published_article(editor, clinician_fl, "heavily-cited", body=body)
    twenty = queries_for("/articles/heavily-cited/")
    assert two == twenty
    with django_assert_max_num_queries(5):
        Client().get("/articles/heavily-cited/")


def test_the_condition_and_list_pages_do_not_grow_with_the_number_of_articles(
    editor: Any, clinician_fl: Any
) -> None:
    build(editor, clinician_fl, articles=1, citations=1)
    before = (queries_for("/conditions/crps/"), queries_for("/articles/"), queries_for("/"))
    for n in range(10):
        published_article(
            editor, clinician_fl, f"extra-{n}", conditions=list(Condition.objects.all())
        )
    after = (queries_for("/conditions/crps/"), queries_for("/articles/"), queries_for("/"))
    assert before == after
