"""The client's address behind nginx: X-Forwarded-For counts only when a proxy of ours is
configured, and then only the entry that proxy wrote."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from foundation.middleware import RequestIdMiddleware, client_ip, current_request_context

NGINX = "127.0.0.1"


def request_from(peer: str, forwarded: str | None = None) -> HttpRequest:
    request = RequestFactory().get("/", REMOTE_ADDR=peer)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_a_trusted_proxy_the_header_is_ignored(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("198.51.100.4", "203.0.113.9")) == "198.51.100.4"


def test_behind_one_proxy_the_address_it_added_is_the_client(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(NGINX, "203.0.113.9")) == "203.0.113.9"


def test_an_address_the_client_forged_further_left_is_not_believed(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent "X-Forwarded-For: 10.9.9.9"; nginx appended the real address.
    assert client_ip(request_from(NGINX, "10.9.9.9, 203.0.113.9")) == "203.0.113.9"


def test_two_proxies_count_two_from_the_right(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 2
    forwarded = "10.9.9.9, 203.0.113.9, 192.0.2.10"
    assert client_ip(request_from("192.0.2.20", forwarded)) == "203.0.113.9"


def test_a_header_that_is_no_address_or_too_short_falls_back_to_the_peer(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(NGINX, "not-an-address")) == NGINX
    assert client_ip(request_from(NGINX, "")) == NGINX
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(NGINX, "203.0.113.9")) == NGINX


def test_the_request_context_that_audit_events_read_holds_the_client(settings: Any) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    seen: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(current_request_context().ip)
        return HttpResponse()

    RequestIdMiddleware(view)(request_from(NGINX, "2001:db8::7"))
    assert seen == ["2001:db8::7"]
