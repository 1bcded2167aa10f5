import time
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.decorators import signed_in
from accounts.models import User

LAST_SEEN_KEY = "ketaclinic.last_seen"
# Write the session at most this often; idle limits are minutes, not seconds.
_TOUCH_EVERY_SECONDS = 15
# Requests that report on the session without counting as activity.
_PASSIVE_PATHS = ("/accounts/session/status/",)


def idle_limit_seconds(user: User) -> int:
    minutes = (
        settings.IDLE_TIMEOUT_STAFF_MINUTES
        if user.is_staff_member
        else settings.IDLE_TIMEOUT_PATIENT_MINUTES
    )
    return int(minutes) * 60


def idle_seconds_left(request: HttpRequest) -> int:
    last_seen = request.session.get(LAST_SEEN_KEY, time.time())
    return max(0, int(last_seen + idle_limit_seconds(signed_in(request)) - time.time()))


class IdleTimeoutMiddleware:
    """Signs a person out after a spell without activity: 15 minutes for staff,
    30 for patients (settings). The page warns shortly before (static/js/idle.js).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > idle_limit_seconds(request.user):
                minutes = idle_limit_seconds(request.user) // 60
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {minutes} minutes without activity, "
                    "to keep your records private. Please sign in again.",
                )
                return redirect_to_login(request.get_full_path())
            passive = request.path in _PASSIVE_PATHS
            if not passive and (last_seen is None or now - last_seen > _TOUCH_EVERY_SECONDS):
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


# Staff without a second factor may reach only what enrolling needs.
_ENROLMENT_PREFIXES = ("/accounts/", "/static/", "/favicon.ico")


class StaffMfaRequiredMiddleware:
    """Sends any staff member without a second factor to enrol before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and user.is_staff_member
            and not request.path.startswith(_ENROLMENT_PREFIXES)
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                "Staff accounts need two-step sign-in before opening any patient record. "
                "Set up an authenticator app to continue.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Every page answered to a signed-in person is kept out of every cache: the browser's
    back button, a shared computer's disk, and any proxy on the way (``no-store``).

    Health data is shown to someone signed in, so this covers those pages, including pages
    added later. The one exception is a visitor's own assessment (its answers, its outcome,
    the joining page that speaks of it): those views say ``never_cache`` themselves.
    tests/security/test_health_data_views.py holds every page to this. Static files are
    left to their own headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        private = request.user.is_authenticated and not request.path.startswith("/static/")
        if private and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store, private"
            response.setdefault("Pragma", "no-cache")
        return response
