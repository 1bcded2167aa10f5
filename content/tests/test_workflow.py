"""Draft → in review → published: only a clinician who did not write it can approve."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from accounts.actions import do_create_person
from accounts.roles import Role
from audit.models import AuditEvent
from content import actions
from content.actions import WorkflowError
from content.models import ArticleStatus
from content.tests.conftest import publish, write_article


def test_an_editor_cannot_publish_their_own_article(editor: Any) -> None:
    article = write_article(editor, "mine")
    actions.do_submit_for_review(article, by=editor)
    with pytest.raises(PermissionDenied):
        actions.do_publish_article(article, by=editor)
    with pytest.raises(PermissionDenied):
        actions.do_approve_article(article, by=editor)
    article.refresh_from_db()
    assert article.status == ArticleStatus.IN_REVIEW
    assert article.published_revision is None
    assert Client().get("/articles/mine/").status_code == 404


@pytest.mark.parametrize("persona", ["admin_user", "pharmacist", "coordinator", "patient_fl"])
def test_nobody_but_a_clinician_can_approve(editor: Any, persona: str, request: Any) -> None:
    someone = request.getfixturevalue(persona)
    article = write_article(editor, "needs-a-clinician")
    actions.do_submit_for_review(article, by=editor)
    with pytest.raises(PermissionDenied, match="Only a clinician"):
        actions.do_approve_article(article, by=someone)


def test_a_clinician_who_wrote_the_article_cannot_approve_it(clinician_fl: Any) -> None:
    author = do_create_person(
        "writing.doctor@ketaclinic.example",
        full_name="Dr Writer",
        password=None,
        roles=(Role.EDITOR, Role.CLINICIAN),
    )
    article = write_article(author, "self-reviewed")
    actions.do_submit_for_review(article, by=author)
    with pytest.raises(PermissionDenied, match="cannot review an article they wrote"):
        actions.do_approve_article(article, by=author)
    actions.do_approve_article(article, by=clinician_fl)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED


def test_a_clinician_cannot_publish_without_approving_first(editor: Any, clinician_fl: Any) -> None:
    article = write_article(editor, "unapproved")
    actions.do_submit_for_review(article, by=editor)
    with pytest.raises(WorkflowError):
        actions.do_publish_article(article, by=clinician_fl)


def test_only_an_article_in_review_can_be_approved(editor: Any, clinician_fl: Any) -> None:
    article = write_article(editor, "still-drafting")
    with pytest.raises(WorkflowError, match="in review"):
        actions.do_approve_article(article, by=clinician_fl)
    actions.do_submit_for_review(article, by=editor)
    with pytest.raises(WorkflowError, match="Only a draft"):
        actions.do_submit_for_review(article, by=editor)


def test_approval_publishes_with_the_reviewer_and_date(
    editor: Any, clinician_nj: Any, visitor: Client
) -> None:
    article = publish(write_article(editor, "reviewed"), editor=editor, clinician=clinician_nj)
    revision = article.published_revision
    assert revision is not None and revision.reviewed_by == clinician_nj
    html = visitor.get("/articles/reviewed/").content.decode()
    assert "Medically reviewed by Dr Daniel Okafor on" in html
    recorded = list(
        AuditEvent.objects.filter(
            object_type="content.article", object_id=str(article.pk)
        ).values_list("action", flat=True)
    )
    assert recorded == [
        "article.created",
        "article.submitted_for_review",
        "article.approved",
        "article.published",
    ]


def test_an_edit_to_a_published_article_waits_for_review_before_the_public_sees_it(
    editor: Any, clinician_fl: Any, visitor: Client
) -> None:
    article = publish(
        write_article(editor, "living", body="The reviewed words.\n"),
        editor=editor,
        clinician=clinician_fl,
    )
    actions.do_save_revision(
        article, by=editor, title="Living", summary="Changed.", body="Unreviewed words.\n"
    )
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert article.has_unpublished_changes
    html = visitor.get("/articles/living/").content.decode()
    assert "The reviewed words." in html and "Unreviewed words." not in html

    publish(article, editor=editor, clinician=clinician_fl)
    assert "Unreviewed words." in visitor.get("/articles/living/").content.decode()


def test_saving_the_same_text_makes_no_new_revision(editor: Any) -> None:
    article = write_article(editor, "steady")
    revision = article.current_revision
    assert revision is not None
    again = actions.do_save_revision(
        article, by=editor, title=revision.title, summary=revision.summary, body=revision.body
    )
    assert again.pk == revision.pk
    assert article.revisions.count() == 1


def test_a_clinician_can_send_an_article_back_with_reasons(editor: Any, clinician_fl: Any) -> None:
    article = write_article(editor, "not-yet")
    actions.do_submit_for_review(article, by=editor)
    actions.do_request_changes(article, by=clinician_fl, note="Say who should not take it.")
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    event = AuditEvent.objects.get(action="article.changes_requested")
    assert event.detail["note"] == "Say who should not take it."


def test_an_editor_can_read_and_restore_an_earlier_revision(
    editor: Any, clinician_fl: Any, visitor: Client
) -> None:
    article = publish(
        write_article(editor, "restorable", body="First version.\n"),
        editor=editor,
        clinician=clinician_fl,
    )
    actions.do_save_revision(
        article, by=editor, title="Restorable", summary="s", body="A worse second version.\n"
    )
    first = article.revisions.get(number=1)
    restored = actions.do_restore_revision(article, first, by=editor)
    assert (restored.number, restored.body, restored.restored_from) == (
        3,
        "First version.\n",
        first,
    )
    article.refresh_from_db()
    assert article.current_revision == restored
    assert article.status == ArticleStatus.DRAFT
    assert article.revisions.count() == 3  # history is added to, never rewritten
    assert AuditEvent.objects.filter(action="article.revision_restored").exists()

    with pytest.raises(WorkflowError, match="already the current one"):
        actions.do_restore_revision(article, restored, by=editor)
    with pytest.raises(PermissionDenied):
        actions.do_restore_revision(article, first, by=clinician_fl)


def test_a_revision_of_another_article_cannot_be_restored(editor: Any) -> None:
    one = write_article(editor, "one")
    other = write_article(editor, "other")
    assert other.current_revision is not None
    with pytest.raises(WorkflowError, match="another article"):
        actions.do_restore_revision(one, other.current_revision, by=editor)


def test_citing_a_study_missing_from_the_library_is_refused(editor: Any) -> None:
    with pytest.raises(WorkflowError, match=r"\[@nobody2024\]"):
        write_article(editor, "uncited", body="As shown [@nobody2024].")


def test_only_an_editor_writes_articles(clinician_fl: Any, admin_user: Any) -> None:
    for person in (clinician_fl, admin_user):
        with pytest.raises(PermissionDenied):
            write_article(person, "not-an-editor")
