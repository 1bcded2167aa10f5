"""Published education and the newsletter.

An article's text lives in its revisions: `current_revision` is what the editors
are working on, `published_revision` is what the public reads. Only a clinician
who did not write the article can approve a revision, and approving it is what
publishes it (content/actions.py), so the public page always shows reviewed text.

Articles, conditions and pages are each written in one language (`language`, English or
Spanish). A Spanish twin is its own row with the same slug, and an article's twin goes
through the same review as the English one. The public pages show the twin in the
language of the address (`in_language`), and the English one where there is no twin.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import translation

from content.coverage import state_label
from foundation.language import page_language
from servicearea import places

CITATION_KEY_PATTERN = r"[A-Za-z][A-Za-z0-9_-]{0,59}"
citation_key_validator = RegexValidator(
    rf"^{CITATION_KEY_PATTERN}$",
    "Use letters, digits, hyphens or underscores, starting with a letter (e.g. correll2004).",
)
doi_validator = RegexValidator(
    r"^10\.\d{4,9}/\S+$", "A DOI starts with 10. and a slash, e.g. 10.1016/j.pain.2009.06.023."
)
pmid_validator = RegexValidator(r"^[1-9][0-9]{0,8}$", "A PubMed ID is a number, e.g. 19604642.")

ENGLISH = "en"
LANGUAGE_HELP = "The language of the text. A translation is its twin: the same address (slug)."


def language_field() -> "models.CharField[str, str]":
    return models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=ENGLISH, help_text=LANGUAGE_HELP
    )


class TwinQuerySet[T: models.Model](models.QuerySet[T]):
    """Rows written in a language, each with the same slug in other languages as twins."""

    def twins_in(self, language: str) -> "models.QuerySet[T]":
        """The rows in `language` that stand in for the English row of the same slug."""
        return self.model._default_manager.filter(language=language, slug=OuterRef("slug"))

    def in_language(self, language: str | None = None) -> "TwinQuerySet[T]":
        """Per slug, the row in `language` (the active one when left out) where there is
        one, else the English one."""
        language = language or page_language()
        if language == ENGLISH:
            return self.filter(language=ENGLISH)
        return self.filter(
            Q(language=language) | Q(language=ENGLISH) & ~Exists(self.twins_in(language))
        )


class Condition(models.Model):
    """A condition the practice writes about and screens for.

    Articles name the English row of a condition (what they are about); the pages show
    its twin in the reader's language."""

    slug = models.SlugField(max_length=60)
    language = language_field()
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    body = models.TextField(help_text="Markdown: what it is, how ketamine may help, treatment.")
    body_html = models.TextField(editable=False, default="")
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TwinQuerySet["Condition"].as_manager()

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="condition_slug_language")
        ]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("content:condition", args=[self.slug])


class Citation(models.Model):
    """One study in the reference library; articles cite it as [@key]."""

    key = models.CharField(max_length=60, unique=True, validators=[citation_key_validator])
    authors = models.CharField(max_length=600)
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=400)
    journal = models.CharField(max_length=200)
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=30, blank=True)
    doi = models.CharField(max_length=200, blank=True, validators=[doi_validator])
    pmid = models.CharField("PubMed ID", max_length=12, blank=True, validators=[pmid_validator])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        first_author = self.authors.split(",")[0].strip()
        return f"{first_author} {self.year} ({self.key})"

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    @property
    def source(self) -> str:
        """ "Pain 145(3):304-311" as far as the record goes."""
        text = self.journal
        if self.volume:
            text += f" {self.volume}"
            if self.issue:
                text += f"({self.issue})"
        if self.pages:
            text += f":{self.pages}" if self.volume else f", {self.pages}"
        return text


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class ArticleQuerySet(TwinQuerySet["Article"]):
    def public(self) -> "ArticleQuerySet":
        """Articles the public may read, with what their page needs."""
        return self.filter(published_revision__isnull=False).select_related(
            "published_revision", "published_revision__reviewed_by", "author"
        )

    def twins_in(self, language: str) -> "models.QuerySet[Article]":
        """Only a published twin stands in for the English article."""
        return Article.objects.filter(
            language=language, slug=OuterRef("slug"), published_revision__isnull=False
        )


