"""The content app's verbs: every change to an article, a page, a subscriber or a
newsletter issue goes through one of these, and each records an audit event.

Articles: draft → in review → published. Any edit makes a new revision and puts
the article back to draft (the public keeps reading the published revision until
a new one is approved). Only a clinician who neither wrote the article nor the
revision can approve it, and approving is what publishes it.

Newsletter: double opt-in with a signed, expiring link; each issue is delivered
through per-recipient rows claimed with a conditional UPDATE, so a re-run after a
worker restart skips what was already sent, and a failed send is retried later.
"""

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from audit.events import record_event
from background.queue import enqueue
from content.mail import newsletter_issue_email
from content.models import (
    ENGLISH,
    Article,
    ArticleRevision,
    ArticleStatus,
    Audience,
    Citation,
    Condition,
    NewsletterDelivery,
    NewsletterIssue,
    Page,
    Subscriber,
)
from content.rendering import cited_keys, render_article_body, render_markdown
from foundation.language import NAMES_IN_ENGLISH, name_in_english, page_language
from foundation.refusals import Refused

# How long a confirmation link works, and how soon the same address may be sent another.
CONFIRMATION_MAX_AGE = datetime.timedelta(days=3)
CONFIRMATION_RESEND_AFTER = datetime.timedelta(minutes=2)
_CONFIRM_SALT = "content.newsletter.confirm"

# Newsletter delivery: attempts before giving up, the wait before each retry, and how
# long a claimed delivery may stay "sending" before a restarted worker takes it over.
MAX_DELIVERY_ATTEMPTS = 5
RETRY_DELAYS = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
)


def delivery_lease() -> datetime.timedelta:
    """How long a delivery stays "sending" before another pass may take it: a worker
    killed mid-send leaves it so, and SMTP cannot tell whether the message went."""
    return datetime.timedelta(seconds=settings.NEWSLETTER_DELIVERY_LEASE_SECONDS)


class WorkflowError(Refused):
    """A change the current state does not allow; the message is for the person."""

    code = "workflow"

    def __init__(self, message: str) -> None:
        super().__init__([message])


class ContentPermissionDenied(PermissionDenied):
    """The person's role does not allow this change."""


class SubscriptionLinkError(WorkflowError):
    """A newsletter link that names no subscription."""

    code = "subscription_link"


class SubscriptionLinkExpired(SubscriptionLinkError):
    """A newsletter link past its time."""

    code = "subscription_link_expired"


def _require_role(user: User, *roles: Role, message: str) -> None:
    if not getattr(user, "is_authenticated", False) or not user.roles & set(roles):
        raise ContentPermissionDenied(message)


def missing_citation_keys(body: str) -> list[str]:
    """Keys cited in a body that are not in the reference library."""
    keys = cited_keys(render_markdown(body))
    known = set(Citation.objects.filter(key__in=keys).values_list("key", flat=True))
    return [key for key in keys if key not in known]


def _check_citations(body: str) -> None:
    missing = missing_citation_keys(body)
    if missing:
        raise WorkflowError(
            "These citations are not in the reference library: "
            + ", ".join(f"[@{key}]" for key in missing)
        )


def _locked(article: Article) -> Article:
    return (
        Article.objects.select_for_update(of=("self",))
        .select_related("current_revision")
        .get(pk=article.pk)
    )


def _write_revision(
    article: Article,
    *,
    by: User,
    title: str,
    summary: str,
    body: str,
    note: str,
    restored_from: ArticleRevision | None = None,
) -> ArticleRevision:
    rendered = render_article_body(body)
    last = article.revisions.aggregate(last=Max("number"))["last"] or 0
    revision = ArticleRevision.objects.create(
        article=article,
        number=last + 1,
        title=title,
        summary=summary,
        body=body,
        body_html=rendered.html,
        citation_keys=rendered.citation_keys,
        note=note,
        created_by=by,
        restored_from=restored_from,
    )
    article.current_revision = revision
    article.status = ArticleStatus.DRAFT
    article.save(update_fields=["current_revision", "status", "updated_at"])
    return revision


