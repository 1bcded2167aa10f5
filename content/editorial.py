"""The editorial screens: editors write and revise, clinicians review and approve.

Every change goes through a verb in content/actions.py, which enforces the
workflow whatever screen (or admin, or script) asks for it.
"""

import difflib
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required, signed_in
from accounts.roles import Role
from content import actions
from content.actions import WorkflowError
from content.forms import ArticleForm, CitationForm, NewArticleForm, ReviewNoteForm
from content.models import Article, ArticleRevision, ArticleStatus, Citation
from content.views import references_for

STAFF = (Role.EDITOR, Role.CLINICIAN, Role.ADMIN)


def _roles(request: HttpRequest) -> frozenset[str]:
    user = signed_in(request)
    return frozenset(user.roles)


def _article(pk: int) -> Article:
    return get_object_or_404(
        Article.objects.select_related(
            "author",
            "current_revision",
            "current_revision__created_by",
            "published_revision",
            "published_revision__reviewed_by",
        ),
        pk=pk,
    )


@role_required(*STAFF)
def dashboard(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.select_related("author", "current_revision").order_by("-updated_at")
    awaiting = [a for a in articles if a.status == ArticleStatus.IN_REVIEW]
    return render(
        request,
        "content/editorial/dashboard.html",
        {
            "articles": articles,
            "awaiting": awaiting,
            "is_editor": Role.EDITOR in _roles(request),
        },
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    form = NewArticleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            article = actions.do_create_article(
                by=signed_in(request),
                slug=data["slug"],
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                conditions=list(data["conditions"]),
                note=data["note"],
                language=data["language"],
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Draft saved.")
            return redirect("content:editorial_article", pk=article.pk)
    return render(
        request,
        "content/editorial/article_form.html",
        {"form": form, "article": None},
        status=400 if form.errors else 200,
    )


@role_required(*STAFF)
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    revision = article.current_revision
    assert revision is not None
    user = request.user
    roles = _roles(request)
    may_review = (
        Role.CLINICIAN in roles
        and article.status == ArticleStatus.IN_REVIEW
        and user.pk not in (article.author_id, revision.created_by_id)
    )
    return render(
        request,
        "content/editorial/article.html",
        {
            "article": article,
            "revision": revision,
            "references": references_for(revision.citation_keys),
            "is_editor": Role.EDITOR in roles,
            "may_review": may_review,
            "note_form": ReviewNoteForm(),
            "statuses": ArticleStatus,
        },
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    revision = article.current_revision
    assert revision is not None
    initial = {
        "title": revision.title,
        "summary": revision.summary,
        "body": revision.body,
        "conditions": list(article.conditions.all()),
    }
    form = ArticleForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_save_revision(
                article,
                by=signed_in(request),
                title=data["title"],
                summary=data["summary"],
                body=data["body"],
                note=data["note"],
                conditions=list(data["conditions"]),
            )
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Saved as a new revision. It needs review before it is public."
            )
            return redirect("content:editorial_article", pk=article.pk)
    return render(
        request,
        "content/editorial/article_form.html",
        {"form": form, "article": article},
        status=400 if form.errors else 200,
    )


def _workflow(
    request: HttpRequest, pk: int, done: str, verb: Callable[[Article], object]
) -> HttpResponse:
    article = _article(pk)
    try:
        verb(article)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("content:editorial_article", pk=article.pk)


@role_required(Role.EDITOR)
@require_POST
def article_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request,
        pk,
        "Sent for review by a clinician.",
        lambda article: actions.do_submit_for_review(article, by=signed_in(request)),
    )


@role_required(Role.CLINICIAN)
@require_POST
def article_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(
        request,
        pk,
        "Approved and published.",
        lambda article: actions.do_approve_article(article, by=signed_in(request)),
    )


@role_required(Role.CLINICIAN)
@require_POST
def article_request_changes(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReviewNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form.errors["note"][0]))
        return redirect("content:editorial_article", pk=pk)
    return _workflow(
        request,
        pk,
        "Sent back to the editor.",
        lambda article: actions.do_request_changes(
            article, by=signed_in(request), note=form.cleaned_data["note"]
        ),
    )


@role_required(*STAFF)
def article_history(request: HttpRequest, pk: int) -> HttpResponse:
    article = _article(pk)
    revisions = article.revisions.select_related("created_by", "reviewed_by").order_by("-number")
    return render(
        request,
        "content/editorial/history.html",
        {
            "article": article,
            "revisions": revisions,
            "is_editor": Role.EDITOR in _roles(request),
        },
    )


@role_required(*STAFF)
def revision_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    article = _article(pk)
    revision = get_object_or_404(
        ArticleRevision.objects.select_related("created_by", "reviewed_by"),
        article=article,
        number=number,
    )
    previous = article.revisions.filter(number__lt=number).order_by("-number").first()
    diff = "".join(
        difflib.unified_diff(
            (previous.body if previous else "").splitlines(keepends=True),
            revision.body.splitlines(keepends=True),
            fromfile=f"revision {previous.number}" if previous else "(nothing)",
            tofile=f"revision {revision.number}",
        )
    )
    return render(
        request,
        "content/editorial/revision.html",
        {
            "article": article,
            "revision": revision,
            "previous": previous,
            "diff": diff,
            "references": references_for(revision.citation_keys),
            "is_editor": Role.EDITOR in _roles(request),
        },
    )


@role_required(Role.EDITOR)
@require_POST
def revision_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    article = _article(pk)
    revision = get_object_or_404(ArticleRevision, article=article, number=number)
    try:
        restored = actions.do_restore_revision(article, revision, by=signed_in(request))
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Revision {revision.number} restored as revision {restored.number}, a draft "
            "that needs review before it is public.",
        )
    return redirect("content:editorial_article", pk=article.pk)


@role_required(*STAFF)
def citation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "content/editorial/citations.html",
        {"citations": Citation.objects.all(), "is_editor": Role.EDITOR in _roles(request)},
    )


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def citation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    citation = get_object_or_404(Citation, pk=pk) if pk else None
    form = CitationForm(request.POST if request.method == "POST" else None, instance=citation)
    if request.method == "POST" and form.is_valid():
        actions.do_save_citation(form.instance, by=signed_in(request))
        messages.success(request, f"Reference [@{form.instance.key}] saved.")
        return redirect("content:editorial_citations")
    return render(
        request,
        "content/editorial/citation_form.html",
        {"form": form, "citation": citation},
        status=400 if form.errors else 200,
    )
