"""`{% expiring_credentials_of_viewer as expiring %}`: the signed-in clinician's
licences and DEA registrations that expire soon or have expired, for the warning."""

from typing import Any

from django import template

from accounts.roles import Role
from credentials.actions import Credential, expiring_credentials

register = template.Library()


@register.simple_tag(takes_context=True)
def expiring_credentials_of_viewer(context: Any) -> list[Credential]:
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated or Role.CLINICIAN not in user.roles:
        return []
    return expiring_credentials(user)