# Articles ---------------------------------------------------------------------------


def _language(language: str) -> str:
    if language not in dict(settings.LANGUAGES) or language not in NAMES_IN_ENGLISH:
        raise WorkflowError(f"Articles are written in English or Spanish, not {language!r}.")
    return language


def _conditions_named(conditions: list[Condition]) -> list[Condition]:
    """The English rows of these conditions: an article in any language names those, and
    the public pages show their twins in the reader's language."""
    slugs = {condition.slug for condition in conditions}
    if all(c.language == ENGLISH for c in conditions):
        return conditions
    return list(Condition.objects.filter(language=ENGLISH, slug__in=slugs))


@transaction.atomic
def do_create_article(
    *,
    by: User,
    slug: str,
    title: str,
    summary: str,
    body: str,
    conditions: list[Condition] | None = None,
    note: str = "",
    language: str = ENGLISH,
) -> Article:
    """A new draft article written by an editor, with its first revision.

    A Spanish article with the slug of an English one is its twin (its translation), shown
    at the Spanish address of the same page once a clinician approves it."""
    _require_role(by, Role.EDITOR, message="Only a medical editor can write articles.")
    language = _language(language)
    if Article.objects.filter(slug=slug, language=language).exists():
        in_language = "" if language == ENGLISH else f" in {name_in_english(language)}"
        raise WorkflowError(f"An article with the address {slug!r}{in_language} already exists.")
    _check_citations(body)
    article = Article.objects.create(slug=slug, language=language, author=by)
    article.conditions.set(_conditions_named(conditions or []))
    _write_revision(
        article, by=by, title=title, summary=summary, body=body, note=note or "First draft"
    )
    detail: dict[str, Any] = {"revision": 1}
    if language != ENGLISH:
        detail["language"] = language
    record_event("article.created", actor=by, target=article, detail=detail)
    return article


@transaction.atomic
def do_save_revision(
    article: Article,
    *,
    by: User,
    title: str,
    summary: str,
    body: str,
    note: str = "",
    conditions: list[Condition] | None = None,
) -> ArticleRevision:
    """Save an edit as a new revision; the article goes back to draft for review.

    Saving text identical to the current revision changes nothing.
    """
    _require_role(by, Role.EDITOR, message="Only a medical editor can edit articles.")
    article = _locked(article)
    _check_citations(body)
    current = article.current_revision
    if conditions is not None:
        conditions = _conditions_named(conditions)
    conditions_changed = conditions is not None and {c.pk for c in conditions} != set(
        article.conditions.values_list("pk", flat=True)
    )
    if conditions_changed:
        article.conditions.set(conditions or [])
    if current and (current.title, current.summary, current.body) == (title, summary, body):
        if conditions_changed:
            record_event("article.conditions_changed", actor=by, target=article)
        return current
    previous_status = article.status
    revision = _write_revision(article, by=by, title=title, summary=summary, body=body, note=note)
    record_event(
        "article.revised",
        actor=by,
        target=article,
        detail={"revision": revision.number, "previous_status": previous_status},
    )
    return revision


@transaction.atomic
def do_submit_for_review(article: Article, *, by: User) -> Article:
    """Draft → in review: the current revision waits for a clinician."""
    _require_role(by, Role.EDITOR, message="Only a medical editor can send an article for review.")
    article = _locked(article)
    if article.status != ArticleStatus.DRAFT:
        raise WorkflowError("Only a draft can be sent for review.")
    article.status = ArticleStatus.IN_REVIEW
    article.save(update_fields=["status", "updated_at"])
    record_event(
        "article.submitted_for_review",
        actor=by,
        target=article,
        detail={"revision": article.current_revision.number},  # type: ignore[union-attr]
    )
    return article


