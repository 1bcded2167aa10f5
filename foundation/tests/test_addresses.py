"""Addresses reversed once give what reverse() gives, in every language and under a prefix."""

import uuid

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import override_settings
from django.urls import include, path, reverse, set_script_prefix
from django.utils import translation

from foundation.addresses import address_of, reverse_step


@pytest.fixture
def prefix() -> object:
    """The script prefix as a deployment under /clinic/ would set it, put back after."""
    set_script_prefix("/clinic/")
    yield
    set_script_prefix("/")


def test_a_remembered_step_is_the_reversed_one_in_each_language() -> None:
    for language in ("en", "es"):
        with translation.override(language):
            for section_id in ("location", "about-you"):
                expected = reverse("assessment:section", kwargs={"section_id": section_id})
                assert reverse_step("assessment:section", section_id=section_id) == expected
    with translation.override("es"):
        assert reverse_step("assessment:section", section_id="location").startswith("/es/")
    with translation.override("en"):
        assert reverse_step("assessment:section", section_id="location") == "/assessment/location/"


def test_a_remembered_step_follows_the_script_prefix(prefix: object) -> None:
    assert reverse_step("assessment:section", section_id="location") == (
        "/clinic/assessment/location/"
    )


def _page(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse()


# The URL configuration of the test below: the assessment's steps and the charts elsewhere.
urlpatterns = [
    path("steps/", include(([path("<slug:section_id>/", _page, name="section")], "assessment"))),
    path("charts/", include(([path("<uuid:public_id>/", _page, name="chart")], "workspace"))),
]


def test_a_new_url_configuration_forgets_what_was_remembered() -> None:
    public_id = uuid.uuid4()
    assert reverse_step("assessment:section", section_id="location") == "/assessment/location/"
    assert address_of("workspace:chart", public_id) == f"/care/patients/{public_id}/"
    with override_settings(ROOT_URLCONF=__name__):
        assert reverse_step("assessment:section", section_id="location") == "/steps/location/"
        assert address_of("workspace:chart", public_id) == f"/charts/{public_id}/"
    assert reverse_step("assessment:section", section_id="location") == "/assessment/location/"


def test_an_address_by_public_id_is_the_reversed_one() -> None:
    for _ in range(5):
        public_id = uuid.uuid4()
        assert address_of("workspace:chart", public_id) == reverse(
            "workspace:chart", args=[public_id]
        )


def test_an_address_by_public_id_in_spanish_and_under_a_prefix(prefix: object) -> None:
    public_id = uuid.uuid4()
    with translation.override("es"):
        thread = address_of("patients:thread", public_id)
        assert thread == reverse("patients:thread", args=[public_id])
        assert thread.startswith("/clinic/")
