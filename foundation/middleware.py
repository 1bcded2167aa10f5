"""Request-wide context: a request id for logs and the audit trail, and where the
request came from. Verbs read it through `current_request_context()` so that a
view never has to pass the request down just for auditing.
"""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip: str | None
    user_agent: str


_NO_REQUEST = RequestContext(request_id="-", ip=None, user_agent="")
_context: ContextVar[RequestContext] = ContextVar("ketaclinic_request", default=_NO_REQUEST)


def current_request_context() -> RequestContext:
    return _context.get()


def client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy, the deployment sets REMOTE_ADDR from a trusted header.
    return request.META.get("REMOTE_ADDR") or None


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _SAFE_REQUEST_ID.match(offered) else uuid.uuid4().hex
        context = RequestContext(
            request_id=request_id,
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", "")[:300],
        )
        token = _context.set(context)
        try:
            response = self.get_response(request)
        finally:
            _context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_context().request_id
        return True
