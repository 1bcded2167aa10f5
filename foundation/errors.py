"""Error reporting to Sentry, off unless ``SENTRY_DSN`` is set, with health data scrubbed.

What leaves the server for an error: its type, the frames it was raised through (file,
line, function, without local variables), the route's name, the request method, the
request id, the release and environment. What never leaves: the error's message (it may
quote a record), the URL and query string (ids name patients), the body, cookies and
headers, the user, breadcrumbs (log lines and SQL), and anything added as extra.
"""

import logging
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from foundation.middleware import current_request_context

KEPT_CONTEXTS = ("runtime", "os", "trace")


def _frames(exception: dict[str, Any]) -> list[dict[str, Any]]:
    frames = (exception.get("stacktrace") or {}).get("frames") or []
    kept = ("filename", "abs_path", "module", "function", "lineno", "in_app")
    return [{key: frame[key] for key in kept if key in frame} for frame in frames]


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """The event as it may leave: types and frames, the route and method, nothing else."""
    exceptions = (event.get("exception") or {}).get("values") or []
    request = event.get("request") or {}
    message = (event.get("logentry") or {}).get("message") or event.get("message") or ""
    scrubbed: dict[str, Any] = {
        key: event[key]
        for key in ("event_id", "timestamp", "level", "platform", "release", "environment")
        if key in event
    }
    if "/" not in str(event.get("transaction", "/")):  # a view's dotted name, never a path
        scrubbed["transaction"] = event["transaction"]
    scrubbed["exception"] = {
        "values": [
            {
                "type": value.get("type"),
                "module": value.get("module"),
                "stacktrace": {"frames": _frames(value)},
            }
            for value in exceptions
        ]
    }
    if message:
        scrubbed["logentry"] = {"message": str(message).split(":", 1)[0].split("%", 1)[0].strip()}
    if request.get("method"):
        scrubbed["request"] = {"method": request["method"]}
    contexts = event.get("contexts") or {}
    scrubbed["contexts"] = {name: contexts[name] for name in KEPT_CONTEXTS if name in contexts}
    scrubbed["tags"] = {"request_id": current_request_context().request_id}
    return scrubbed


def start_error_reporting(
    dsn: str, *, environment: str, release: str, transport: Any = None
) -> None:
    """Report unhandled errors (and logged errors) to Sentry, scrubbed; no tracing, no PII."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[
            DjangoIntegration(transaction_style="function_name"),
            LoggingIntegration(level=None, event_level=logging.ERROR),
        ],
        include_local_variables=False,
        include_source_context=False,
        max_breadcrumbs=0,
        traces_sample_rate=0.0,
        before_send=scrub_event,  # type: ignore[arg-type]
        transport=transport,
    )
