"""The admin answers row ids that are no ids with a message, never a 500, and changes
nothing (`ketaclinic.admin_site`)."""

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from content.models import Condition
from tests.personas import client_for

NOT_IDS = ["", "²", "①", "x", str(10**30), str(-(10**30)), "1.5"]


@pytest.fixture
def condition(db: Any) -> Condition:
    from content.actions import do_save_condition

    return do_save_condition(
        Condition(slug="crps", name="CRPS", short_name="CRPS", summary="s", body="b")
    )


@pytest.mark.parametrize("selected", NOT_IDS)
def test_an_action_on_rows_that_are_no_ids_deletes_nothing(
    admin_user: Any, condition: Condition, selected: str
) -> None:
    client = client_for(admin_user)
    url = reverse("admin:content_condition_changelist")
    response = client.post(
        url, {"action": "delete_selected", "index": "0", "_selected_action": [selected]}
    )
    assert response.status_code == 302
    assert Condition.objects.filter(pk=condition.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Choose the rows from the list" in page


def test_an_action_on_real_rows_still_runs(admin_user: Any, condition: Condition) -> None:
    response = client_for(admin_user).post(
        reverse("admin:content_condition_changelist"),
        {"action": "delete_selected", "index": "0", "_selected_action": [str(condition.pk)]},
    )
    assert response.status_code == 200
    assert "Are you sure" in response.content.decode()


@pytest.mark.parametrize("edited", [str(10**30), "²"])
def test_a_list_edit_of_a_row_that_is_no_id_changes_nothing(admin_user: Any, edited: str) -> None:
    from billing.seeding import ensure_standard_plan

    plan, _ = ensure_standard_plan()
    response = client_for(admin_user).post(
        reverse("admin:billing_plan_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": edited,
            "form-0-active": "",
            "form-0-order": "7",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.active and plan.order != 7


@pytest.mark.parametrize("permission", NOT_IDS)
def test_a_many_to_many_choice_that_is_no_id_is_a_form_error(
    admin_user: Any, permission: str
) -> None:
    response = client_for(admin_user).post(
        reverse("admin:auth_group_add"), {"name": "Reviewers", "permissions": [permission]}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["permissions"]
    assert not Group.objects.exists()


def test_a_real_permission_is_still_chosen(admin_user: Any) -> None:
    permission = Permission.objects.first()
    assert permission is not None
    response = client_for(admin_user).post(
        reverse("admin:auth_group_add"), {"name": "Reviewers", "permissions": [permission.pk]}
    )
    assert response.status_code == 302
    assert list(Group.objects.get().permissions.all()) == [permission]
