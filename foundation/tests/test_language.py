"""Which language a page speaks, and how a reader of Spanish gets there and stays."""

from typing import Any

from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.personas import client_for

LOCATION = "/assessment/location/"


def test_a_plain_address_is_english_and_its_es_twin_spanish(db: Any) -> None:
    english = Client().get("/")
    spanish = Client().get("/es/")
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="es">' in spanish.content.decode()
    assert "Ir al contenido principal" in spanish.content.decode()
    assert "Skip to main content" in english.content.decode()


def test_a_first_visit_asking_for_spanish_is_sent_to_the_es_twin(db: Any) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9,en;q=0.5").get(LOCATION + "?from=ad")
    assert response.status_code == 302
    assert response["Location"] == "/es" + LOCATION + "?from=ad"
    assert "Accept-Language" in response["Vary"]


def test_a_browser_preferring_english_stays_on_the_plain_address(db: Any) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9,es;q=0.5").get(LOCATION)
    assert response.status_code == 200


def test_the_switch_wins_over_the_browser(db: Any) -> None:
    browser = Client(HTTP_ACCEPT_LANGUAGE="es")
    switched = browser.post(
        reverse("accounts:language"), {"language": "en", "next": "/es/pricing/"}
    )
    assert switched.status_code == 302 and switched["Location"] == "/pricing/"
    assert browser.get("/pricing/").status_code == 200
    back = browser.post(reverse("accounts:language"), {"language": "es", "next": "/pricing/"})
    assert back["Location"] == "/es/pricing/"
    assert browser.get("/pricing/")["Location"] == "/es/pricing/"


def test_a_posted_form_is_never_redirected(db: Any) -> None:
    browser = Client(HTTP_ACCEPT_LANGUAGE="es")
    response = browser.post(LOCATION, {})
    assert response.status_code != 302 or not response["Location"].startswith("/es/")


def test_staff_pages_have_no_spanish_twin(db: Any, clinician_fl: Any) -> None:
    client = client_for(clinician_fl)
    assert client.get("/es/care/profile/").status_code == 404
    response = client.get("/care/schedule/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert 'hreflang="es"' not in response.content.decode()
    assert "Español" not in response.content.decode()


def test_a_patient_books_a_visit_in_spanish(db: Any, patient_fl: Any) -> None:
    response = client_for(patient_fl).get("/es" + reverse("care:book"))
    assert '<html lang="es">' in response.content.decode()


def test_the_choice_is_kept_on_the_account_and_audited(db: Any, patient_fl: Any) -> None:
    client = client_for(patient_fl)
    response = client.post(
        reverse("accounts:language"), {"language": "es", "next": reverse("workspace:home")}
    )
    assert response["Location"] == "/es" + reverse("workspace:home")
    patient_fl.refresh_from_db()
    assert patient_fl.language == "es"
    event = AuditEvent.objects.get(action="account.language_chosen")
    assert event.detail == {"from": "en", "to": "es"}
    # A new browser, with no cookie: the account says Spanish.
    fresh = client_for(patient_fl)
    fresh.cookies.pop("language", None)
    assert fresh.get("/patients/")["Location"] == "/es/patients/"


def test_a_language_we_do_not_offer_is_refused_plainly(db: Any) -> None:
    response = Client().post(reverse("accounts:language"), {"language": "fr", "next": "/"})
    assert response.status_code == 400
    assert b"Choose English or Spanish." in response.content


def test_the_switch_never_sends_anyone_to_another_site(db: Any) -> None:
    response = Client().post(
        reverse("accounts:language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/es/"


def test_every_translated_page_names_both_addresses(db: Any) -> None:
    body = Client().get("/es/pricing/").content.decode()
    assert '<link rel="alternate" hreflang="en" href="http://testserver/pricing/">' in body
    assert '<link rel="alternate" hreflang="es" href="http://testserver/es/pricing/">' in body
    assert 'hreflang="x-default" href="http://testserver/pricing/"' in body


def test_the_switch_shows_the_other_language_in_its_own_words(db: Any) -> None:
    english = Client().get("/pricing/").content.decode()
    spanish = Client().get("/es/pricing/").content.decode()
    assert 'value="es" lang="es" class="link-button">Español</button>' in english
    assert 'value="en" lang="en" class="link-button">English</button>' in spanish
