from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.http import HttpRequest

from accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    exclude = ["password", "user_permissions", "groups"]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [RoleGrantInline]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """A person added here has no password until they set one from the reset email:
        an unusable one, never an empty field."""
        if not obj.password:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)


# An authenticator holds a second factor's secret: no one edits or reads one in the admin.
# A staff member who loses theirs enrols again after the administrator resets their account.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)
