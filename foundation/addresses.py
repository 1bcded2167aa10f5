"""Addresses reversed once and reused, for the code that builds the same ones again and again.

Django's ``reverse()`` walks the URL resolver on every call (about 30 µs). That is nothing
for a page with a few links, but the assessment redirects to its next step a thousand times
a second at its busiest, and the clinician's queue links two hundred rows to their charts.

- ``reverse_step(viewname, **kwargs)`` is ``reverse()`` remembered, for arguments from a
  small fixed set (the assessment's section ids): at most a few hundred addresses are kept.
- ``address_of(viewname, public_id)`` reverses once with a stand-in id and then writes each
  id where the stand-in stood, for pages that link many rows by public id.

Both give exactly what ``reverse()`` would: the script prefix and the page's language (the
/es/ pages) are part of what is remembered, and a test that swaps the URL configuration
clears what was remembered, as Django clears its own resolver.
"""

import uuid
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

# An id no record has, standing in for the real one while the address is reversed.
_STAND_IN = uuid.UUID("00000000-0000-4000-8000-000000000000")


@lru_cache(maxsize=512)
def _reversed(
    viewname: str, kwargs: tuple[tuple[str, str], ...], prefix: str, language: str
) -> str:
    return reverse(viewname, kwargs=dict(kwargs))


def reverse_step(viewname: str, **kwargs: str) -> str:
    """``reverse(viewname, kwargs=kwargs)``, remembered: only for arguments from a small
    fixed set (a section id, never a patient's id)."""
    return _reversed(viewname, tuple(sorted(kwargs.items())), get_script_prefix(), get_language())


def address_of(viewname: str, public_id: uuid.UUID) -> str:
    """``reverse(viewname, args=[public_id])`` for a view whose one argument is a UUID
    (``<uuid:...>``): reversed once for each script prefix and language, with a stand-in."""
    before, after = _around_the_id(viewname, get_script_prefix(), get_language())
    return f"{before}{public_id}{after}"


@lru_cache(maxsize=128)
def _around_the_id(viewname: str, prefix: str, language: str) -> tuple[str, str]:
    before, after = reverse(viewname, args=[_STAND_IN]).split(str(_STAND_IN))
    return before, after


@receiver(setting_changed)
def _forget_on_new_urls(*, setting: str, **kwargs: object) -> None:
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
        _around_the_id.cache_clear()
