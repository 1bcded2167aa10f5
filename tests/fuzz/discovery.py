"""Every URL pattern whose view takes a POST, found by walking the URL conf.

A view takes a POST when nothing says it does not: `require_http_methods` (and
`require_GET`/`require_POST`) keep their list of methods in the wrapper's closure, a
class-based view lists its handlers, and a plain function answers any method. The
fuzz table (`tests/fuzz/table.py`) must name every pattern found here.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Found:
    key: str
    """The URL name (`namespace:name`), or the route for a pattern with no name."""
    route: str
    view: Callable[..., Any]
    methods: frozenset[str] | None
    """The methods the view lists, or None when it answers any method."""


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str | None, Callable[..., Any]]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield prefix + str(pattern.pattern), name, pattern.callback


def allowed_methods(view: Callable[..., Any]) -> frozenset[str] | None:
    """The methods a view accepts, read from its decorators or its class; None for any."""
    current: Any = view
    for _ in range(30):
        if current is None:
            break
        view_class = getattr(current, "view_class", None)
        if view_class is not None:
            return frozenset(
                method.upper()
                for method in view_class.http_method_names
                if hasattr(view_class, method)
            )
        code = getattr(current, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars and current.__closure__:
            cell = current.__closure__[code.co_freevars.index("request_method_list")]
            return frozenset(cell.cell_contents)
        current = getattr(current, "__wrapped__", None)
    return None


def post_views() -> list[Found]:
    """Every pattern of the URL conf that takes a POST, in the URL conf's order."""
    found = []
    for route, name, view in _patterns(get_resolver()):
        methods = allowed_methods(view)
        if methods is None or "POST" in methods:
            found.append(Found(name or route, route, view, methods))
    return found
