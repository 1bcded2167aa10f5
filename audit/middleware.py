"""Every page of the Django admin leaves an audit event: who opened or changed what."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from audit.events import record_event

ADMIN_PREFIX = "/admin/"


class AdminAuditMiddleware:
    """Records each request a signed-in person makes to the admin, after it is answered:
    the method, the path (model and row, never a patient's name) and the status."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIX) and request.user.is_authenticated:
            record_event(
                "admin.changed" if request.method == "POST" else "admin.viewed",
                actor=request.user,
                detail={
                    "method": request.method,
                    "path": request.path[:300],
                    "status": response.status_code,
                },
            )
        return response
