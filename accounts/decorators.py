"""Guards for views: who may open them, and which need a fresh sign-in."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from accounts.models import User
from accounts.roles import Role

ViewFunc = Callable[..., HttpResponse]

# "Confirm it's you": a password or second-factor code within the last few minutes
# (ACCOUNT_REAUTHENTICATION_TIMEOUT). Prescribing, approving refills, exports and
# licence changes use it.
require_recent_auth = reauthentication_required


def signed_in(request: HttpRequest) -> User:
    """The person who signed in to make `request`; a 403 for anyone who has not."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in to open this page.")
    return user


def role_required(*roles: Role) -> Callable[[ViewFunc], ViewFunc]:
    """Signed in and holding at least one of `roles`; anyone else gets a 403."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not signed_in(request).roles & set(roles):
                raise PermissionDenied("Your role does not open this page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
