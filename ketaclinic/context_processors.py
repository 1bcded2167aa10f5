from django.conf import settings
from django.http import HttpRequest


def practice(request: HttpRequest) -> dict[str, object]:
    return {
        "practice_name": settings.PRACTICE_NAME,
        "practice_postal_address": settings.PRACTICE_POSTAL_ADDRESS,
        "idle_warning_seconds": settings.IDLE_WARNING_SECONDS,
    }
