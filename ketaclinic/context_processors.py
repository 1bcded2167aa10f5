from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from foundation.language import alternates


def practice(request: HttpRequest) -> dict[str, object]:
    return {
        "practice_name": settings.PRACTICE_NAME,
        "practice_postal_address": settings.PRACTICE_POSTAL_ADDRESS,
        "idle_warning_seconds": settings.IDLE_WARNING_SECONDS,
        # The page's address in each language, worked out only when a template asks.
        "language_alternates": SimpleLazyObject(lambda: alternates(request)),
    }