def _check_reviewer(article: Article, user: User) -> ArticleRevision:
    """The clinician reviewing must not have written the article or the revision."""
    _require_role(user, Role.CLINICIAN, message="Only a clinician can review an article.")
    revision = article.current_revision
    assert revision is not None
    if user.pk in (article.author_id, revision.created_by_id):
        raise ContentPermissionDenied(
            "A clinician cannot review an article they wrote; another clinician must."
        )
    return revision


@transaction.atomic
def do_approve_article(
    article: Article, *, by: User, reviewed_on: datetime.date | None = None
) -> Article:
    """A clinician who is not the author approves the revision in review, which publishes it.

    `reviewed_on` is the day of the medical review (today unless an import says otherwise).
    """
    article = _locked(article)
    revision = _check_reviewer(article, by)
    if article.status != ArticleStatus.IN_REVIEW:
        raise WorkflowError("Only an article in review can be approved.")
    revision.reviewed_by = by
    revision.reviewed_on = reviewed_on or timezone.localdate()
    revision.save(update_fields=["reviewed_by", "reviewed_on"])
    record_event(
        "article.approved",
        actor=by,
        target=article,
        detail={"revision": revision.number, "reviewed_on": revision.reviewed_on.isoformat()},
    )
    return do_publish_article(article, by=by)


@transaction.atomic
def do_publish_article(article: Article, *, by: User) -> Article:
    """Make the approved revision the public one.

    Refused unless the revision in review carries the approval of `by`, a clinician
    who is not the author: an editor can never publish an article on their own.
    """
    article = _locked(article)
    revision = _check_reviewer(article, by)
    if article.status != ArticleStatus.IN_REVIEW or revision.reviewed_by_id != by.pk:
        raise WorkflowError(
            "An article is published only when a clinician who did not write it approves it."
        )
    now = timezone.now()
    article.published_revision = revision
    article.status = ArticleStatus.PUBLISHED
    article.published_at = now
    article.first_published_at = article.first_published_at or now
    article.save(
        update_fields=[
            "published_revision",
            "status",
            "published_at",
            "first_published_at",
            "updated_at",
        ]
    )
    record_event(
        "article.published", actor=by, target=article, detail={"revision": revision.number}
    )
    return article


@transaction.atomic
def do_request_changes(article: Article, *, by: User, note: str) -> Article:
    """In review → draft, with the clinician's reasons."""
    article = _locked(article)
    revision = _check_reviewer(article, by)
    if article.status != ArticleStatus.IN_REVIEW:
        raise WorkflowError("Only an article in review can be sent back.")
    article.status = ArticleStatus.DRAFT
    article.save(update_fields=["status", "updated_at"])
    record_event(
        "article.changes_requested",
        actor=by,
        target=article,
        detail={"revision": revision.number, "note": note[:500]},
    )
    return article


@transaction.atomic
def do_restore_revision(
    article: Article, revision: ArticleRevision, *, by: User
) -> ArticleRevision:
    """Bring back an earlier revision's text as a new revision (history is never rewritten)."""
    _require_role(by, Role.EDITOR, message="Only a medical editor can restore a revision.")
    article = _locked(article)
    if revision.article_id != article.pk:
        raise WorkflowError("That revision belongs to another article.")
    if article.current_revision_id == revision.pk:
        raise WorkflowError("That revision is already the current one.")
    restored = _write_revision(
        article,
        by=by,
        title=revision.title,
        summary=revision.summary,
        body=revision.body,
        note=f"Restored from revision {revision.number}",
        restored_from=revision,
    )
    record_event(
        "article.revision_restored",
        actor=by,
        target=article,
        detail={"restored": revision.number, "revision": restored.number},
    )
    return restored


# Pages, conditions and the reference library ------------------------------------------


@transaction.atomic
def do_save_page(page: Page, *, by: User | None = None) -> Page:
    page.body_html = render_markdown(page.body)
    page.save()
    record_event("page.saved", actor=by, target=page, detail={"slug": page.slug})
    return page


@transaction.atomic
def do_save_condition(condition: Condition, *, by: User | None = None) -> Condition:
    condition.body_html = render_markdown(condition.body)
    condition.save()
    record_event("condition.saved", actor=by, target=condition, detail={"slug": condition.slug})
    return condition


