"""Words in a template that no translation tag holds: what a Spanish reader would meet in
English. ``python -m tests.i18n.untagged FILE...`` lists them.

A template is lexed as Django lexes it. Text between ``{% blocktranslate %}`` and its end is
tagged; so is every ``{% translate %}``. Elsewhere, the text a reader sees (between HTML
tags) and the attributes a reader or a screen reader meets (alt, title, aria-label,
placeholder, value of a button) must hold no word. Comments, ``<script>`` and ``<style>``
are skipped, as are the few words that read the same in every language (NEUTRAL).
"""

import re
import sys
from pathlib import Path

from django.template.base import Lexer, TokenType

NEUTRAL = {
    "ketaclinic",
    "English",
    "Español",
    "FHIR",
    "JSON",
    "PDF",
    "CSV",
    "PEG",
    "PHQ-9",
    "GAD-7",
    "PCL-5",
    "CRPS",
    "PTSD",
    "ID",
    "OK",
    "am",
    "pm",
    "mg",
    "mmHg",
    "bpm",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S | re.I)
_SHOWN_ATTRIBUTE = re.compile(
    r"""\b(alt|title|aria-label|placeholder|aria-description)\s*=\s*("([^"]*)"|'([^']*)')"""
)
_WORD = re.compile("[A-Za-zÁÉÍÓÚÑáéíóúñü][A-Za-zÁÉÍÓÚÑáéíóúñü'\u2019-]*")
_OPENS = ("blocktranslate", "blocktrans")
_PLACEHOLDER = "\x00"
_CLOSES = ("endblocktranslate", "endblocktrans")


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text) if word not in NEUTRAL]


def untagged(source: str) -> list[str]:
    """The untranslated snippets of a template's source, in order."""
    return _untagged_html(_flattened(source))


def _flattened(source: str) -> str:
    """The template's text outside translation blocks, each tag, variable and translated
    block standing as one placeholder, so that HTML split by them reads whole."""
    parts: list[str] = []
    inside_block = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split(" ", 1)[0]
            if name in _OPENS:
                inside_block += 1
            elif name in _CLOSES:
                inside_block -= 1
            parts.append(_PLACEHOLDER)
        elif token.token_type == TokenType.TEXT and not inside_block:
            parts.append(token.contents)
        elif token.token_type == TokenType.VAR:
            parts.append(_PLACEHOLDER)
    return "".join(parts)


def _untagged_html(text: str) -> list[str]:
    found: list[str] = []
    hidden = False  # inside <script> or <style>
    position = 0
    for match in _TAG.finditer(text):
        if not hidden:
            found.extend(_snippets(text[position : match.start()]))
        name = (match.group(2) or "").lower()
        if name in ("script", "style"):
            hidden = not match.group(1)
        if match.group(3) and not hidden:
            for attribute in _SHOWN_ATTRIBUTE.finditer(match.group(3)):
                found.extend(_snippets(attribute.group(3) or attribute.group(4) or ""))
        position = match.end()
    if not hidden:
        found.extend(_snippets(text[position:]))
    return found


def _snippets(text: str) -> list[str]:
    text = " ".join(text.replace(_PLACEHOLDER, " ").split())
    return [text] if _words(text) else []


def main(paths: list[str]) -> int:
    left = 0
    for path in paths:
        for snippet in untagged(Path(path).read_text()):
            print(f"{path}: {snippet}")
            left += 1
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
