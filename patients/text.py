"""Markdown we write ourselves (consents, the monitor guide), made safe to show."""

import hashlib
from functools import cache
from pathlib import Path

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

_HERE = Path(__file__).resolve().parent
MONITOR_GUIDE_PATH = _HERE / "monitor_guide.md"
MONITOR_GUIDE_ES_PATH = _HERE / "monitor_guide.es.md"


def render_markdown(text: str) -> SafeString:
    html = markdown.markdown(text, extensions=["sane_lists"])
    return mark_safe(nh3.clean(html))  # noqa: S308 — cleaned by nh3 just above


def split_title(text: str) -> tuple[str, str]:
    """A document's '# Title' line and the body after it."""
    first, _, rest = text.strip().partition("\n")
    return first.removeprefix("#").strip(), rest.strip()


@cache
def monitor_guide() -> tuple[str, str, str]:
    """(title, body, version) of the monitor guide; the version changes with the text."""
    title, body = split_title(MONITOR_GUIDE_PATH.read_text(encoding="utf-8"))
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    return title, body, version


@cache
def monitor_guide_es() -> tuple[str, str]:
    """(title, body) of the guide in Spanish: the same guide, so the same version as the
    English (tests/test_spanish.py pins the English it translates)."""
    return split_title(MONITOR_GUIDE_ES_PATH.read_text(encoding="utf-8"))
