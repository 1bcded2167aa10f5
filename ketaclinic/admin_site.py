"""The admin site: Django's, with every model's pages refusing row ids that are no ids.

Django's admin passes the ids posted with an action (`_selected_action`), with a list
edit (`form-0-id`) and with a many-to-many choice straight to the database. An id that
is not a number (`''`, `'²'`) or does not fit the column (`10**30`) then raises in the
driver, a server error. Every model registered here, ours and the libraries', gets the
check below first, so such a post is answered with a message and changes nothing.
"""

import re
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from foundation.forms import RecordsField, is_record_id

NOT_IDS = "Choose the rows from the list: what was sent does not name any row."


class RowIdsChecked(admin.ModelAdmin):
    """Checks the row ids a post names before Django's admin reads them."""

    def _posted_ids_are_ids(self, request: HttpRequest) -> bool:
        pk = self.model._meta.pk
        assert pk is not None
        edited = re.compile(rf"form-\d+-{re.escape(pk.name)}")
        names = [ACTION_CHECKBOX_NAME, *(name for name in request.POST if edited.fullmatch(name))]
        return all(
            is_record_id(pk, value) for name in names for value in request.POST.getlist(name)
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "POST" and not self._posted_ids_are_ids(request):
            self.message_user(request, NOT_IDS, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> Any:
        kwargs.setdefault("form_class", RecordsField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PracticeAdminSite(admin.AdminSite):
    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, RowIdsChecked):
            admin_class = type(
                admin_class.__name__,
                (RowIdsChecked, admin_class),
                {"__module__": admin_class.__module__},
            )
        super().register(model_or_iterable, admin_class, **options)


class PracticeAdminConfig(AdminConfig):
    default_site = "ketaclinic.admin_site.PracticeAdminSite"
