"""The language a page speaks: English at the plain addresses, Spanish under /es/.

Visitors and patients read the site in English or Spanish (``settings.LANGUAGES``); staff
pages stay English, and staff are offered no switch. The address says which:
``i18n_patterns`` in ketaclinic/urls.py puts the pages a visitor or patient reads under
/es/ as well, and Django's LocaleMiddleware turns
on the language the path names (English when it names none). So one address always gives
one language, which search engines and shared links need.

Someone who reads Spanish and asks for a plain address is sent to its /es/ twin: signed in,
when their account says Spanish; signed out, when the cookie the language switch sets says
so or, before they ever chose, when their browser's Accept-Language puts Spanish first.
Only a GET or HEAD is redirected, and only to a page that has a Spanish twin.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers

SPANISH = "es"
# The languages' names on staff pages, which stay English.
NAMES_IN_ENGLISH = {"en": "English", SPANISH: "Spanish"}


def name_in_english(language: str) -> str:
    """'English', 'Spanish': a language code named for staff pages and records."""
    return NAMES_IN_ENGLISH.get(language, language)


def page_language() -> str:
    """The language of the page being answered, as one of ours: "es" under /es/, else
    English."""
    active = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return active if active in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def preferred_language(request: HttpRequest) -> str:
    """The language this person reads: their account's, else the switch's cookie, else the
    browser's first choice among ours, else English."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return getattr(user, "language", "") or settings.LANGUAGE_CODE
    return translation.get_language_from_request(request)


def in_language(path: str, language: str) -> str:
    """``path`` (with its query) as it reads in ``language``; unchanged when the page it
    names has no twin in that language, or names no page."""
    spoken = translation.get_language_from_path(urlsplit(path).path) or settings.LANGUAGE_CODE
    with translation.override(spoken):
        return translate_url(path, language)


class PreferredLanguageMiddleware:
    """Sends a reader of Spanish from a plain address to its /es/ twin. After the session
    and authentication middleware, which tell who is asking."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and not translation.get_language_from_path(
            request.path_info
        ):
            wanted = preferred_language(request)
            if wanted != settings.LANGUAGE_CODE:
                here = request.get_full_path()
                there = in_language(here, wanted)
                if there != here:
                    response: HttpResponse = HttpResponseRedirect(there)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        return self.get_response(request)


def alternates(request: HttpRequest) -> dict[str, str]:
    """The page's address in each language, when it has a twin: for the switch and for
    ``hreflang``. Empty on pages that are English only, and for staff, whose pages are."""
    user = getattr(request, "user", None)
    if getattr(user, "is_staff_member", False):
        return {}
    english = in_language(request.get_full_path(), settings.LANGUAGE_CODE)
    spanish = in_language(english, SPANISH)
    if spanish == english:
        return {}
    return {settings.LANGUAGE_CODE: english, SPANISH: spanish}
