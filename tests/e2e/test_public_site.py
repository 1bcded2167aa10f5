"""The public site in Chromium: a visitor's journey from the home page to the assessment and
the newsletter, and every public page accessible, phone-sized, self-contained and light."""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail

from content.models import Subscriber
from content.seeding import seed_content
from tests.browser import assert_accessible, assert_fits_width, page_weight, switch_user
from tests.personas import make

pytestmark = pytest.mark.browser

PAGE_WEIGHT_LIMIT = 60 * 1024

PUBLIC_PAGES = [
    "/",
    "/how-it-works/",
    "/conditions/",
    "/conditions/crps/",
    "/conditions/mecfs/",
    "/articles/",
    "/articles/ketamine-for-crps/",
    "/articles/ketamine-for-social-anxiety-disorder/",
    "/articles/ketamine-for-me-cfs/",
    "/pricing/",
    "/service-area/",
    "/faq/",
    "/safety/",
    "/privacy/",
    "/terms/",
    "/newsletter/",
    "/newsletter/check-your-inbox/",
]


@pytest.fixture
def site(transactional_db: Any) -> None:
    seed_content(editor=make("editor"), reviewer=make("clinician_fl"))


def path_of(url: str) -> str:
    return urlsplit(url).path


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s>]+", text)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_is_accessible_fits_a_phone_and_stays_light(
    site: None, page: Any, path: str
) -> None:
    response = page.goto(path)
    assert response.status == 200
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert_fits_width(page)
    weight = page_weight(page)
    print(f"\nPAGE WEIGHT {path} {weight / 1024:.1f} KB")
    assert weight < PAGE_WEIGHT_LIMIT, f"{path} weighs {weight} bytes"


def test_a_visitor_reads_the_crps_article_takes_the_assessment_link_and_joins_the_newsletter(
    site: None, page: Any
) -> None:
    page.goto("/")
    page.get_by_role("link", name=re.compile("^Ketamine for CRPS")).click()
    page.wait_for_url("**/articles/ketamine-for-crps/")
    assert "Medically reviewed by Dr Ana Rivera" in page.locator(".article-meta").inner_text()

    # Citations: numbered superscripts that jump to the reference list, linked to DOI and PubMed.
    page.locator("sup.cite a").first.click()
    assert page.evaluate("() => location.hash") == "#ref-1"
    references = page.locator(".references li")
    assert references.count() == 9
    assert page.locator('.references a[href="https://doi.org/10.1016/j.pain.2009.06.023"]').count()
    assert page.locator('.references a[href="https://pubmed.ncbi.nlm.nih.gov/19604642/"]').count()

    # Related articles.
    related = page.locator(".related")
    assert related.get_by_role("link", name="Ketamine for social anxiety disorder").is_visible()
    assert related.get_by_role("link", name="Ketamine and ME/CFS").is_visible()

    # The call to the assessment.
    call = page.locator(".cta [data-assessment-link]")
    assert call.get_attribute("href") == "/assessment/"
    call.click()
    page.wait_for_url("**/assessment/")

    # The newsletter: sign up, confirm from the email, unsubscribe with one click.
    page.goto("/articles/ketamine-for-crps/")
    page.locator(".newsletter").get_by_label("Email address").fill("reader@example.com")
    page.locator(".newsletter").get_by_role("button", name="Sign me up").click()
    page.wait_for_url("**/newsletter/check-your-inbox/")
    assert_accessible(page)

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    confirm = next(link for link in links_in(str(email.body)) if "/newsletter/confirm/" in link)
    page.goto(path_of(confirm))
    assert_accessible(page)
    page.get_by_role("button", name="Yes, confirm my sign-up").click()
    assert "You're signed up" in page.locator("h1").inner_text()
    assert Subscriber.objects.get(email="reader@example.com").status == "confirmed"

    unsubscribe = re.search(r"<([^>]+)>", email.extra_headers["List-Unsubscribe"])
    assert unsubscribe and unsubscribe.group(1) in email.body
    page.goto(path_of(unsubscribe.group(1)))
    assert_accessible(page)
    page.get_by_role("button", name="Unsubscribe").click()
    assert "You're unsubscribed" in page.locator("h1").inner_text()
    assert Subscriber.objects.get(email="reader@example.com").status == "unsubscribed"