@transaction.atomic
def do_save_citation(citation: Citation, *, by: User | None = None) -> Citation:
    citation.full_clean()
    citation.save()
    record_event("citation.saved", actor=by, target=citation, detail={"key": citation.key})
    return citation


# Newsletter and waitlist sign-up ------------------------------------------------------


def normalise_email(email: str) -> str:
    return email.strip().lower()


def confirmation_code(subscriber: Subscriber) -> str:
    """The signed, time-stamped value in a confirmation link."""
    value = f"{subscriber.token.hex}:{subscriber.confirmation_nonce}"
    return signing.TimestampSigner(salt=_CONFIRM_SALT).sign(value)


def do_subscribe(email: str, *, audience: str = Audience.NEWSLETTER, state: str = "") -> None:
    """Ask for a confirmation of this address, unless it is already confirmed.

    Returns nothing, so a view cannot tell a new address from a known one; a
    confirmed address gets no email, a pending one at most one every two minutes.
    """
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError as error:
        raise WorkflowError("Enter an email address like name@example.com.") from error
    if audience == Audience.NEWSLETTER:
        state = ""
    elif not state:
        raise WorkflowError("A waitlist sign-up needs a state.")
    with transaction.atomic():
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(
            email=email, audience=audience, state=state
        )
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return
        now = timezone.now()
        recently_sent = subscriber.confirmation_sent_at and (
            now - subscriber.confirmation_sent_at < CONFIRMATION_RESEND_AFTER
        )
        if recently_sent and subscriber.status == Subscriber.Status.PENDING:
            return
        subscriber.status = Subscriber.Status.PENDING
        subscriber.language = page_language()
        subscriber.confirmation_nonce = secrets.token_hex(8)
        subscriber.confirmation_sent_at = now
        subscriber.save()
        record_event(
            "newsletter.confirmation_requested",
            target=subscriber,
            detail={"audience": audience, "state": state, "new": created},
        )
    enqueue("content.tasks.send_confirmation_email", subscriber.pk)


