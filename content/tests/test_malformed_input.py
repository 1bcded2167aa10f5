"""Whatever is posted to any form of the content app, the answer is never a server error."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from content.tests.conftest import write_article
from tests.personas import client_for

JUNK = [
    {},
    {"email": ["a@example.com", "b@example.com"], "state": ["NY", "TX"]},
    {"zip_code": "\x00\x01", "county": "\u202e" * 50},
    {"email": "a" * 10_000, "zip_code": "9" * 10_000, "county": "x" * 10_000},
    {"title": "", "slug": "../../etc", "body": "\x00", "conditions": ["1; DROP TABLE"]},
    {"note": "n" * 10_000, "year": "99999999999999999999", "key": "ü"},
    {"List-Unsubscribe": "One-Click", "unexpected": "field"},
]


@pytest.mark.parametrize("form", JUNK)
def test_public_forms_answer_junk_without_a_server_error(
    db: Any, visitor: Client, form: dict[str, Any]
) -> None:
    for url in (
        "/service-area/",
        "/newsletter/",
        "/newsletter/waitlist/",
        "/newsletter/confirm/junk/",
        "/newsletter/unsubscribe/00000000-0000-0000-0000-000000000000/",
    ):
        response = visitor.post(url, form)
        assert response.status_code < 500, (url, response.status_code)


@pytest.mark.parametrize("form", JUNK)
def test_editorial_forms_answer_junk_without_a_server_error(
    editor: Any, clinician_fl: Any, form: dict[str, Any]
) -> None:
    article = write_article(editor, "target")
    writer, reviewer = client_for(editor), client_for(clinician_fl)
    for client, name, args in (
        (writer, "content:editorial_article_new", []),
        (writer, "content:editorial_article_edit", [article.pk]),
        (writer, "content:editorial_citation_new", []),
        (writer, "content:editorial_submit", [article.pk]),
        (reviewer, "content:editorial_request_changes", [article.pk]),
        (reviewer, "content:editorial_approve", [article.pk]),
    ):
        response = client.post(reverse(name, args=args), form)
        assert response.status_code < 500, (name, response.status_code)


def test_a_malformed_edit_keeps_the_revision_and_says_what_is_wrong(editor: Any) -> None:
    article = write_article(editor, "kept")
    response = client_for(editor).post(
        reverse("content:editorial_article_edit", args=[article.pk]),
        {"title": "", "summary": "s" * 400, "body": ""},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the article a title." in html
    assert "The article needs a body." in html
    assert "at most 300 characters" in html
    assert article.revisions.count() == 1
