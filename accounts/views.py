from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from accounts.middleware import idle_seconds_left


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a person lands after signing in: the areas their roles open."""
    user: Any = request.user
    return render(request, "accounts/home.html", {"roles": sorted(user.roles)})


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
