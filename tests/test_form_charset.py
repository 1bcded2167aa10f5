"""A url-encoded form sent in a charset other than UTF-8 is a 400, never a 500.

Django refuses such a body every time `request.POST` is read; before
`foundation.middleware.FormCharsetMiddleware`, the CSRF check read it first, then the
400 page's CSRF check, then the 500 page's, and the request ended in an unhandled error.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

TOKEN = "a" * 32


def csrf_client(client: Client) -> Client:
    client.handler.enforce_csrf_checks = True
    client.cookies["csrftoken"] = TOKEN
    return client


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "UTF8"])
def test_a_form_in_another_charset_is_refused_with_a_400(db: Any, charset: str) -> None:
    response = csrf_client(Client(raise_request_exception=False)).generic(
        "POST",
        reverse("content:service_area"),
        b"zip_code=33133",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        headers={"X-CSRFToken": TOKEN},
    )
    assert response.status_code == 400


def test_a_refused_form_confirms_nothing(patient_fl: Any) -> None:
    """Confirming an address reads the body only after confirming it: refused first."""
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    address = EmailAddress.objects.create(
        user=patient_fl, email="maria.second@example.com", verified=False
    )
    url = reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])
    response = csrf_client(Client()).generic(
        "POST",
        url,
        b"next=%2F",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
        headers={"X-CSRFToken": TOKEN},
    )
    assert response.status_code == 400
    address.refresh_from_db()
    assert not address.verified


def test_utf8_and_a_charset_that_is_no_charset_are_read_as_usual(db: Any) -> None:
    for content_type in (
        "application/x-www-form-urlencoded; charset=utf-8",
        "application/x-www-form-urlencoded; charset=no-such-charset",
    ):
        response = csrf_client(Client()).generic(
            "POST",
            reverse("content:service_area"),
            b"zip_code=33133",
            content_type=content_type,
            headers={"X-CSRFToken": TOKEN},
        )
        assert response.status_code == 200
