"""Article bodies: Markdown rendered, then sanitised, so nothing an editor types can run."""

from typing import Any

from django.test import Client

from content.rendering import render_article_body, render_markdown
from content.tests.conftest import add_citation, published_article

HOSTILE_BODY = """\
Before.

<script>document.title = "owned"</script>

<img src="https://tracker.example/pixel.gif" onerror="alert(1)">

[a link](javascript:alert(1)) and <a href="JaVaScRiPt:alert(2)">another</a>
and <a href="https://example.org/" onclick="alert(3)">a real one</a>.

<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>

<p style="color:red" onmouseover="alert(4)">Styled</p>
"""


def test_script_event_handlers_and_javascript_links_come_out_inert() -> None:
    html = render_markdown(HOSTILE_BODY)
    lowered = html.lower()
    for forbidden in ("<script", "onerror", "onclick", "onmouseover", "javascript:", "<iframe",
                      "<style", "style=", "<img", "tracker.example"):  # fmt: skip
        assert forbidden not in lowered, forbidden
    assert 'href="https://example.org/"' in html
    assert "Before." in html and "Styled" in html


def test_a_published_article_with_a_script_in_its_body_serves_it_as_text_at_most(
    editor: Any, clinician_fl: Any
) -> None:
    published_article(editor, clinician_fl, "hostile", body=HOSTILE_BODY)
    html = Client().get("/articles/hostile/").content.decode()
    body = html[html.index('class="prose article-body"') : html.index("</article>")]
    assert "<script" not in body.lower()
    assert "onerror" not in body.lower()
    assert "javascript:" not in body.lower()


def test_citations_become_superscript_numbers_in_order_of_first_citation() -> None:
    rendered = render_article_body("One [@beta]. Two [@alpha; @beta]. Three [@alpha].")
    assert rendered.citation_keys == ["beta", "alpha"]
    assert rendered.html.count('<sup class="cite">') == 3
    assert '<a href="#ref-1"><span class="visually-hidden">Reference </span>1</a>' in rendered.html
    assert (
        '<sup class="cite"><a href="#ref-2"><span class="visually-hidden">Reference </span>2</a>, '
        '<a href="#ref-1">'
    ) in rendered.html


def test_a_citation_marker_cannot_smuggle_markup() -> None:
    rendered = render_article_body('See [@x"><script>alert(1)</script>].')
    assert "<script" not in rendered.html
    assert rendered.citation_keys == []


def test_the_reference_list_links_each_study_to_doi_and_pubmed(
    editor: Any, clinician_fl: Any
) -> None:
    add_citation("smith2020", doi="10.1000/xyz.1", pmid="111")
    add_citation("jones2021", doi="", pmid="")
    published_article(editor, clinician_fl, "cited", body="A [@jones2021]. B [@smith2020].")
    html = Client().get("/articles/cited/").content.decode()
    assert '<li id="ref-1">Doe J, Roe R. A study called jones2021.' in html
    second = html[html.index('<li id="ref-2">') :]
    second = second[: second.index("</li>")]
    assert 'href="https://doi.org/10.1000/xyz.1"' in second
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/111/"' in second