def test_a_mail_client_unsubscribes_with_one_post_as_rfc_8058_describes(
    site: None, page: Any
) -> None:
    from content import actions

    actions.do_subscribe("reader@example.com")
    header = mail.outbox[0].extra_headers["List-Unsubscribe"]
    target = path_of(header.strip("<>"))
    page.goto("/")
    response = page.request.post(
        target,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    assert Subscriber.objects.get().status == "unsubscribed"


@pytest.mark.parametrize(
    ("zip_code", "answer"),
    [
        ("33133", "It is in Miami-Dade County, Florida"),
        ("32301", "It is in Leon County, Florida"),
        ("32501", "It is in Escambia County, Florida"),
        ("07102", "It is in Essex County, New Jersey"),
        ("08401", "It is in Atlantic County, New Jersey"),
        ("07302", "It is in Hudson County, New Jersey"),
    ],
)
def test_the_zip_checker_names_the_county_for_florida_and_new_jersey(
    site: None, page: Any, zip_code: str, answer: str
) -> None:
    page.goto("/service-area/")
    page.get_by_label("ZIP code", exact=True).fill(zip_code)
    page.get_by_role("button", name="Check").click()
    result = page.locator("#zip-result").inner_text()
    assert f"Yes, we treat people in ZIP code {zip_code}." in result
    assert answer in result


def test_the_zip_checker_offers_the_waitlist_elsewhere_and_explains_bad_input(
    site: None, page: Any
) -> None:
    page.goto("/service-area/")
    page.get_by_label("ZIP code", exact=True).fill("10001")
    page.get_by_role("button", name="Check").click()
    assert (
        "is in New York, where we cannot treat people yet"
        in page.locator("#zip-result").inner_text()
    )
    assert_accessible(page)
    assert_fits_width(page)
    waitlist = page.locator(".waitlist")
    waitlist.get_by_label("Email address").fill("new.yorker@example.com")
    waitlist.get_by_role("button", name="Join the waitlist").click()
    page.wait_for_url("**/newsletter/check-your-inbox/")
    assert Subscriber.objects.get().state == "NY"

    page.goto("/service-area/")
    page.get_by_label("ZIP code", exact=True).fill("33 1")
    page.get_by_role("button", name="Check").click()
    assert "Enter the 5 digits of your ZIP code." in page.locator("#zip-result").inner_text()
    assert page.get_by_label("ZIP code", exact=True).get_attribute("aria-invalid") == "true"
    assert_accessible(page)

    page.get_by_label("ZIP code", exact=True).fill("00000")
    page.get_by_role("button", name="Check").click()
    assert "We could not find ZIP code 00000." in page.locator("#zip-result").inner_text()


def test_a_zip_without_a_county_in_the_data_asks_for_it(site: None, page: Any) -> None:
    page.goto("/service-area/")
    page.get_by_label("ZIP code", exact=True).fill("33106")
    page.get_by_role("button", name="Check").click()
    assert "which one you live in" in page.locator("#zip-result").inner_text()
    assert_accessible(page)
    page.get_by_label("Your county").select_option("Miami-Dade")
    page.get_by_role("button", name="Check").click()
    assert "It is in Miami-Dade County, Florida" in page.locator("#zip-result").inner_text()


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def test_the_editorial_screens_are_accessible_to_the_editor_and_the_reviewer(
    site: None, page: Any, live_server: Any
) -> None:
    from content.models import Article

    article = Article.objects.get(slug="ketamine-for-crps", language="en")
    sign_in(page, live_server, make("editor"))
    for path in (
        "/editorial/",
        f"/editorial/articles/{article.pk}/",
        f"/editorial/articles/{article.pk}/edit/",
        f"/editorial/articles/{article.pk}/history/",
        f"/editorial/articles/{article.pk}/history/1/",
        "/editorial/references/",
        "/editorial/articles/new/",
    ):
        assert page.goto(path).status == 200, path
        assert_accessible(page)
        assert_fits_width(page)

    page.goto(f"/editorial/articles/{article.pk}/edit/")
    page.get_by_label("Body").fill("A shorter body for review.\n")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Send for clinical review").click()
    assert "Sent for review" in page.locator(".messages").inner_text()

    switch_user(page, make("clinician_nj"), live_server.url)
    page.goto(f"/editorial/articles/{article.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name="Approve and publish").click()
    assert "Approved and published" in page.locator(".messages").inner_text()
    page.goto("/articles/ketamine-for-crps/")
    assert "Medically reviewed by Dr Daniel Okafor" in page.locator(".article-meta").inner_text()