def subscriber_for_code(code: str) -> Subscriber:
    """The subscriber a confirmation link names; raises if it is forged, stale or expired."""
    try:
        value = signing.TimestampSigner(salt=_CONFIRM_SALT).unsign(
            code, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise SubscriptionLinkExpired("This confirmation link has expired.") from error
    except signing.BadSignature as error:
        raise SubscriptionLinkError("This confirmation link is not valid.") from error
    token_hex, _, nonce = value.partition(":")
    subscriber = Subscriber.objects.filter(token=token_hex).first()
    if subscriber is None or not nonce or subscriber.confirmation_nonce != nonce:
        raise SubscriptionLinkError("This confirmation link is not valid any more.")
    return subscriber


@transaction.atomic
def do_confirm_subscription(code: str) -> Subscriber:
    """Confirm the address a link was sent to. Confirming twice is harmless."""
    subscriber = subscriber_for_code(code)
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    if subscriber.status != Subscriber.Status.PENDING:
        raise SubscriptionLinkError("This confirmation link is not valid any more.")
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = timezone.now()
    subscriber.save(update_fields=["status", "confirmed_at"])
    record_event(
        "newsletter.subscription_confirmed",
        target=subscriber,
        detail={"audience": subscriber.audience, "state": subscriber.state},
    )
    return subscriber


@transaction.atomic
def do_unsubscribe(subscriber: Subscriber) -> Subscriber:
    """Stop every email to this address on this list. Unsubscribing twice is harmless."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return subscriber
    subscriber.status = Subscriber.Status.UNSUBSCRIBED
    subscriber.unsubscribed_at = timezone.now()
    subscriber.save(update_fields=["status", "unsubscribed_at"])
    record_event(
        "newsletter.unsubscribed",
        target=subscriber,
        detail={"audience": subscriber.audience, "state": subscriber.state},
    )
    return subscriber


# Newsletter issues --------------------------------------------------------------------


def issue_recipients(issue: NewsletterIssue) -> Any:
    state = issue.waitlist_state if issue.audience == Audience.WAITLIST else ""
    return Subscriber.objects.filter(
        audience=issue.audience, state=state, status=Subscriber.Status.CONFIRMED
    )


def do_send_newsletter_issue(issue: NewsletterIssue, *, by: User) -> int:
    """Queue an issue for every confirmed subscriber of its audience; the worker sends it.

    One delivery row per recipient is written now, so the recipients are fixed and
    each row can be claimed once. Returns the number of recipients.
    """
    if not (getattr(by, "is_superuser", False) or Role.ADMIN in getattr(by, "roles", ())):
        raise ContentPermissionDenied("Only an administrator can send a newsletter issue.")
    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != NewsletterIssue.Status.DRAFT:
            raise WorkflowError("This issue has already been sent.")
        if issue.audience == Audience.WAITLIST and not issue.waitlist_state:
            raise WorkflowError("Choose the state whose waitlist this issue is for.")
        recipient_ids = list(issue_recipients(issue).order_by("pk").values_list("pk", flat=True))
        NewsletterDelivery.objects.bulk_create(
            [NewsletterDelivery(issue=issue, subscriber_id=pk) for pk in recipient_ids],
            batch_size=500,
            ignore_conflicts=True,
        )
        issue.status = NewsletterIssue.Status.SENDING
        issue.send_requested_by = by
        issue.send_requested_at = timezone.now()
        issue.save(update_fields=["status", "send_requested_by", "send_requested_at"])
        record_event(
            "newsletter.issue_queued",
            actor=by,
            target=issue,
            detail={"recipients": len(recipient_ids), "audience": issue.audience},
        )
    enqueue("content.tasks.send_newsletter_issue", issue.pk)
    return len(recipient_ids)


def _ready_deliveries(now: datetime.datetime) -> Q:
    """Deliveries a worker may claim: new ones, failed ones whose wait is over, and
    ones a stopped worker left "sending" longer than the lease."""
    return (
        Q(status=NewsletterDelivery.Status.PENDING)
        | Q(status=NewsletterDelivery.Status.FAILED, next_attempt_at__lte=now)
        | Q(status=NewsletterDelivery.Status.SENDING, last_attempt_at__lt=now - delivery_lease())
    )


def do_deliver_newsletter(delivery_id: int, *, mailer: BaseEmailBackend | None = None) -> str:
    """Send one issue to one subscriber, at most once.

    The row is claimed with a conditional UPDATE (only one worker can move it to
    "sending"), the email is sent, and the outcome is recorded. Returns "sent",
    "failed", "gave_up", "skipped" or "not_ready" (already sent, or claimed by
    another worker).
    """
    now = timezone.now()
    claimed = (
        NewsletterDelivery.objects.filter(_ready_deliveries(now), pk=delivery_id).update(
            status=NewsletterDelivery.Status.SENDING,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            next_attempt_at=None,
        )
        == 1
    )
    if not claimed:
        return "not_ready"
    delivery = NewsletterDelivery.objects.select_related("issue", "subscriber").get(pk=delivery_id)
    mine = NewsletterDelivery.objects.filter(
        pk=delivery_id, status=NewsletterDelivery.Status.SENDING, attempts=delivery.attempts
    )
    if delivery.subscriber.status != Subscriber.Status.CONFIRMED:
        mine.update(status=NewsletterDelivery.Status.SKIPPED)
        return "skipped"
    message = newsletter_issue_email(delivery.issue, delivery.subscriber)
    try:
        (mailer or mail.mailers.default).send_messages([message])
    except Exception as error:
        gave_up = delivery.attempts >= MAX_DELIVERY_ATTEMPTS
        delay = RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
        with transaction.atomic():
            mine.update(
                status=(
                    NewsletterDelivery.Status.GAVE_UP
                    if gave_up
                    else NewsletterDelivery.Status.FAILED
                ),
                last_error=f"{type(error).__name__}: {error}"[:1000],
                next_attempt_at=None if gave_up else timezone.now() + delay,
            )
            record_event(
                "newsletter.delivery_failed",
                target=delivery,
                detail={
                    "issue": delivery.issue_id,
                    "attempt": delivery.attempts,
                    "error": type(error).__name__,
                    "gave_up": gave_up,
                },
            )
        return "gave_up" if gave_up else "failed"
    with transaction.atomic():
        mine.update(status=NewsletterDelivery.Status.SENT, sent_at=timezone.now(), last_error="")
        record_event(
            "newsletter.delivered",
            target=delivery,
            detail={"issue": delivery.issue_id, "attempt": delivery.attempts},
        )
    return "sent"


@dataclass
class DeliveryRun:
    """What one pass of the worker over an issue did, and what is left."""

    outcomes: dict[str, int]
    more_ready: bool
    retry_at: datetime.datetime | None
    finished: bool


def deliver_newsletter_issue(
    issue_id: int, *, mailer: BaseEmailBackend | None = None, batch_size: int = 200
) -> DeliveryRun:
    """One pass of the worker: deliver up to `batch_size` ready rows of an issue."""
    now = timezone.now()
    ready = NewsletterDelivery.objects.filter(_ready_deliveries(now), issue_id=issue_id)
    outcomes: dict[str, int] = {}
    for delivery_id in ready.order_by("pk").values_list("pk", flat=True)[:batch_size]:
        outcome = do_deliver_newsletter(delivery_id, mailer=mailer)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    later = timezone.now()
    failed_retry = (
        NewsletterDelivery.objects.filter(
            issue_id=issue_id, status=NewsletterDelivery.Status.FAILED
        )
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    oldest_claim = (
        NewsletterDelivery.objects.filter(
            issue_id=issue_id, status=NewsletterDelivery.Status.SENDING
        )
        .order_by("last_attempt_at")
        .values_list("last_attempt_at", flat=True)
        .first()
    )
    lease_ends = oldest_claim + delivery_lease() if oldest_claim else None
    next_retry = min((at for at in (failed_retry, lease_ends) if at), default=None)
    return DeliveryRun(
        outcomes=outcomes,
        more_ready=NewsletterDelivery.objects.filter(
            _ready_deliveries(later), issue_id=issue_id
        ).exists(),
        retry_at=next_retry,
        finished=_finish_issue_if_done(issue_id),
    )


def _finish_issue_if_done(issue_id: int) -> bool:
    unfinished = NewsletterDelivery.objects.filter(
        issue_id=issue_id,
        status__in=[
            NewsletterDelivery.Status.PENDING,
            NewsletterDelivery.Status.SENDING,
            NewsletterDelivery.Status.FAILED,
        ],
    )
    if unfinished.exists():
        return False
    with transaction.atomic():
        done = NewsletterIssue.objects.filter(
            pk=issue_id, status=NewsletterIssue.Status.SENDING
        ).update(status=NewsletterIssue.Status.SENT, sent_at=timezone.now())
        if done:
            issue = NewsletterIssue.objects.get(pk=issue_id)
            counts = {
                status: issue.deliveries.filter(status=status).count()
                for status in NewsletterDelivery.Status.values
            }
            record_event(
                "newsletter.issue_sent",
                target=issue,
                detail={k: v for k, v in counts.items() if v},
            )
    return True


def do_resume_newsletter_issue(issue: NewsletterIssue, *, by: User) -> None:
    """Queue another pass over an issue still sending (after a worker was stopped)."""
    if not (getattr(by, "is_superuser", False) or Role.ADMIN in getattr(by, "roles", ())):
        raise ContentPermissionDenied("Only an administrator can resume sending.")
    if issue.status != NewsletterIssue.Status.SENDING:
        raise WorkflowError("Only an issue that is still sending can be resumed.")
    record_event("newsletter.issue_resumed", actor=by, target=issue)
    enqueue("content.tasks.send_newsletter_issue", issue.pk)
