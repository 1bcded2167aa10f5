"""Plans live in the database, an administrator edits them, and the pricing page follows."""

from typing import Any

import pytest
from django.test import Client

from billing.models import Plan
from billing.seeding import ensure_standard_plan
from tests.personas import client_for


@pytest.mark.parametrize(
    ("cents", "shown"), [(25000, "$250"), (24950, "$249.50"), (100005, "$1,000.05"), (5, "$0.05")]
)
def test_a_price_is_shown_in_dollars(cents: int, shown: str) -> None:
    assert Plan(price_cents=cents).price_display == shown


def test_the_standard_plan_is_250_dollars_a_month_and_says_what_it_includes(db: Any) -> None:
    plan, created = ensure_standard_plan()
    assert created and (plan.price_display, plan.interval_word) == ("$250", "month")
    assert any("physician" in item for item in plan.included_items)
    assert ensure_standard_plan() == (plan, False)


def test_the_pricing_page_shows_active_plans_from_the_database(db: Any, visitor: Client) -> None:
    ensure_standard_plan()
    Plan.objects.create(name="Retired", slug="retired", price_cents=9900, active=False)
    html = visitor.get("/pricing/").content.decode()
    assert '<span class="price-amount">$250</span> a month' in html
    assert "Video consults with a board-certified physician" in html
    assert "Retired" not in html


def test_an_administrator_changes_the_price_in_the_admin_and_the_site_follows(
    admin_user: Any, visitor: Client
) -> None:
    plan, _ = ensure_standard_plan()
    response = client_for(admin_user).post(
        f"/admin/billing/plan/{plan.pk}/change/",
        {
            "name": "Standard",
            "slug": "standard",
            "price_cents": "27500",
            "interval": "month",
            "summary": plan.summary,
            "includes": plan.includes,
            "active": "on",
            "order": "1",
        },
    )
    assert response.status_code == 302
    assert '<span class="price-amount">$275</span>' in visitor.get("/pricing/").content.decode()
    assert "From $275 a month" in visitor.get("/").content.decode()


@pytest.mark.parametrize("price", ["0", "-5", "abc", ""])
def test_the_admin_refuses_a_price_that_is_not_a_positive_number_of_cents(
    admin_user: Any, price: str
) -> None:
    response = client_for(admin_user).post(
        "/admin/billing/plan/add/",
        {"name": "Odd", "slug": "odd", "price_cents": price, "interval": "month", "order": "0"},
    )
    assert response.status_code == 200  # the form again, with its error
    assert not Plan.objects.filter(slug="odd").exists()


def test_without_an_active_plan_the_pricing_page_still_answers(db: Any, visitor: Client) -> None:
    response = visitor.get("/pricing/")
    assert response.status_code == 200
    assert "Our prices are being updated" in response.content.decode()


@pytest.mark.parametrize("persona", ["editor", "clinician_fl", "coordinator", "pharmacist"])
def test_only_an_administrator_opens_the_plan_admin(persona: str, request: Any) -> None:
    response = client_for(request.getfixturevalue(persona)).get("/admin/billing/plan/")
    assert response.status_code == 302 and "/login/" in response["Location"]
