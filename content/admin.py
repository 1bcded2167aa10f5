"""The admin for the content app. Articles are written and approved on the editorial
screens (the workflow lives in the verbs), so here they are read-only; pages,
conditions and references are saved through their verbs; newsletter issues are
written here and sent with an action that calls the sending verb.
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from accounts.decorators import signed_in
from content import actions
from content.models import (
    Article,
    Citation,
    Condition,
    NewsletterDelivery,
    NewsletterIssue,
    Page,
    Subscriber,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ["slug", "language", "status", "author", "published_at", "editorial_link"]
    list_filter = ["status", "language"]
    search_fields = ["slug"]

    @admin.display(description="workflow")
    def editorial_link(self, article: Article) -> str:
        url = reverse("content:editorial_article", args=[article.pk])
        return format_html('<a href="{}">Open on the editorial screens</a>', url)


@admin.register(Condition)
class ConditionAdmin(admin.ModelAdmin):
    list_display = ["short_name", "slug", "language", "order"]
    list_filter = ["language"]
    prepopulated_fields = {"slug": ["short_name"]}

    def save_model(self, request: HttpRequest, obj: Condition, form: Any, change: bool) -> None:
        actions.do_save_condition(obj, by=signed_in(request))


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "language", "updated_at"]
    list_filter = ["language"]

    def save_model(self, request: HttpRequest, obj: Page, form: Any, change: bool) -> None:
        actions.do_save_page(obj, by=signed_in(request))


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["key", "authors", "year", "journal", "doi", "pmid"]
    search_fields = ["key", "authors", "title", "doi", "pmid"]

    def save_model(self, request: HttpRequest, obj: Citation, form: Any, change: bool) -> None:
        actions.do_save_citation(obj, by=signed_in(request))


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    """Sign-ups, kept apart by list and state; changed only by their owners' links."""

    list_display = ["email", "audience", "state", "status", "created_at", "confirmed_at"]
    list_filter = ["audience", "status", "state"]
    search_fields = ["email"]
    readonly_fields = [f.name for f in Subscriber._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NewsletterDelivery)
class NewsletterDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["issue", "subscriber", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "issue"]


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(admin.ModelAdmin):
    list_display = ["subject", "audience", "waitlist_state", "status", "sent_count", "sent_at"]
    list_filter = ["status", "audience"]
    fields = ["subject", "body", "audience", "waitlist_state"]
    actions = ["send_issue", "resume_sending"]

    @admin.display(description="delivered")
    def sent_count(self, issue: NewsletterIssue) -> str:
        sent = issue.deliveries.filter(status=NewsletterDelivery.Status.SENT).count()
        return f"{sent} of {issue.deliveries.count()}"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None and obj.status != NewsletterIssue.Status.DRAFT:
            return self.fields  # type: ignore[return-value]
        return []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None or obj.status == NewsletterIssue.Status.DRAFT

    def save_model(
        self, request: HttpRequest, obj: NewsletterIssue, form: Any, change: bool
    ) -> None:
        if obj.status != NewsletterIssue.Status.DRAFT:
            return
        if obj.created_by_id is None:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    @admin.action(description="Send to confirmed subscribers")
    def send_issue(self, request: HttpRequest, queryset: QuerySet[NewsletterIssue]) -> None:
        for issue in queryset:
            try:
                count = actions.do_send_newsletter_issue(issue, by=signed_in(request))
            except actions.WorkflowError as error:
                self.message_user(request, f"{issue}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{issue}: queued for {count} recipients.")

    @admin.action(description="Resume sending (after the worker was stopped)")
    def resume_sending(self, request: HttpRequest, queryset: QuerySet[NewsletterIssue]) -> None:
        for issue in queryset:
            try:
                actions.do_resume_newsletter_issue(issue, by=signed_in(request))
            except actions.WorkflowError as error:
                self.message_user(request, f"{issue}: {error}", messages.ERROR)
            else:
                self.message_user(request, f"{issue}: another pass queued.")
