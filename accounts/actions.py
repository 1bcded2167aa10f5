"""Verbs for people and roles."""

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import RoleGrant, User
from accounts.roles import Role
from audit.events import record_event


@transaction.atomic
def do_create_person(
    email: str,
    *,
    full_name: str,
    password: str | None,
    roles: tuple[Role, ...],
    by: User | None = None,
) -> User:
    """A person with a verified email address and the given roles."""
    user = User.objects.create_user(email, password, full_name=full_name)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for role in roles:
        do_grant_role(user, role, by=by)
    return user


@transaction.atomic
def do_grant_role(user: User, role: Role, *, by: User | None = None) -> None:
    _, created = RoleGrant.objects.get_or_create(user=user, role=role)
    user.__dict__.pop("roles", None)
    if created:
        record_event("role.granted", actor=by, target=user, detail={"role": str(role)})


def do_choose_language(user: User, language: str) -> None:
    """Keep the language ``user`` reads on their account: their pages, emails and texts."""
    if user.language == language:
        return
    previous = user.language
    user.language = language
    user.save(update_fields=["language"])
    record_event(
        "account.language_chosen",
        actor=user,
        target=user,
        detail={"from": previous, "to": language},
    )
