"""Logs that an operator can search and that never hold health data.

Every line is one JSON object (``LOG_FORMAT=json``, the default in production) or one line
of text (``plain``, the default elsewhere), with the request id. Each request is logged
once when it ends, by its route name (``workspace:chart``), method, status and duration:
never its path, whose ids name patients, nor its query string or body.

With ``LOG_INSTANCE`` set, each line also names the process that wrote it (``web-1``,
``worker-2``), so lines from several app servers and workers read apart once gathered.

Django's own loggers put the path into some messages ("Not Found: /care/patients/…/");
``NoPaths`` keeps only the words before the path. An exception keeps its type and where it
was raised, not its message, which may quote a value from the record.
"""

import json
import logging
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse

from foundation.middleware import current_request_context

requests_log = logging.getLogger("ketaclinic.requests")

# The fields of a record that go into the JSON object when a call sets them in `extra`.
FIELDS = ("route", "method", "status", "duration_ms", "task", "event")


def route_of(request: HttpRequest) -> str:
    """The URL pattern's name, e.g. ``workspace:chart``; "-" when nothing matched."""
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None and match.view_name else "-"


class RequestLogMiddleware:
    """One line per request, when it ends: route, method, status, milliseconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        status = response.status_code
        requests_log.log(
            logging.WARNING if status >= 500 else logging.INFO,
            "request",
            extra={
                "route": route_of(request),
                "method": request.method,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class NoPaths(logging.Filter):
    """Django's request, CSRF and development-server messages end with the path (and the
    server's with the whole request line): keep the words before it."""

    LOGGERS = ("django.request", "django.security")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.server"):
            record.msg, record.args = "request", ()
        elif record.name.startswith(self.LOGGERS):
            record.msg, record.args = record.getMessage().split(":", 1)[0].strip(), ()
            record.request = None
        return True


def _where(record: logging.LogRecord) -> dict[str, object]:
    if not record.exc_info or record.exc_info[0] is None:
        return {}
    kind, _, trace = record.exc_info
    frames = [
        f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(trace)
    ]
    return {"error": kind.__name__, "trace": frames[-12:]}


class _Formatter(logging.Formatter):
    """A formatter that knows the name of its process (``LOG_INSTANCE``), if given one."""

    def __init__(self, *args: Any, instance: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance


class JsonFormatter(_Formatter):
    """One JSON object a line: time, level, logger, the instance when named, request id,
    message and the known fields; an exception as its type and frames only."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        if self.instance:
            entry["instance"] = self.instance
        entry |= {
            "request_id": current_request_context().request_id,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        entry.update(_where(record))
        return json.dumps(entry, default=str, ensure_ascii=False)


class PlainFormatter(_Formatter):
    """The same facts as text, for a developer's terminal."""

    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(
            f"{name}={getattr(record, name)}" for name in FIELDS if hasattr(record, name)
        )
        where = _where(record)
        tail = f" {where['error']} at {where['trace'][-1]}" if where else ""  # type: ignore[index]
        stamp = datetime.fromtimestamp(record.created, UTC).strftime("%H:%M:%SZ")
        request_id = current_request_context().request_id
        who = f" {self.instance}" if self.instance else ""
        line = f"{stamp}{who} {record.levelname} {record.name} [{request_id}] {record.getMessage()}"
        return f"{line} {fields}{tail}".rstrip()
