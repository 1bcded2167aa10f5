"""The public pages: each renders, says what it should, and carries its SEO tags."""

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from content.models import Article

PUBLIC_URL_NAMES = [
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
    "content:subscribe",
]


def json_ld(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize("name", PUBLIC_URL_NAMES)
def test_every_public_page_has_a_canonical_address_a_description_and_open_graph_tags(
    seeded: Any, visitor: Client, name: str
) -> None:
    path = reverse(name)
    response = visitor.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{path}">' in html
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description and len(description.group(1)) > 40
    for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
        assert f'property="{prop}"' in html
    assert "not approved by the FDA" in html
    assert 'href="/safety/"' in html and 'href="/privacy/"' in html and 'href="/terms/"' in html
    assert 'href="/service-area/"' in html and 'href="/faq/"' in html


def test_the_home_page_says_what_the_service_is_and_its_price_from_the_plan(
    seeded: Any, visitor: Client
) -> None:
    html = visitor.get("/").content.decode()
    assert "At-home ketamine treatment, led by physicians" in html
    assert "From $250 a month" in html
    assert "Florida and New Jersey" in html
    assert 'href="/assessment/"' in html
    assert "Ketamine for CRPS" in html


def test_the_crps_article_shows_its_review_its_numbered_references_and_what_follows(
    seeded: Any, visitor: Client
) -> None:
    response = visitor.get(reverse("content:article", args=["ketamine-for-crps"]))
    html = response.content.decode()
    assert "Medically reviewed by Dr Ana Rivera on" in html
    assert '<time datetime="2026-11-20">November 20, 2026</time>' in html
    # [@harden2010] is cited first, so it is reference 1.
    assert '<sup class="cite"><a href="#ref-1">' in html
    assert '<li id="ref-1">Harden RN' in html
    assert 'href="https://doi.org/10.1016/j.pain.2009.06.023"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/19604642/"' in html
    assert "[@" not in html
    ending = html[html.index('id="references-title"') :]
    assert "not approved by the FDA" in ending
    assert "Take the free assessment" in ending
    assert "Get the latest research in your inbox" in ending
    related = ending[ending.index('id="related-title"') :]
    assert "Ketamine for social anxiety disorder" in related
    assert "Ketamine and ME/CFS" in related


def test_the_article_json_ld_is_a_medical_web_page_with_its_review_and_citations(
    seeded: Any, visitor: Client
) -> None:
    html = visitor.get(reverse("content:article", args=["ketamine-for-crps"])).content.decode()
    data = json_ld(html)
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == "2026-11-20"
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr Ana Rivera"}
    assert data["url"] == "http://127.0.0.1:8000/articles/ketamine-for-crps/"
    assert {c["@type"] for c in data["citation"]} == {"ScholarlyArticle"}
    sigtermans = next(c for c in data["citation"] if c["name"].startswith("Ketamine produces"))
    assert sigtermans["identifier"]["value"] == "10.1016/j.pain.2009.06.023"
    assert "https://pubmed.ncbi.nlm.nih.gov/19604642/" in sigtermans["sameAs"]
    assert data["about"] == [
        {"@type": "MedicalCondition", "name": "Complex regional pain syndrome (CRPS)"}
    ]


def test_json_ld_cannot_close_its_script_element(editor: Any, clinician_fl: Any) -> None:
    from content.tests.conftest import published_article

    published_article(editor, clinician_fl, "tricky", title="A </script><script>alert(1)</script>")
    html = Client().get("/articles/tricky/").content.decode()
    data_block = html[html.index('type="application/ld+json"') :]
    data_block = data_block[: data_block.index("</script>")]
    assert "<script>" not in data_block and "\\u003C/script\\u003E" in data_block


def test_related_articles_prefer_a_shared_condition_then_the_newest(
    seeded: Any, editor: Any, clinician_fl: Any, visitor: Client
) -> None:
    from content.models import Condition
    from content.tests.conftest import published_article

    crps = Condition.objects.get(slug="crps", language="en")
    published_article(editor, clinician_fl, "newest-unrelated")
    published_article(editor, clinician_fl, "older-crps-piece", conditions=[crps])
    published_article(editor, clinician_fl, "newer-crps-piece", conditions=[crps])
    html = visitor.get("/articles/ketamine-for-crps/").content.decode()
    related = html[html.index('id="related-title"') :]
    order = re.findall(r'href="/articles/([a-z0-9-]+)/"', related)
    assert order == ["newer-crps-piece", "older-crps-piece", "newest-unrelated"]


def test_a_draft_or_unknown_article_is_not_found(editor: Any, visitor: Client) -> None:
    from content.tests.conftest import write_article

    write_article(editor, "still-a-draft")
    assert visitor.get("/articles/still-a-draft/").status_code == 404
    assert visitor.get("/articles/no-such-article/").status_code == 404
    assert visitor.get("/conditions/no-such-condition/").status_code == 404


def test_each_condition_page_lists_its_articles_and_what_treatment_looks_like(
    seeded: Any, visitor: Client
) -> None:
    html = visitor.get("/conditions/crps/").content.decode()
    assert "What treatment with us looks like" in html
    assert "/articles/ketamine-for-crps/" in html
    anxiety = visitor.get("/conditions/anxiety/").content.decode()
    assert "/articles/ketamine-for-social-anxiety-disorder/" in anxiety
    depression = visitor.get("/conditions/depression/").content.decode()
    assert "We have not published an article on Depression yet" in depression
    listing = visitor.get("/conditions/").content.decode()
    for slug in (
        "crps",
        "chronic-pain",
        "depression",
        "anxiety",
        "social-anxiety",
        "ptsd",
        "mecfs",
    ):
        assert f'href="/conditions/{slug}/"' in listing


def test_the_safety_page_puts_crisis_help_first(seeded: Any, visitor: Client) -> None:
    html = visitor.get("/safety/").content.decode()
    main = html[html.index("<main") :]
    assert main.index('href="tel:988"') < main.index("Before every dose")
    assert 'href="tel:911"' in main


def test_the_sitemap_lists_every_public_page_and_article(seeded: Any, visitor: Client) -> None:
    response = visitor.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for path in (
        "/",
        "/pricing/",
        "/service-area/",
        "/conditions/crps/",
        "/articles/ketamine-for-crps/",
    ):
        assert f"<loc>http://127.0.0.1:8000{path}</loc>" in xml
    assert "<lastmod>" in xml


def test_the_atom_feed_lists_published_articles_only(
    seeded: Any, editor: Any, visitor: Client
) -> None:
    from content.tests.conftest import write_article

    write_article(editor, "unpublished-draft")
    response = visitor.get("/articles/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert xml.count("<entry>") == 3
    assert "http://127.0.0.1:8000/articles/ketamine-for-crps/" in xml
    assert "unpublished-draft" not in xml


def test_robots_txt_points_at_the_sitemap(visitor: Client) -> None:
    text = visitor.get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text


def test_addresses_come_from_site_url_not_the_host_header(
    seeded: Any, settings: Any, visitor: Client
) -> None:
    settings.SITE_URL = "https://ketaclinic.example"
    settings.ALLOWED_HOSTS = ["evil.example", "127.0.0.1", "testserver"]
    html = visitor.get("/pricing/", HTTP_HOST="evil.example").content.decode()
    assert '<link rel="canonical" href="https://ketaclinic.example/pricing/">' in html
    xml = visitor.get("/sitemap.xml", HTTP_HOST="evil.example").content.decode()
    assert "evil.example" not in xml and "https://ketaclinic.example/pricing/" in xml


def test_article_list_shows_published_articles(seeded: Any, visitor: Client) -> None:
    html = visitor.get("/articles/").content.decode()
    assert html.count('class="card"') == Article.objects.public().filter(language="en").count() == 3
