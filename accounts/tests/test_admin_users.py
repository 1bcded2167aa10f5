"""People added in the admin: a whole row, with an unusable password until they set one."""

from typing import Any

from django.urls import reverse

from accounts.models import User
from tests.personas import client_for


def test_a_person_added_in_the_admin_has_an_unusable_password(admin_user: Any) -> None:
    response = client_for(admin_user).post(
        reverse("admin:accounts_user_add"),
        {
            "email": "new.staff@example.com",
            "full_name": "New Staff",
            "is_active": "on",
            "language": "en",
            "role_grants-TOTAL_FORMS": "0",
            "role_grants-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    added = User.objects.get(email="new.staff@example.com")
    assert added.password and not added.has_usable_password()
    added.full_clean()
