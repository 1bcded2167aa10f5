"""The acting person is a `User`: `signed_in` gives a view the person who signed in (a 403
for anyone else), and no verb takes the person who acts as `Any`."""

import ast

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from accounts.decorators import signed_in
from accounts.models import User
from tests.source import ROOT, parsed_source

ACTING = {"by", "user", "actor", "clinician", "editor", "reviewer"}
"""Parameter names that hold the person who acts."""

BELOW_ACCOUNTS = {"audit", "foundation", "background", "integrations", "clinical"}
"""Packages under accounts in the layers, which cannot name its `User`."""


def test_signed_in_gives_the_person_who_signed_in(clinician_fl: User) -> None:
    request = RequestFactory().get("/")
    request.user = clinician_fl

    assert signed_in(request) == clinician_fl


def test_signed_in_turns_away_a_visitor() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    with pytest.raises(PermissionDenied):
        signed_in(request)


def acting_people_typed_any() -> list[str]:
    found = []
    for path, tree in parsed_source(leaving_out=BELOW_ACCOUNTS):
        for node in ast.walk(tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            arguments = [*node.args.args, *node.args.kwonlyargs]
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno} {argument.arg}"
                for argument in arguments
                if argument.arg in ACTING
                and isinstance(argument.annotation, ast.Name)
                and argument.annotation.id == "Any"
            ]
    return found


def test_no_verb_takes_the_acting_person_as_any() -> None:
    assert acting_people_typed_any() == [], "type the person who acts as accounts.models.User"
