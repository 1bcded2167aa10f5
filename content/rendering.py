"""Markdown to safe HTML, and `[@key]` citations to numbered links.

Editors write Markdown. It is rendered with Python-Markdown and then cleaned with
nh3 (ammonia) against a short allow-list, so a `<script>`, an `onerror=` or a
`javascript:` link in a body comes out inert. Citation markers are replaced only
after cleaning, with markup built here from validated keys.
"""

import re
from dataclasses import dataclass

import markdown
import nh3

from content.models import CITATION_KEY_PATTERN

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
    "sup", "sub", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope"},
    "ol": {"start"},
}
URL_SCHEMES = {"https", "http", "mailto", "tel"}

# [@correll2004] or [@correll2004; @sigtermans2009]
CITATION_MARKER = re.compile(rf"\[(@{CITATION_KEY_PATTERN}(?:\s*;\s*@{CITATION_KEY_PATTERN})*)\]")
_KEY_IN_MARKER = re.compile(rf"@({CITATION_KEY_PATTERN})")


def render_markdown(text: str) -> str:
    """Markdown → HTML with nothing that could run or load from elsewhere."""
    html = markdown.markdown(
        text, extensions=["sane_lists", "tables", "fenced_code"], output_format="html"
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def cited_keys(body: str) -> list[str]:
    """The citation keys of a body, in the order they are first cited."""
    keys: list[str] = []
    for marker in CITATION_MARKER.finditer(body):
        for key in _KEY_IN_MARKER.findall(marker.group(1)):
            if key not in keys:
                keys.append(key)
    return keys


@dataclass(frozen=True)
class RenderedArticle:
    html: str
    citation_keys: list[str]


def render_article_body(body: str) -> RenderedArticle:
    """Safe HTML with each [@key] as a superscript number linking to the reference list."""
    html = render_markdown(body)
    keys = cited_keys(html)
    numbers = {key: position for position, key in enumerate(keys, start=1)}

    def superscript(marker: re.Match[str]) -> str:
        links = [
            f'<a href="#ref-{numbers[key]}"><span class="visually-hidden">Reference </span>'
            f"{numbers[key]}</a>"
            for key in _KEY_IN_MARKER.findall(marker.group(1))
        ]
        return f'<sup class="cite">{", ".join(links)}</sup>'

    return RenderedArticle(html=CITATION_MARKER.sub(superscript, html), citation_keys=keys)
