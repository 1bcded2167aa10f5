"""Post one body as one persona and judge the answer.

For every post: never a server error; a refusal (a 4xx, a form shown again with its
errors, an error message) leaves every row as it was; a success writes only what its
table entry says it may, and what it saves is whole by the models' own rules.
"""

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.admin.helpers import AdminErrorList, AdminForm
from django.contrib.messages import constants
from django.core.cache import cache
from django.db import connection, models, transaction
from django.forms import BaseForm, BaseFormSet
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client
from django.test.utils import CaptureQueriesContext, ContextList
from django.urls import reverse
from django.utils.crypto import get_random_string

from tests.fuzz.html_forms import form_posting_to
from tests.fuzz.junk import Body, Shape, encode
from tests.fuzz.ledger import ANY_REQUEST, Change, Ledger, problems_in, tables_written
from tests.fuzz.table import ANYTHING, NO_PAGE, Entry, Kind, Write
from tests.fuzz.world import World


def url_for(key: str, kwargs: dict[str, Any]) -> str:
    """The URL of a pattern: reversed by name, or filled in from its route."""
    if "/" not in key:
        return reverse(key, kwargs=kwargs)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), key)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m[1]]), path)
    return "/" + path.lstrip("^").rstrip("$")


def _plain(form: BaseForm | BaseFormSet) -> Any:
    if isinstance(form, BaseFormSet):
        return [_plain(one) for one in form.forms if one.errors] + list(form.non_form_errors())
    return {
        name: [error["message"] for error in errors]
        for name, errors in form.errors.get_json_data().items()
    }


def refusal(response: Any) -> str | None:
    """Why the answer (the test client's, with its context) is a refusal, or None for a
    success."""
    said: list[str] = []
    context_or_list = getattr(response, "context", None)
    contexts: list[Any] = []
    if isinstance(context_or_list, ContextList):
        contexts = list(context_or_list)
    elif context_or_list is not None:
        contexts = [context_or_list]
    for context in contexts:
        for name, value in context.flatten().items():
            if isinstance(value, AdminForm):
                value = value.form
            if isinstance(value, BaseForm | BaseFormSet) and getattr(value, "_errors", None):
                said.append(f"{name} shown again with errors {_plain(value)}")
            if isinstance(value, AdminErrorList) and len(value):
                said.append(f"admin errors {list(value)}")
    storage = getattr(response.wsgi_request, "_messages", None)
    for message in getattr(storage, "_queued_messages", []):
        if message.level >= constants.WARNING:
            said.append(f"said {message.message!r}")
    if response.status_code >= 400:
        said.insert(0, f"answered {response.status_code}")
    return "; ".join(said)[:2000] if said else None


def _tables(writes: tuple[Write, ...]) -> dict[str, tuple[str, ...] | None]:
    """Table name -> the fields a success may change (None: any)."""
    allowed: dict[str, tuple[str, ...] | None] = {}
    for write in writes:
        model, names = write if isinstance(write, tuple) else (write, None)
        attnames = (
            tuple(model._meta.get_field(name).attname for name in names)  # type: ignore[union-attr]
            if names is not None
            else None
        )
        allowed[model._meta.db_table] = attnames
    return allowed


