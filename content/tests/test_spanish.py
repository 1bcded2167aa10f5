"""Articles, conditions and pages in Spanish: each a twin of the English with the same slug,
shown under /es/; where there is no twin, the English text, marked as English."""

import json
import re
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from content import actions
from content.actions import WorkflowError
from content.models import Article, ArticleStatus, Condition, Page
from content.tests.conftest import publish, write_article
from tests.personas import client_for

SITE = "http://127.0.0.1:8000"
CRPS_ES = "Ketamina para el SDRC (CRPS): lo que muestran los estudios y cómo es el tratamiento"
CRPS_EN = "Ketamine for CRPS: what the research shows and what treatment looks like"


def json_ld(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def test_the_seed_loads_a_spanish_twin_of_the_crps_article_conditions_and_pages(
    seeded: Any, editor: Any, clinician_fl: Any
) -> None:
    twin = Article.objects.get(slug="ketamine-for-crps", language="es")
    english = Article.objects.get(slug="ketamine-for-crps", language="en")
    assert twin.pk != english.pk and twin.status == ArticleStatus.PUBLISHED
    revision = twin.published_revision
    assert revision is not None and revision.title == CRPS_ES
    assert (revision.reviewed_by, revision.reviewed_on.isoformat()) == (  # type: ignore[union-attr]
        clinician_fl,
        "2026-11-20",
    )
    assert twin.author == editor
    assert revision.citation_keys[:3] == ["harden2010", "correll2004", "schwartzman2009"]
    # It names the English CRPS, as every article does; the page shows the Spanish twin.
    assert list(twin.conditions.values_list("slug", "language")) == [("crps", "en")]
    assert Condition.objects.filter(language="es").count() == 7
    assert set(Page.objects.filter(language="es").values_list("slug", flat=True)) == set(
        Page.objects.filter(language="en").values_list("slug", flat=True)
    )
    assert "article ketamine-for-crps (es)" in seeded.created


def test_the_spanish_crps_article_is_served_under_es_with_its_citations(
    seeded: Any, visitor: Client
) -> None:
    response = visitor.get("/es/articles/ketamine-for-crps/")
    assert response.status_code == 200
    assert response.context["content_language"] == ""
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert f"<h1>{CRPS_ES}</h1>" in html
    assert "Cómo la ketamina puede aliviar el síndrome de dolor regional complejo" in html
    # The same numbered references as the English article, with their links.
    assert '<sup class="cite"><a href="#ref-1">' in html
    assert '<li id="ref-1">Harden RN' in html
    assert 'href="https://doi.org/10.1016/j.pain.2009.06.023"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/19604642/"' in html
    assert "[@" not in html
    # Its own address is its canonical one; search engines are told it is Spanish.
    assert f'<link rel="canonical" href="{SITE}/es/articles/ketamine-for-crps/">' in html
    data = json_ld(html)
    assert data["inLanguage"] == "es-US"
    assert data["url"] == f"{SITE}/es/articles/ketamine-for-crps/"
    assert data["about"] == [
        {"@type": "MedicalCondition", "name": "Síndrome de dolor regional complejo (SDRC o CRPS)"}
    ]
    # The breadcrumbs name the condition in Spanish, at its Spanish address.
    assert '<a href="/es/conditions/crps/">SDRC (CRPS)</a>' in html


def test_the_english_crps_article_is_unchanged(seeded: Any, visitor: Client) -> None:
    response = visitor.get("/articles/ketamine-for-crps/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert f"<h1>{CRPS_EN}</h1>" in html
    assert CRPS_ES not in html
    assert f'<link rel="canonical" href="{SITE}/articles/ketamine-for-crps/">' in html
    data = json_ld(html)
    assert (data["inLanguage"], data["url"]) == ("en-US", f"{SITE}/articles/ketamine-for-crps/")
    assert data["about"] == [
        {"@type": "MedicalCondition", "name": "Complex regional pain syndrome (CRPS)"}
    ]
    # Related articles are the English ones, never the Spanish twin of itself.
    related = html[html.index('id="related-title"') :]
    assert "Ketamine for social anxiety disorder" in related and CRPS_ES not in related


def related_cards(html: str) -> str:
    return html[html.index('id="related-title"') :]


def test_an_article_with_no_spanish_twin_shows_the_english_text_marked_as_english(
    seeded: Any, visitor: Client
) -> None:
    response = visitor.get("/es/articles/ketamine-for-me-cfs/")
    assert response.status_code == 200
    assert response.context["content_language"] == "en"
    html = response.content.decode()
    # The English text is marked as English: its title, lead and body, not the page.
    assert '<h1 lang="en">Ketamine and ME/CFS: an honest look at an emerging idea</h1>' in html
    assert '<html lang="es">' in html
    assert '<div class="prose article-body" lang="en">' in html
    assert '<p class="lead" lang="en">What ME/CFS' in html
    # Related English-only articles are marked on their card; the Spanish twin's card is not.
    assert '<li class="card" lang="en">' in related_cards(html)
    assert '<li class="card">\n    <h3><a href="/es/articles/ketamine-for-crps/">' in html
    assert f'<link rel="canonical" href="{SITE}/es/articles/ketamine-for-me-cfs/">' in html
    assert json_ld(html)["inLanguage"] == "en-US"
    # Its related articles are in Spanish where they can be.
    related = html[html.index('id="related-title"') :]
    assert CRPS_ES in related and CRPS_EN not in related


def test_a_page_with_no_spanish_twin_shows_the_english_one_marked_as_english(
    seeded: Any, visitor: Client
) -> None:
    Page.objects.filter(slug="privacy", language="es").delete()
    response = visitor.get("/es/privacy/")
    assert response.status_code == 200
    assert response.context["page"].language == "en"
    assert response.context["content_language"] == "en"
    html = response.content.decode()
    assert f'<h1 lang="en">{Page.objects.get(slug="privacy").title}</h1>' in html
    assert '<div lang="en"><h2' in html or '<div lang="en"><p' in html


def test_the_spanish_pages_and_conditions_read_in_spanish_and_the_english_ones_do_not(
    seeded: Any, visitor: Client
) -> None:
    faq = visitor.get("/es/faq/")
    assert faq.context["content_language"] == ""
    html = faq.content.decode()
    assert "<h1>Preguntas frecuentes</h1>" in html
    assert "Nuestro plan Estándar cuesta $250 al mes" in html
    english = visitor.get("/faq/").content.decode()
    assert "Preguntas frecuentes" not in english and "<h1>Frequently asked questions</h1>" in (
        english
    )

    crps = visitor.get("/es/conditions/crps/").content.decode()
    assert "<h1>Síndrome de dolor regional complejo (SDRC o CRPS)</h1>" in crps
    assert CRPS_ES in crps and CRPS_EN not in crps
    conditions = visitor.get("/es/conditions/").content.decode()
    assert conditions.count('href="/es/conditions/crps/"') == 1
    assert "Otros tipos de dolor crónico" in conditions
    english_crps = visitor.get("/conditions/crps/").content.decode()
    assert CRPS_EN in english_crps and CRPS_ES not in english_crps

    pricing = visitor.get("/es/pricing/").content.decode()
    assert Page.objects.get(slug="pricing-terms", language="es").body_html in pricing


def test_the_spanish_article_list_has_one_card_per_article_in_spanish_where_it_can(
    seeded: Any, visitor: Client
) -> None:
    html = visitor.get("/es/articles/").content.decode()
    assert html.count('class="card"') == 3
    assert CRPS_ES in html and CRPS_EN not in html
    assert "Ketamine and ME/CFS" in html
    english = visitor.get("/articles/").content.decode()
    assert CRPS_EN in english and CRPS_ES not in english
    feed = visitor.get("/es/articles/feed/").content.decode()
    assert feed.count("<entry>") == 3
    assert f"{SITE}/es/articles/ketamine-for-crps/" in feed and CRPS_ES in feed


def test_the_sitemap_lists_both_addresses_each_with_hreflang_alternates(
    seeded: Any, visitor: Client
) -> None:
    xml = visitor.get("/sitemap.xml").content.decode()
    urls = dict(re.findall(r"<url><loc>([^<]+)</loc>(.*?)</url>", xml))
    for path in ("/", "/faq/", "/conditions/crps/", "/articles/ketamine-for-crps/"):
        english, spanish = f"{SITE}{path}", f"{SITE}/es{path}"
        assert english in urls and spanish in urls, path
        for loc in (english, spanish):
            links = re.findall(r'hreflang="([^"]+)" href="([^"]+)"', urls[loc])
            assert links == [("en", english), ("es", spanish), ("x-default", english)], loc
    assert len(urls) == len(re.findall("<url>", xml))
    # Each address has the date its own text last changed.
    twin = Article.objects.get(slug="ketamine-for-crps", language="es")
    spanish_crps = urls[f"{SITE}/es/articles/ketamine-for-crps/"]
    lastmod = re.search(r"<lastmod>([^<]+)</lastmod>", spanish_crps)
    assert lastmod and lastmod.group(1) == timezone.localdate(twin.published_at).isoformat()


def test_an_editor_writes_a_spanish_twin_that_a_clinician_approves_on_the_screens(
    seeded: Any, editor: Any, clinician_nj: Any, visitor: Client
) -> None:
    writer = client_for(editor)
    response = writer.post(
        reverse("content:editorial_article_new"),
        {
            "title": "La ketamina y el EM/SFC",
            "slug": "ketamine-for-me-cfs",
            "language": "es",
            "summary": "Lo que sabemos.",
            "conditions": [Condition.objects.get(slug="mecfs", language="en").pk],
            "body": "Pocas pruebas todavía [@iom2015].\n",
            "note": "",
        },
    )
    assert response.status_code == 302
    twin = Article.objects.get(slug="ketamine-for-me-cfs", language="es")
    assert list(twin.conditions.values_list("language", flat=True)) == ["en"]
    # Until a clinician approves it, /es/ keeps showing the English article.
    before = visitor.get("/es/articles/ketamine-for-me-cfs/").content.decode()
    assert "La ketamina y el EM/SFC" not in before
    writer.post(reverse("content:editorial_submit", args=[twin.pk]))
    client_for(clinician_nj).post(reverse("content:editorial_approve", args=[twin.pk]))
    twin.refresh_from_db()
    assert twin.status == ArticleStatus.PUBLISHED
    spanish = visitor.get("/es/articles/ketamine-for-me-cfs/").content.decode()
    assert "<h1>La ketamina y el EM/SFC</h1>" in spanish
    english = visitor.get("/articles/ketamine-for-me-cfs/").content.decode()
    assert "La ketamina y el EM/SFC" not in english and "Ketamine and ME/CFS" in english

    # A Spanish twin is edited like any article: a new revision, back to review.
    writer.post(
        reverse("content:editorial_article_edit", args=[twin.pk]),
        {
            "title": "La ketamina y el EM/SFC (revisado)",
            "summary": "Lo que sabemos.",
            "body": "Pocas pruebas [@iom2015].\n",
            "note": "Más claro",
        },
    )
    twin.refresh_from_db()
    assert twin.status == ArticleStatus.DRAFT and twin.has_unpublished_changes


def test_one_article_per_address_and_language(seeded: Any, editor: Any) -> None:
    with pytest.raises(WorkflowError, match="already exists"):
        write_article(editor, "ketamine-for-crps")
    with pytest.raises(WorkflowError, match="in Spanish already exists"):
        actions.do_create_article(
            by=editor,
            slug="ketamine-for-crps",
            title="Otra",
            summary="Otra.",
            body="Texto.\n",
            language="es",
        )
    with pytest.raises(WorkflowError, match="English or Spanish"):
        actions.do_create_article(
            by=editor, slug="x", title="X", summary="X.", body="X.\n", language="fr"
        )
    form = client_for(editor).post(
        reverse("content:editorial_article_new"),
        {
            "title": "T",
            "slug": "ketamine-for-crps",
            "language": "es",
            "summary": "S.",
            "body": "B.\n",
        },
    )
    assert form.status_code == 400
    assert "This address already has an article in Spanish." in form.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        Page.objects.create(slug="faq", language="es", title="t", summary="s", body="b")


def test_a_spanish_draft_with_no_english_twin_is_public_only_under_es_once_approved(
    seeded: Any, editor: Any, clinician_fl: Any, visitor: Client
) -> None:
    article = actions.do_create_article(
        by=editor,
        slug="solo-en-espanol",
        title="Solo en español",
        summary="Un artículo sin versión en inglés.",
        body="Texto.\n",
        language="es",
    )
    assert visitor.get("/es/articles/solo-en-espanol/").status_code == 404
    publish(article, editor=editor, clinician=clinician_fl)
    assert visitor.get("/es/articles/solo-en-espanol/").status_code == 200
    assert visitor.get("/articles/solo-en-espanol/").status_code == 404
    xml = visitor.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}/es/articles/solo-en-espanol/</loc>" in xml
    assert f"<loc>{SITE}/articles/solo-en-espanol/</loc>" not in xml


def test_english_only_content_written_the_old_way_still_works(
    editor: Any, clinician_fl: Any, visitor: Client
) -> None:
    """No Spanish at all: /es/ shows the English, as before any twin existed."""
    article = publish(write_article(editor, "plain"), editor=editor, clinician=clinician_fl)
    assert article.language == "en"
    with translation.override("es"):
        assert article.get_absolute_url() == "/es/articles/plain/"
    assert visitor.get("/articles/plain/").status_code == 200
    response = visitor.get("/es/articles/plain/")
    assert response.status_code == 200 and response.context["content_language"] == "en"


def test_a_spanish_page_costs_no_more_queries_than_its_english_twin(seeded: Any) -> None:
    from content.tests.test_queries import queries_for

    for path in ("/articles/ketamine-for-crps/", "/conditions/crps/", "/articles/", "/"):
        assert queries_for(f"/es{path}") == queries_for(path), path
    assert queries_for("/es/articles/ketamine-for-crps/") <= 5
