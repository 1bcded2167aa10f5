"""What search engines and feed readers get: JSON-LD, the sitemap and the Atom feed.

Every address is absolute and built from SITE_URL, never from the request's Host.

The sitemap lists each page at its address in every language (the plain one is English,
/es/ Spanish), each naming all of them as hreflang alternates with x-default on English:
the same alternates the page itself carries.
"""

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeString, mark_safe

from content.models import ENGLISH, Article, Citation, Condition

# What json_script escapes, so the data can never close its <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def json_ld(data: dict[str, Any]) -> SafeString:
    """JSON for a <script type="application/ld+json"> element (data, never run)."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


@dataclass(frozen=True)
class Reference:
    number: int
    key: str
    citation: Citation | None


def scholarly_article(citation: Citation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "ScholarlyArticle",
        "name": citation.title,
        "author": citation.authors,
        "datePublished": str(citation.year),
        "isPartOf": {"@type": "Periodical", "name": citation.journal},
    }
    links = [url for url in (citation.doi_url, citation.pubmed_url) if url]
    if citation.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": citation.doi}
    if links:
        data["url"] = links[0]
        data["sameAs"] = links
    if citation.pages:
        data["pagination"] = citation.pages
    return data


def in_language(language: str) -> str:
    """schema.org's inLanguage: the language as spoken in the United States."""
    return f"{language}-US"


def article_json_ld(
    article: Article, references: list[Reference], conditions: Iterable[Condition]
) -> SafeString:
    revision = article.published_revision
    assert revision is not None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": revision.title,
        "headline": revision.title,
        "description": revision.summary,
        "url": absolute(article.get_absolute_url()),
        "inLanguage": in_language(article.language),
        "author": {"@type": "Person", "name": article.author.display_name},
        "publisher": {
            "@type": "MedicalOrganization",
            "name": settings.PRACTICE_NAME,
            "url": absolute("/"),
        },
        "audience": {"@type": "PeopleAudience", "audienceType": "Patients"},
        "about": [
            {"@type": "MedicalCondition", "name": condition.name} for condition in conditions
        ],
        "citation": [
            scholarly_article(reference.citation)
            for reference in references
            if reference.citation is not None
        ],
    }
    if article.first_published_at and article.published_at:
        data["datePublished"] = article.first_published_at.date().isoformat()
        data["dateModified"] = article.published_at.date().isoformat()
    if revision.reviewed_by and revision.reviewed_on:
        data["lastReviewed"] = revision.reviewed_on.isoformat()
        data["reviewedBy"] = {"@type": "Person", "name": revision.reviewed_by.display_name}
    return json_ld(data)


def page_json_ld(name: str, description: str, path: str, *, language: str = ENGLISH) -> SafeString:
    return json_ld(
        {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": name,
            "description": description,
            "url": absolute(path),
            "inLanguage": in_language(language),
            "publisher": {"@type": "MedicalOrganization", "name": settings.PRACTICE_NAME},
        }
    )


@dataclass(frozen=True)
class Address:
    """One page at its address in one language, with its addresses in every language."""

    language: str
    path: str
    alternates: dict[str, str] = field(hash=False)
    lastmod: datetime.datetime | None = None


def addresses(
    view: str, args: tuple[str, ...] = (), lastmods: dict[str, Any] | None = None
) -> list[Address]:
    """The page `view` names at its address in each language, English first.

    `lastmods` maps the languages the page is written in to when each last changed. With
    English among them, every language has an address (one with no twin shows the
    English text); without, only the languages it is written in."""
    written = lastmods or {ENGLISH: None}
    paths = {}
    for language, _name in settings.LANGUAGES:
        if ENGLISH in written or language in written:
            with translation.override(language):
                paths[language] = reverse(view, args=args)
    return [
        Address(language, path, paths, written.get(language, written.get(ENGLISH)))
        for language, path in paths.items()
    ]


class _SiteUrlSitemap(Sitemap):
    """Addresses from SITE_URL rather than the Host header of whoever asks, each with its
    twins in the other languages as hreflang alternates."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def location(self, item: Address) -> str:
        return item.path

    def lastmod(self, item: Address) -> Any:
        return item.lastmod

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None) -> Any:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            address: Address = url["item"]
            url["alternates"] = [
                {"location": absolute(path), "lang_code": language}
                for language, path in address.alternates.items()
            ]
            if ENGLISH in address.alternates:
                english = absolute(address.alternates[ENGLISH])
                url["alternates"].append({"location": english, "lang_code": "x-default"})
        return urls


STATIC_PAGES = (
    "content:home",
    "content:how_it_works",
    "content:conditions",
    "content:articles",
    "content:pricing",
    "content:service_area",
    "content:faq",
    "content:safety",
    "content:privacy",
    "content:terms",
)


class StaticPagesSitemap(_SiteUrlSitemap):
    changefreq = "monthly"

    def items(self) -> list[Address]:
        return [address for name in STATIC_PAGES for address in addresses(name)]


class ArticleSitemap(_SiteUrlSitemap):
    """Every published article at both addresses; under /es/ its Spanish twin's date when
    it has one (else the English article is what that address shows)."""

    changefreq = "monthly"

    def items(self) -> list[Address]:
        published: dict[str, dict[str, Any]] = {}
        for slug, language, published_at in (
            Article.objects.filter(published_revision__isnull=False)
            .order_by("slug", "language")
            .values_list("slug", "language", "published_at")
        ):
            published.setdefault(slug, {})[language] = published_at
        return [
            address
            for slug, lastmods in published.items()
            for address in addresses("content:article", (slug,), lastmods)
        ]


class ConditionSitemap(_SiteUrlSitemap):
    changefreq = "monthly"

    def items(self) -> list[Address]:
        updated: dict[str, dict[str, Any]] = {}
        for slug, language, updated_at in Condition.objects.order_by(
            "order", "slug", "language"
        ).values_list("slug", "language", "updated_at"):
            updated.setdefault(slug, {})[language] = updated_at
        return [
            address
            for slug, lastmods in updated.items()
            for address in addresses("content:condition", (slug,), lastmods)
        ]


SITEMAPS = {"pages": StaticPagesSitemap, "conditions": ConditionSitemap, "articles": ArticleSitemap}


class ArticleFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return translation.gettext("%(practice_name)s: articles on ketamine treatment") % {
            "practice_name": settings.PRACTICE_NAME
        }

    def subtitle(self) -> str:
        return translation.gettext(
            "Plain-language articles with their evidence, each reviewed by a clinician before "
            "it is published."
        )

    def link(self) -> str:
        return absolute(reverse("content:articles"))

    def feed_url(self) -> str:
        return absolute(reverse("content:feed"))

    def items(self) -> QuerySet[Article]:
        return Article.objects.public().in_language().order_by("-published_at")[:30]

    def item_title(self, article: Article) -> str:
        return article.published_revision.title  # type: ignore[union-attr]

    def item_description(self, article: Article) -> str:
        return article.published_revision.summary  # type: ignore[union-attr]

    def item_link(self, article: Article) -> str:
        return absolute(article.get_absolute_url())

    def item_guid(self, article: Article) -> str:
        return absolute(article.get_absolute_url())

    def item_pubdate(self, article: Article) -> Any:
        return article.first_published_at

    def item_updateddate(self, article: Article) -> Any:
        return article.published_at

    def item_author_name(self, article: Article) -> str:
        return article.author.display_name

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response
