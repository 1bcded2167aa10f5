"""Consent documents in the admin: a change is published as a new version (through
the verb), never an edit of one that patients may already have signed."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.decorators import signed_in
from patients.actions import do_publish_consent_document
from patients.models import ConsentDocument


@admin.register(ConsentDocument)
class ConsentDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "version", "published_at"]
    list_filter = ["kind"]
    fields = ["kind", "title", "body", "version", "sha256", "published_at"]
    readonly_fields = ["version", "sha256", "published_at"]
    all_fields = ["kind", "title", "body", "version", "sha256", "published_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None:  # published: read it, or add a new version
            return self.all_fields
        return list(self.readonly_fields)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        published = do_publish_consent_document(
            obj.kind, title=obj.title, body=obj.body, by=signed_in(request)
        )
        obj.pk = published.pk
        obj.version = published.version