@dataclass
class Runner:
    key: str
    entry: Entry
    persona: str
    world: World
    client: Client
    kwargs: dict[str, Any]
    ledger: Ledger = field(default_factory=Ledger)
    posted: int = 0

    def __post_init__(self) -> None:
        self.url = url_for(self.key, self.kwargs)
        # As in production, the CSRF check reads the body before any view does (so a body
        # that does not parse is refused there); the token travels in the header, leaving
        # every field of the body to the junk.
        self.client.handler.enforce_csrf_checks = True
        self.csrf = get_random_string(CSRF_SECRET_LENGTH)
        self.client.cookies[settings.CSRF_COOKIE_NAME] = self.csrf
        self.cookies = copy.deepcopy(self.client.cookies)
        self.anything = self.entry.writes == ANYTHING
        self.allowed = {} if self.anything else _tables(self.entry.writes)
        self.kept = {model._meta.db_table for model in self.entry.kept_on_refusal}
        self.always = {model._meta.db_table for model in ANY_REQUEST}
        self.ledger.remember(self.allowed)

    def shape(self) -> Shape:
        """The form's fields: read from the page that shows it, with the entry's sample."""
        entry = self.entry
        if entry.page == NO_PAGE or entry.kind is Kind.PAGE:
            return Shape.of(None, self.sample())
        if entry.page is None:
            page_url = self.url
        else:
            kwargs = (
                entry.page_kwargs(self.world, self.persona)
                if entry.page_kwargs is not None
                else self.kwargs
            )
            page_url = url_for(entry.page, kwargs)
        answer = self.client.get(page_url)
        found = None
        if answer.status_code == 200 and "html" in answer.get("Content-Type", ""):
            found = form_posting_to(answer.content.decode(), page_url, self.url)
        assert found is not None or entry.kind is not Kind.FORM or self.persona in entry.refused, (
            f"{self.key} as {self.persona}: {page_url} ({answer.status_code}) shows no form "
            f"posting to {self.url}; say where the form is shown (`page`)"
        )
        if found is not None and "?" in found.action:
            self.url = found.action
        if found is not None:
            found.fields.pop("csrfmiddlewaretoken", None)
        self.client.cookies[settings.CSRF_COOKIE_NAME] = self.csrf
        self.cookies = copy.deepcopy(self.client.cookies)
        return Shape.of(found, self.sample())

    def sample(self) -> dict[str, Any]:
        sample = self.entry.sample
        return dict(sample(self.world, self.persona) if callable(sample) else sample)

    def where(self, body: Any) -> str:
        return f"{self.key} as {self.persona}, posting {body!r}"

    def post(self, body: Body) -> str | None:
        """Post the body in a transaction rolled back afterwards, and judge the answer:
        None for a success, else why it was refused."""
        data, content_type = encode(body)
        return self.send(body, data, content_type, {"X-CSRFToken": self.csrf})

    def send(
        self, shown: Any, data: bytes, content_type: str, headers: dict[str, str]
    ) -> str | None:
        """Post raw bytes (`shown` is how a failure names them) and judge the answer."""
        body = shown
        self.posted += 1
        cache.clear()
        self.client.cookies = copy.deepcopy(self.cookies)
        problems: list[str] = []
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                try:
                    response = self.client.generic(
                        "POST", self.url, data, content_type=content_type, headers=headers
                    )
                except Exception as error:
                    raise AssertionError(f"{self.where(body)} raised {error!r}") from error
            assert response.status_code < 500, f"{self.where(body)}: {response.status_code}"
            why_refused = refusal(response)
            written = tables_written(queries.captured_queries) - self.always
            after = {
                table: self.ledger.rows(table) for table in written if self.ledger.model(table)
            }
            unknown = [table for table in written if self.ledger.model(table) is None]
            assert not unknown, f"{self.where(body)} wrote to {unknown}, no model's tables"
            changes = {
                table: self.ledger.diff(table, rows)
                for table, rows in after.items()
                if table in self.allowed
            }
            if why_refused is None:
                problems += self._whole(changes)
            transaction.set_rollback(True)
        self.ledger.remember(set(after) - set(self.allowed))
        for table, rows in after.items():
            if table not in changes:
                changes[table] = self.ledger.diff(table, rows)
        real = {table: change for table, change in changes.items() if change}
        if why_refused is not None:
            half = [change.describe() for table, change in real.items() if table not in self.kept]
            if half:
                problems.append(f"refused ({why_refused}) yet changed {half}")
        elif not self.anything:
            for table, change in real.items():
                if table not in self.allowed:
                    problems.append(f"changed what it may not: {change.describe()}")
                    continue
                names = self.allowed[table]
                if names is not None:
                    if change.added or change.removed:
                        problems.append(f"added or removed rows: {change.describe()}")
                    for fields in change.changed.values():
                        if not fields <= {*names, *_ALWAYS_MOVING}:
                            problems.append(f"changed fields it may not: {change.describe()}")
        assert not problems, f"{self.where(body)}:\n  " + "\n  ".join(problems)
        return why_refused

    def _whole(self, changes: dict[str, Change]) -> list[str]:
        found: list[str] = []
        saved: dict[type[models.Model], Change] = {}
        for change in changes.values():
            if not change:
                continue
            saved[change.model] = change
            skip = self.entry.not_checked.get(change.model, ())
            found += problems_in(change.model, [*change.added, *change.changed], skip)
        if saved and self.entry.whole is not None:
            found += self.entry.whole(self.world, saved)
        return found


_ALWAYS_MOVING = {"updated_at", "modified_at"}
"""Stamps a save moves whatever it changes."""
