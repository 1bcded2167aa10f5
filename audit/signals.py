"""Sign-in, sign-out and second-factor changes go into the audit log."""

from typing import Any

from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from audit.events import record_event


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event("auth.signed_in", actor=user, target=user)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event("auth.signed_out", actor=user, target=user)


@receiver(authenticator_added)
def _authenticator_added(
    sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any
) -> None:
    record_event("mfa.added", actor=user, target=user, detail={"type": authenticator.type})


@receiver(authenticator_removed)
def _authenticator_removed(
    sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any
) -> None:
    record_event("mfa.removed", actor=user, target=user, detail={"type": authenticator.type})
