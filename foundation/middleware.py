"""Request-wide context: a request id for logs and the audit trail, and where the
request came from. Verbs read it through `current_request_context()` so that a
view never has to pass the request down just for auditing.
"""

import ipaddress
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import BadRequest
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
    """The client's address: the peer's, or behind ``TRUSTED_PROXY_COUNT`` proxies of ours
    the one the outermost of them put in X-Forwarded-For. Addresses further left were
    written by the client and prove nothing; a header shorter than the count, or an entry
    that is no address, falls back to the peer."""
    peer = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return peer
    hops = [hop.strip() for hop in forwarded.split(",")]
    if len(hops) < proxies:
        return peer
    try:
        return str(ipaddress.ip_address(hops[-proxies]))
    except ValueError:
        return peer


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


FORM_ENCODED = "application/x-www-form-urlencoded"


class FormCharsetMiddleware:
    """A url-encoded form that declares a charset other than UTF-8 is refused with a 400
    before anything reads it.

    Django refuses such a body each time `request.POST` is read. The CSRF check reads it,
    and so does the 400 page's own CSRF check, and then the 500 page's: the request ends
    in an error no handler can answer. Marking the body unreadable first lets the 400
    page render.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        encoding = request.encoding
        if request.content_type == FORM_ENCODED and encoding and encoding.lower() != "utf-8":
            request._mark_post_parse_error()  # type: ignore[attr-defined]
            raise BadRequest("A form must be sent as UTF-8.")
        return self.get_response(request)
