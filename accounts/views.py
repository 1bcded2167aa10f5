import csv

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.actions import do_choose_language
from accounts.decorators import require_recent_auth, role_required, signed_in
from accounts.middleware import idle_seconds_left
from accounts.roles import Role
from audit.events import record_event
from audit.export import audit_rows
from foundation.language import in_language

# The pages each staff role works from, as (URL name, label).
STAFF_AREAS: dict[str, tuple[tuple[str, str], ...]] = {
    Role.CLINICIAN: (
        ("workspace:queue", "Your queue"),
        ("care:schedule", "Your visits"),
        ("care:availability", "Your availability"),
        ("pharmacy:refills", "Refill requests"),
        ("assessment:staff_list", "Completed assessments"),
        ("patients:messages", "Messages"),
        ("workspace:search", "Find a patient"),
        ("credentials:profile", "Your licences and registrations"),
    ),
    Role.COORDINATOR: (
        ("patients:identity_queue", "Photo IDs to check"),
        ("patients:messages", "Messages to triage"),
        ("care:schedule", "Visits"),
    ),
    Role.EDITOR: (("content:editorial", "Articles and reviews"),),
    Role.ADMIN: (
        ("admin:index", "Administration"),
        ("accounts:audit_export", "Export the audit log"),
        ("records:exports", "Export patients' records"),
        ("credentials:credentials", "Clinicians' licences and registrations"),
    ),
    Role.PHARMACIST: (("pharmacy:queue", "Fill queue"),),
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: a patient's own dashboard, or the areas
    a staff member's roles open."""
    user = signed_in(request)
    if not user.is_staff_member and Role.PATIENT in user.roles:
        return redirect("workspace:home")
    areas: dict[str, str] = {}
    for role in sorted(user.roles):
        for url_name, label in STAFF_AREAS.get(role, ()):
            areas.setdefault(reverse(url_name), label)
    return render(
        request, "accounts/home.html", {"roles": sorted(user.roles), "areas": areas.items()}
    )


@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How long until an idle session ends; asking does not count as activity."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0})
    return JsonResponse({"signed_in": True, "seconds_left": idle_seconds_left(request)})


@require_POST
def session_keepalive(request: HttpRequest) -> JsonResponse:
    """ "Stay signed in": any request counts as activity, this one does nothing else."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False, "seconds_left": 0}, status=401)
    return JsonResponse({"signed_in": True, "seconds_left": idle_seconds_left(request)})


class _Echo:
    def write(self, value: str) -> str:
        return value


@role_required(Role.ADMIN)
@require_recent_auth
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """The whole audit log as CSV, for an administrator who has just confirmed it's them."""
    record_event("audit.exported", actor=request.user)
    writer = csv.writer(_Echo())
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return StreamingHttpResponse(
        (writer.writerow(row) for row in audit_rows()),
        content_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'},
    )


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """The language switch on every page: the same page in the language chosen, the choice
    kept in a cookie and, for someone signed in, on their account."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("Choose English or Spanish.")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("content:home")
    if request.user.is_authenticated:
        do_choose_language(request.user, language)
    response = redirect(in_language(back, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
