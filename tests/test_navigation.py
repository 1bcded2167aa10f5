"""Each staff member's navigation offers only pages they may open: every link on their
account page (the header, their work, their sign-in, the footer) answers 200."""

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.views import STAFF_AREAS
from content.seeding import seed_content
from tests.personas import client_for, make, persona

STAFF = ["clinician_fl", "clinician_nj", "pharmacist", "coordinator", "editor", "admin"]


class _Links(HTMLParser):
    """The local addresses the page's body links to."""

    def __init__(self) -> None:
        super().__init__()
        self.in_body = False
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
        href = dict(attrs).get("href") or ""
        if self.in_body and tag == "a" and href.startswith("/"):
            self.found.append(href)


def links_on(page: str) -> list[str]:
    parser = _Links()
    parser.feed(page)
    return list(dict.fromkeys(parser.found))


@pytest.mark.parametrize("key", STAFF)
def test_every_link_of_a_staff_members_navigation_opens(key: str, password: str, db: Any) -> None:
    seed_content(editor=make("editor"), reviewer=make("clinician_fl"))
    client = client_for(make(key))
    # Pages behind "confirm it's you" open once they have confirmed.
    client.post(reverse("account_reauthenticate"), {"password": password})
    home = client.get(reverse("accounts:home"))
    assert home.status_code == 200
    links = links_on(home.content.decode())
    for role in persona(key).roles:
        for url_name, _label in STAFF_AREAS.get(role, ()):
            assert reverse(url_name) in links
    answers = {link: client.get(link).status_code for link in links}
    assert {link: status for link, status in answers.items() if status != 200} == {}


def test_a_clinician_is_offered_their_visits_and_may_open_them(clinician_fl: Any) -> None:
    assert ("care:schedule", "Your visits") in STAFF_AREAS[Role.CLINICIAN]
    assert client_for(clinician_fl).get(reverse("care:schedule")).status_code == 200
