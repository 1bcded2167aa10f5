"""Finding a visitor's draft again: a signed cookie holds its random key."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from assessment.models import DRAFT_LIFETIME, AssessmentDraft

COOKIE = "kc_assessment"
_SALT = "assessment.draft"


def current_draft(request: HttpRequest) -> AssessmentDraft | None:
    key = request.get_signed_cookie(COOKIE, default=None, salt=_SALT)
    if not key:
        return None
    return AssessmentDraft.objects.filter(key=key, expires_at__gt=timezone.now()).first()


def remember_draft(response: HttpResponse, draft: AssessmentDraft) -> None:
    response.set_signed_cookie(
        COOKIE,
        draft.key,
        salt=_SALT,
        max_age=int(DRAFT_LIFETIME.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def forget_draft(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")


def purge_expired_drafts() -> int:
    deleted, _ = AssessmentDraft.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
