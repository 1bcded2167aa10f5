from allauth.mfa.models import Authenticator
from django.contrib import admin

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


# An authenticator holds a second factor's secret: no one edits or reads one in the admin.
# A staff member who loses theirs enrols again after the administrator resets their account.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)