class Article(models.Model):
    slug = models.SlugField(max_length=120)
    language = language_field()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles_written"
    )
    conditions = models.ManyToManyField(Condition, related_name="articles", blank=True)
    status = models.CharField(
        max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    current_revision = models.ForeignKey(
        "ArticleRevision", on_delete=models.PROTECT, null=True, related_name="+"
    )
    published_revision = models.ForeignKey(
        "ArticleRevision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_published_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="article_slug_language")
        ]

    def __str__(self) -> str:
        revision = self.current_revision
        return revision.title if revision else self.slug

    def get_absolute_url(self) -> str:
        return reverse("content:article", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.published_revision_id is not None

    @property
    def has_unpublished_changes(self) -> bool:
        return self.is_public and self.current_revision_id != self.published_revision_id


class ArticleRevision(models.Model):
    """One saved version of an article's text. Never changed after it is written,
    except to record its medical review."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    body_html = models.TextField(editable=False)
    citation_keys = models.JSONField(default=list, editable=False)
    note = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    restored_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="article_revision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article.slug} r{self.number}"


class Page(models.Model):
    """A public page written in Markdown (FAQ, safety, privacy, terms...)."""

    slug = models.SlugField(max_length=60)
    language = language_field()
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    body = models.TextField()
    body_html = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(auto_now=True)

    objects = TwinQuerySet["Page"].as_manager()

    class Meta:
        ordering = ["slug", "language"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="page_slug_language")
        ]

    def __str__(self) -> str:
        return self.title


class Audience(models.TextChoices):
    NEWSLETTER = "newsletter", "Newsletter"
    WAITLIST = "waitlist", "Waitlist"


class Subscriber(models.Model):
    """An address on the newsletter, or on the waitlist of one state.

    Nothing but the confirmation email goes to an address until it is confirmed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    email = models.EmailField(max_length=254)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    state = models.CharField(max_length=2, blank=True, help_text="The waitlist's state.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    confirmation_nonce = models.CharField(max_length=32, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the page they signed up on: their emails' language.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "audience", "state"], name="subscriber_unique"
            ),
            models.CheckConstraint(
                condition=Q(audience=Audience.NEWSLETTER, state="")
                | (Q(audience=Audience.WAITLIST) & ~Q(state="")),
                name="subscriber_waitlist_has_state",
            ),
        ]
        indexes = [models.Index(fields=["audience", "state", "status"])]

    def __str__(self) -> str:
        where = f" {self.state}" if self.state else ""
        return f"{self.get_audience_display()}{where}: {self.email}"

    @property
    def list_name(self) -> str:
        """ "the newsletter", "the Texas waitlist" ("el boletín", "la lista de espera de
        Texas" under /es/)."""
        if self.audience == Audience.WAITLIST:
            return translation.gettext("the %(state)s waitlist") % {
                "state": state_label(self.state)
            }
        return translation.gettext("the newsletter")


class NewsletterIssue(models.Model):
    """An email an administrator writes and sends to confirmed subscribers."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=150)
    body = models.TextField(help_text="Markdown. No health details about anyone, ever.")
    audience = models.CharField(
        max_length=20, choices=Audience.choices, default=Audience.NEWSLETTER
    )
    waitlist_state = models.CharField(
        max_length=2, blank=True, help_text="For a waitlist issue: the state's two letters."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    send_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    send_requested_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        if self.audience == Audience.WAITLIST:
            code = self.waitlist_state.strip().upper()
            if code not in places.US_STATE_CODES or code in places.SERVED_STATES:
                raise ValidationError(
                    {"waitlist_state": "Give the two letters of a state we do not serve yet."}
                )
            self.waitlist_state = code
        else:
            self.waitlist_state = ""


class NewsletterDelivery(models.Model):
    """One issue to one subscriber: claimed, sent and recorded exactly once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"
        GAVE_UP = "gave_up", "Failed, gave up"
        SKIPPED = "skipped", "Skipped (unsubscribed)"

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["issue", "pk"]
        verbose_name_plural = "newsletter deliveries"
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_delivery_once")
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscriber_id}: {self.status}"
