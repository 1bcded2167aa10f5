"""The editorial screens: who may open them, and what they do with good and bad input."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from content.models import Article, ArticleStatus, Citation
from content.tests.conftest import add_citation, write_article
from tests.personas import client_for

WRONG_PERSONAS = ["pharmacist", "coordinator", "patient_fl"]


@pytest.fixture
def draft(editor: Any) -> Article:
    return write_article(editor, "a-draft", body="Version one.\n")


def staff_pages(article: Article) -> list[tuple[str, str]]:
    """(method, url) of every editorial page."""
    pk = article.pk
    return [
        ("get", reverse("content:editorial")),
        ("get", reverse("content:editorial_article", args=[pk])),
        ("get", reverse("content:editorial_history", args=[pk])),
        ("get", reverse("content:editorial_revision", args=[pk, 1])),
        ("get", reverse("content:editorial_citations")),
        ("get", reverse("content:editorial_article_new")),
        ("get", reverse("content:editorial_article_edit", args=[pk])),
        ("get", reverse("content:editorial_citation_new")),
        ("post", reverse("content:editorial_submit", args=[pk])),
        ("post", reverse("content:editorial_approve", args=[pk])),
        ("post", reverse("content:editorial_request_changes", args=[pk])),
        ("post", reverse("content:editorial_restore", args=[pk, 1])),
    ]


@pytest.mark.parametrize("persona", WRONG_PERSONAS)
def test_staff_without_an_editorial_role_are_refused_every_editorial_page(
    persona: str, draft: Article, request: Any
) -> None:
    client = client_for(request.getfixturevalue(persona))
    for method, url in staff_pages(draft):
        response = getattr(client, method)(url)
        assert response.status_code == 403, (persona, url)
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT


def test_the_anonymous_visitor_is_sent_to_sign_in(draft: Article, visitor: Client) -> None:
    for method, url in staff_pages(draft):
        response = getattr(visitor, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["clinician_fl", "admin_user"])
def test_clinicians_and_administrators_may_read_but_not_write(
    persona: str, draft: Article, request: Any
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("content:editorial")).status_code == 200
    assert client.get(reverse("content:editorial_article", args=[draft.pk])).status_code == 200
    assert client.get(reverse("content:editorial_history", args=[draft.pk])).status_code == 200
    assert client.get(reverse("content:editorial_article_new")).status_code == 403
    assert client.get(reverse("content:editorial_article_edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("content:editorial_submit", args=[draft.pk])).status_code == 403


@pytest.mark.parametrize("persona", ["editor", "admin_user", "pharmacist"])
def test_no_one_but_a_clinician_may_press_approve(
    persona: str, draft: Article, editor: Any, request: Any
) -> None:
    client_for(editor).post(reverse("content:editorial_submit", args=[draft.pk]))
    client = client_for(request.getfixturevalue(persona))
    assert client.post(reverse("content:editorial_approve", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.IN_REVIEW and draft.published_revision is None


def test_an_editor_writes_submits_and_a_clinician_approves_on_the_screens(
    editor: Any, clinician_nj: Any
) -> None:
    add_citation("doe2020")
    writer = client_for(editor)
    response = writer.post(
        reverse("content:editorial_article_new"),
        {
            "title": "Ketamine and sleep",
            "slug": "ketamine-and-sleep",
            "summary": "What we know.",
            "body": "Sleep matters [@doe2020].\n",
            "note": "",
        },
    )
    article = Article.objects.get(slug="ketamine-and-sleep")
    assert response.status_code == 302
    writer.post(reverse("content:editorial_submit", args=[article.pk]))
    reviewer = client_for(clinician_nj)
    page = reviewer.get(reverse("content:editorial_article", args=[article.pk])).content.decode()
    assert "Approve and publish" in page
    reviewer.post(reverse("content:editorial_approve", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert Client().get("/articles/ketamine-and-sleep/").status_code == 200


def test_the_author_sees_no_approve_button_and_a_clinician_author_is_refused(
    editor: Any, draft: Article
) -> None:
    client = client_for(editor)
    client.post(reverse("content:editorial_submit", args=[draft.pk]))
    page = client.get(reverse("content:editorial_article", args=[draft.pk])).content.decode()
    assert "Approve and publish" not in page
    assert "Waiting for a clinician who did not write it" in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({}, "Give the article a title."),
        ({"title": "T", "slug": "Not A Slug!", "summary": "s", "body": "b"}, "lower-case letters"),
        ({"title": "T", "slug": "a-draft", "summary": "s", "body": "b"}, "already uses this"),
        ({"title": "T", "slug": "ok-slug", "summary": "s", "body": "x [@ghost1]"}, "[@ghost1]"),
        ({"title": "T" * 500, "slug": "ok", "summary": "s", "body": "b"}, "at most 200"),
        (
            {"title": "T", "slug": "ok", "summary": "s", "body": "b", "conditions": ["999"]},
            "Choose conditions",
        ),
        (
            {"title": "T", "slug": "ok", "summary": "s", "body": "b", "conditions": ["x"]},
            "Choose conditions",
        ),
        (
            {
                "title": "T",
                "slug": "ok",
                "summary": "s",
                "body": "b",
                "conditions": ["99999999999999999999999999"],
            },
            "Choose conditions",
        ),
        (
            {"title": "T", "slug": "ok", "summary": "s", "body": "b", "conditions": ["-1"]},
            "Choose conditions",
        ),
        # Digits that are no decimal number: str.isdigit() says yes, int() says no.
        *(
            (
                {"title": "T", "slug": "ok", "summary": "s", "body": "b", "conditions": [digit]},
                "Choose conditions",
            )
            for digit in ["²", "①"]
        ),
    ],
)
def test_malformed_article_forms_get_a_clear_message_not_a_500(
    editor: Any, draft: Article, form: dict[str, Any], message: str
) -> None:
    response = client_for(editor).post(reverse("content:editorial_article_new"), form)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_editing_saves_a_new_revision_and_the_history_shows_the_change(
    editor: Any, draft: Article
) -> None:
    client = client_for(editor)
    response = client.post(
        reverse("content:editorial_article_edit", args=[draft.pk]),
        {"title": "A draft", "summary": "A summary.", "body": "Version two.\n", "note": "Tighter"},
    )
    assert response.status_code == 302
    history = client.get(reverse("content:editorial_history", args=[draft.pk])).content.decode()
    assert "Tighter" in history
    diff = client.get(reverse("content:editorial_revision", args=[draft.pk, 2])).content.decode()
    assert "-Version one." in diff and "+Version two." in diff


def test_restoring_on_the_screen_brings_back_the_old_text_as_a_draft(
    editor: Any, draft: Article
) -> None:
    client = client_for(editor)
    client.post(
        reverse("content:editorial_article_edit", args=[draft.pk]),
        {"title": "A draft", "summary": "A summary.", "body": "Version two.\n"},
    )
    response = client.post(reverse("content:editorial_restore", args=[draft.pk, 1]), follow=True)
    assert "Revision 1 restored as revision 3" in response.content.decode()
    draft.refresh_from_db()
    assert draft.current_revision is not None and draft.current_revision.body == "Version one.\n"


def test_unknown_articles_and_revisions_are_not_found(editor: Any, draft: Article) -> None:
    client = client_for(editor)
    assert client.get(reverse("content:editorial_article", args=[9999])).status_code == 404
    assert client.get(reverse("content:editorial_revision", args=[draft.pk, 99])).status_code == 404
    assert client.post(reverse("content:editorial_restore", args=[draft.pk, 99])).status_code == 404


def test_workflow_buttons_pressed_out_of_turn_explain_themselves(
    editor: Any, clinician_fl: Any, draft: Article
) -> None:
    response = client_for(clinician_fl).post(
        reverse("content:editorial_approve", args=[draft.pk]), follow=True
    )
    assert "Only an article in review can be approved." in response.content.decode()
    client = client_for(editor)
    client.post(reverse("content:editorial_submit", args=[draft.pk]))
    again = client.post(reverse("content:editorial_submit", args=[draft.pk]), follow=True)
    assert "Only a draft can be sent for review." in again.content.decode()
    empty_note = client_for(clinician_fl).post(
        reverse("content:editorial_request_changes", args=[draft.pk]), {"note": ""}, follow=True
    )
    assert "Say what needs to change" in empty_note.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"key": "bad key!", "year": "2020"}, "Use letters, digits"),
        ({"key": "ok2020", "year": "twenty"}, "Enter the year as four digits."),
        ({"key": "ok2020", "year": "1492"}, "Enter the year of publication"),
        ({"key": "ok2020", "year": "2020", "doi": "doi.org/10.1/x"}, "A DOI starts with 10."),
        ({"key": "ok2020", "year": "2020", "pmid": "PMC123"}, "A PubMed ID is a number"),
    ],
)
def test_the_reference_form_explains_what_is_wrong(
    editor: Any, fields: dict[str, str], message: str
) -> None:
    form = {"authors": "Doe J", "title": "A title", "journal": "A journal", **fields}
    response = client_for(editor).post(reverse("content:editorial_citation_new"), form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Citation.objects.filter(key=fields["key"]).exists()


def test_an_editor_adds_a_reference_to_the_library(editor: Any) -> None:
    response = client_for(editor).post(
        reverse("content:editorial_citation_new"),
        {
            "key": "new2024",
            "authors": "Doe J",
            "year": "2024",
            "title": "A title",
            "journal": "A journal",
            "doi": "10.1000/abc",
            "pmid": "123",
        },
    )
    assert response.status_code == 302
    assert Citation.objects.get(key="new2024").doi == "10.1000/abc"
