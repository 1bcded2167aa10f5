"""Finding a visitor's draft again: a signed cookie holds its random key."""

from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from assessment.models import DRAFT_LIFETIME, AssessmentDraft

COOKIE = "kc_assessment"
_SALT = "assessment.draft"


def current_draft(request: HttpRequest) -> AssessmentDraft | None:
    key = request.get_signed_cookie(COOKIE, default=None, salt=_SALT)
    if not key:
        return None
    try:
        return AssessmentDraft.objects.get(key=key, expires_at__gt=timezone.now())
    except AssessmentDraft.DoesNotExist:
        return None


def save_draft(draft: AssessmentDraft, answers: dict[str, Any]) -> None:
    """Keep the answers so far.

    On PostgreSQL the draft's own transaction commits without waiting for the disk
    (asynchronous commit): the wait was most of a page's time. The database stays
    consistent; only a crash of the database server in the fraction of a second after a
    save can lose that save, and the visitor then answers that page again. Everything
    else (records of care, consents, the audit log) commits durably as before, and a
    save inside a larger transaction leaves it as it is.
    """
    draft.answers = answers
    draft.updated_at = timezone.now()
    inside_another = connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and not inside_another:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        if draft.pk is None:
            draft.save()
        else:
            draft.save(update_fields=["answers", "updated_at"])


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
