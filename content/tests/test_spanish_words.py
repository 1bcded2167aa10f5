"""The words the public site builds in Python, under /es/: page titles and descriptions,
the sign-up forms' labels and errors, the service area's county, the list a subscriber is
on; the lang marks on English text shown under /es/; and the confirmation email, in the
language of the page signed up on. The plain addresses stay English."""

import re
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.utils import translation

from content import coverage
from content.coverage import check_coverage, county_label
from content.forms import WaitlistForm
from content.models import Audience, Condition, Page, Subscriber


def title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match
    return match.group(1)


@pytest.mark.parametrize(
    ("path", "spanish", "english"),
    [
        ("/", "Terapia con ketamina en casa, dirigida por médicos", "At-home ketamine therapy"),
        ("/articles/", "Artículos", "Articles"),
        ("/conditions/", "Afecciones que tratamos", "Conditions we treat"),
        ("/conditions/depression/", "Depresión: tratamiento con ketamina", "Ketamine for"),
        ("/pricing/", "Precios", "Pricing"),
        ("/service-area/", "Dónde atendemos", "Where we treat"),
        ("/newsletter/", "Boletín y lista de espera", "Newsletter and waitlist"),
        ("/newsletter/check-your-inbox/", "Revise su correo", "Check your inbox"),
    ],
)
def test_page_titles_are_spanish_under_es_and_english_on_the_plain_address(
    seeded: Any, visitor: Client, path: str, spanish: str, english: str
) -> None:
    html = visitor.get(f"/es{path}").content.decode()
    assert title(html).startswith(spanish)
    assert english not in title(html)
    assert title(visitor.get(path).content.decode()).startswith(english)


def test_descriptions_are_spanish_under_es(seeded: Any, visitor: Client) -> None:
    html = visitor.get("/es/service-area/").content.decode()
    assert (
        '<meta name="description" content="Atendemos a personas en los 67 condados de Florida '
        "y en los 21 condados de Nueva Jersey."
    ) in html
    pricing = visitor.get("/es/pricing/").content.decode()
    assert "Un solo precio mensual, desde $250 al mes: consultas por video con un médico" in pricing
    english = visitor.get("/pricing/").content.decode()
    assert "One monthly price from $250 a month: physician video consults" in english


def test_the_feed_is_titled_in_the_language_of_its_address(seeded: Any, visitor: Client) -> None:
    spanish = visitor.get("/es/articles/feed/").content.decode()
    assert "artículos sobre el tratamiento con ketamina</title>" in spanish
    english = visitor.get("/articles/feed/").content.decode()
    assert "articles on ketamine treatment</title>" in english


def test_the_signup_form_says_its_errors_in_spanish(db: Any, visitor: Client) -> None:
    response = visitor.post("/es/newsletter/", {"email": "not-an-address"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escriba un correo electrónico como nombre@ejemplo.com." in html
    assert "Enter an email address" not in html
    empty = visitor.post("/es/newsletter/waitlist/", {"email": ""}).content.decode()
    assert "Escriba su correo electrónico." in empty
    assert "Elija el estado donde vive." in empty
    assert '<option value="" selected>Elija su estado</option>' in empty
    assert '<option value="NY">Nueva York</option>' in empty
    english = visitor.post("/newsletter/", {"email": "not-an-address"}).content.decode()
    assert "Enter an email address like name@example.com." in english


def test_the_waitlist_form_of_another_page_reads_in_the_page_language() -> None:
    with translation.override("es"):
        form = WaitlistForm()
        assert str(form.fields["state"].label) == "Su estado"
        assert str(form.fields["email"].error_messages["required"]) == (
            "Escriba su correo electrónico."
        )
    assert str(WaitlistForm().fields["state"].label) == "Your state"


def test_the_county_is_named_in_spanish(db: Any, visitor: Client, monkeypatch: Any) -> None:
    monkeypatch.setattr(coverage.places, "zip_counties", lambda zip5: ("Palm Beach", "Martin"))
    with translation.override("es"):
        assert county_label("FL", "Miami-Dade") == "condado de Miami-Dade"
        assert check_coverage("33458", "Leon").county_error == "Elija su condado de la lista."
    assert county_label("FL", "Miami-Dade") == "Miami-Dade County"
    monkeypatch.undo()
    html = visitor.post("/es/service-area/", {"zip_code": "07102"}).content.decode()
    assert "Está en el condado de Essex, Nueva Jersey, y atendemos los 21 condados" in html
    english = visitor.post("/service-area/", {"zip_code": "07102"}).content.decode()
    assert "It is in Essex County, New Jersey, and we serve all 21 counties" in english


def test_a_subscriber_list_is_named_in_the_reader_language(db: Any) -> None:
    newsletter = Subscriber(email="a@example.com", audience=Audience.NEWSLETTER)
    waitlist = Subscriber(email="a@example.com", audience=Audience.WAITLIST, state="TX")
    with translation.override("es"):
        assert newsletter.list_name == "el boletín"
        assert waitlist.list_name == "la lista de espera de Texas"
    assert (newsletter.list_name, waitlist.list_name) == ("the newsletter", "the Texas waitlist")


def test_signing_up_under_es_sends_the_confirmation_in_spanish(db: Any, visitor: Client) -> None:
    response = visitor.post("/es/newsletter/waitlist/", {"email": "r@example.com", "state": "NY"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject.startswith("Confirme: la lista de espera de Nueva York")
    assert "pidió inscribir esta dirección en la lista de espera de Nueva York" in message.body
    assert "/es/newsletter/confirm/" in message.body
    assert "oprima 2 para español" in message.body
    assert isinstance(message, EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    assert '<html lang="es">' in html and "Confirmar mi inscripción" in html


def test_signing_up_in_english_sends_the_english_confirmation(db: Any, visitor: Client) -> None:
    visitor.post("/newsletter/waitlist/", {"email": "r@example.com", "state": "NY"})
    (message,) = mail.outbox
    assert message.subject.endswith(" the New York waitlist")
    assert "asked to sign this address up for the New York waitlist of" in message.body
    assert "/es/" not in message.body


def test_english_text_under_es_is_marked_english_on_itself_not_on_the_page(
    seeded: Any, visitor: Client
) -> None:
    Condition.objects.filter(slug="depression", language="es").delete()
    html = visitor.get("/es/conditions/depression/").content.decode()
    assert '<html lang="es">' in html
    assert '<h1 lang="en">' in html and '<p class="lead" lang="en">' in html
    assert '<div lang="en"><' in html
    listing = visitor.get("/es/conditions/").content.decode()
    assert listing.count('<li class="card" lang="en">') == 1
    home = visitor.get("/es/").content.decode()
    assert '<li lang="en"><a href="/es/conditions/depression/">' in home


def test_pricing_terms_in_english_are_marked_english_under_es(seeded: Any, visitor: Client) -> None:
    html = visitor.get("/es/pricing/").content.decode()
    assert 'lang="en"><' not in html.split('<section class="prose"')[-1][:200]
    Page.objects.filter(slug="pricing-terms", language="es").delete()
    html = visitor.get("/es/pricing/").content.decode()
    assert re.search(r'<section class="prose" aria-label="[^"]*" lang="en">', html)
    english = visitor.get("/pricing/").content.decode()
    assert re.search(r'<section class="prose" aria-label="[^"]*">', english)
