"""Consent documents in the admin: a change is published as a new version (through
the verb), never an edit of one that patients may already have signed. A translation
added here is taken to say the same as the current English version."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.decorators import signed_in
from patients.actions import do_publish_consent_document
from patients.consents import current_document
from patients.models import ConsentDocument


@admin.register(ConsentDocument)
class ConsentDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "language", "version", "published_at"]
    list_filter = ["kind", "language"]
    all_fields: list[str] = [
        "kind",
        "language",
        "title",
        "body",
        "version",
        "sha256",
        "translates_sha256",
        "published_at",
    ]
    fields = tuple(all_fields)
    readonly_fields = ["version", "sha256", "translates_sha256", "published_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is not None:  # published: read it, or add a new version
            return self.all_fields
        return list(self.readonly_fields)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "language" and field is not None:
            field.required = False  # left out, the text is English
        return field

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # A translation published here says the same as the current English version.
        english = current_document(obj.kind)
        published = do_publish_consent_document(
            obj.kind,
            title=obj.title,
            body=obj.body,
            language=obj.language,
            translates_sha256=english.sha256 if english else "",
            by=signed_in(request),
        )
        obj.pk = published.pk
        obj.version = published.version
