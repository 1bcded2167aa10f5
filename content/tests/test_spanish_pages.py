"""The public site under /es/: the home page, pricing, the conditions, the service area and
an article read in Spanish, with Spanish prices and dates; the plain addresses stay English."""

from typing import Any

import pytest
from django.test import Client


def spanish(visitor: Client, path: str) -> str:
    response = visitor.get(f"/es{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    return html


def test_the_home_page_reads_in_spanish_with_the_price_a_month(
    seeded: Any, visitor: Client
) -> None:
    html = spanish(visitor, "/")
    assert "Tratamiento con ketamina en casa, dirigido por médicos" in html
    assert "Desde $250 al mes, en Florida y Nueva Jersey." in html
    assert "Un médico que lo atiende" in html
    assert "$250 al mes cubren las consultas" in html
    assert "Haga la evaluación gratuita de 5 minutos" in html
    assert '<meta property="og:locale" content="es_US">' in html
    assert "la ketamina compuesta (preparada por una farmacia) no está aprobada por la FDA" in html
    assert "At-home ketamine treatment" not in html


def test_pricing_reads_in_spanish(seeded: Any, visitor: Client) -> None:
    html = spanish(visitor, "/pricing/")
    assert "<h1>Precios</h1>" in html
    assert '<span class="price-amount">$250</span> al mes' in html
    assert "Pagar no garantiza una receta" in html
    assert "No facturamos al seguro médico." in html


def test_the_conditions_list_reads_in_spanish(seeded: Any, visitor: Client) -> None:
    html = spanish(visitor, "/conditions/")
    assert "<h1>Afecciones que tratamos</h1>" in html
    assert "Nuestros médicos evalúan estas afecciones" in html
    assert "¿Podría el tratamiento en casa ser adecuado para usted?" in html


def test_the_service_area_and_its_zip_checker_read_in_spanish(db: Any, visitor: Client) -> None:
    html = spanish(visitor, "/service-area/")
    assert "<h1>Dónde atendemos</h1>" in html
    assert "Florida: los 67 condados" in html
    assert "Nueva Jersey: los 21 condados" in html  # the state named in Spanish
    assert "¿Vive en otro lugar?" in html
    answer = visitor.post("/es/service-area/", {"zip_code": "33133"}).content.decode()
    assert "Sí, tratamos a personas en el código postal 33133." in answer
    elsewhere = visitor.post("/es/service-area/", {"zip_code": "10001"}).content.decode()
    assert "donde todavía no podemos tratar a personas" in elsewhere
    malformed = visitor.post("/es/service-area/", {"zip_code": "12"})
    assert malformed.status_code == 400
    assert "Escriba los 5 dígitos de su código postal." in malformed.content.decode()


def test_an_article_under_es_dates_its_review_the_spanish_way(seeded: Any, visitor: Client) -> None:
    html = spanish(visitor, "/articles/ketamine-for-crps/")
    assert '<time datetime="2026-11-20">20 de noviembre de 2026</time>' in html
    assert '<h2 id="references-title">Referencias</h2>' in html


@pytest.mark.parametrize(
    ("path", "english"),
    [
        ("/", "From $250 a month, in Florida and New Jersey."),
        ("/pricing/", '<span class="price-amount">$250</span> a month'),
        ("/conditions/", "<h1>Conditions we treat</h1>"),
        ("/service-area/", "Florida: all 67 counties"),
        ("/articles/ketamine-for-crps/", '<time datetime="2026-11-20">November 20, 2026</time>'),
    ],
)
def test_the_plain_addresses_still_read_in_english(
    seeded: Any, visitor: Client, path: str, english: str
) -> None:
    html = visitor.get(path).content.decode()
    assert '<html lang="en">' in html
    assert english in html
    assert '<meta property="og:locale" content="en_US">' in html


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/articles/", "Siga los nuevos artículos con un lector de fuentes (Atom)"),
        ("/conditions/crps/", "Afecciones que tratamos"),
        ("/safety/", 'Llame o envíe un mensaje de texto al <a href="tel:988">988</a>'),
        ("/faq/", "Última actualización:"),
        ("/newsletter/", "Lista de espera para otros estados"),
    ],
)
def test_the_other_public_pages_read_in_spanish(
    seeded: Any, visitor: Client, path: str, words: str
) -> None:
    html = spanish(visitor, path)
    assert words in html
    assert "Take the free assessment" not in html
    assert "Get the latest research in your inbox" not in html
