"""Playwright driving Debian's Chromium against Django's live server.

- `page`: a fresh browser page (390 px wide unless a test resizes it) on the live
  server; after the test it fails if the page asked for anything from another
  origin or the browser reported a Content-Security-Policy violation.
- `assert_accessible(page)`: runs axe-core (installed from npm, injected locally)
  and fails on any serious or critical violation.

Without Chromium the browser tests are skipped with a loud message, except when CI
is set, where a missing browser fails them.

With ``PROD_CHECK_URL`` set (``make prod-check``), `page` opens that address instead of a
live server: a deployment of app servers behind a load balancer, on the database that
``DATABASE_URL`` names. No test database is made and nothing is flushed, so the
deployment's processes see what the test writes and the reverse; a test that would make
or flush a database of its own is skipped. Email is read from ``PROD_CHECK_MAIL_DIR``,
the folder the deployment's file mail backend writes to (`email_to`).
"""

import email
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PROD_CHECK_URL = os.environ.get("PROD_CHECK_URL", "").rstrip("/")
PROD_CHECK_MAIL_DIR = os.environ.get("PROD_CHECK_MAIL_DIR", "")
# Fixtures that make, empty or roll back a database: never against a deployment's.
_OWN_DATABASE_FIXTURES = {
    "live_server",
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def _unavailable(reason: str) -> None:
    message = f"BROWSER TESTS NOT RUN: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this is a failure)")
    print(f"\n{'!' * 72}\n{message}\n{'!' * 72}", file=sys.stderr)
    pytest.skip(message)


if PROD_CHECK_URL:

    @pytest.fixture(scope="session")
    def django_db_setup() -> None:
        """Against a deployment: its own database, already migrated; no test database."""

    def pytest_runtest_setup(item: pytest.Item) -> None:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & _OWN_DATABASE_FIXTURES or item.get_closest_marker("django_db"):
            pytest.skip("PROD_CHECK_URL is set: only tests that need no database of their own")


def _end_stray_database_sessions(django_db_blocker: Any) -> None:
    """Live-server request threads may leave a PostgreSQL session open; end it so the
    test database can be dropped."""
    from django.db import connection

    if PROD_CHECK_URL or connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def browser(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        _unavailable("Chromium is not installed (make test installs Debian's chromium as root)")
    if not AXE_SCRIPT.exists():
        _unavailable("axe-core is not installed (make test runs npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    _end_stray_database_sessions(django_db_blocker)


@dataclass
class PageWatch:
    origin: str
    foreign_requests: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    transferred: dict[str, int] = field(default_factory=dict)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# The (secret, time step) of each authenticator code the browser has typed, since the server
# accepts a code once (allauth keeps it in the cache for one step). A deployment's cache
# outlives the tests, so against one they are remembered for the whole run.
_CODES_USED: set[tuple[str, int]] = set()


# The address the browser opens: Django's live server on the test database, or the
# deployment at PROD_CHECK_URL, whose database the test then reads and writes as is.
# Two definitions, not one that chooses at run time: pytest-django makes the test
# database only for tests that ask for it by name.
if PROD_CHECK_URL:

    @pytest.fixture
    def site_url(django_db_blocker: Any) -> Iterator[str]:
        with django_db_blocker.unblock():
            yield PROD_CHECK_URL

else:

    @pytest.fixture
    def site_url(live_server: Any, transactional_db: Any) -> str:
        # The server runs in this process, on the cache each test starts afresh
        # (tests/personas.py): no authenticator code counts as used yet.
        _CODES_USED.clear()
        return str(live_server.url)


@pytest.fixture
def page(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport=PHONE, base_url=site_url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    watch = PageWatch(origin=_origin(site_url))

    def on_request(request: Any) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if _origin(url) != watch.origin:
            watch.foreign_requests.append(url)

    def on_route(route: Any) -> None:
        if _origin(route.request.url) != watch.origin:
            route.abort()
        else:
            route.continue_()

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            watch.csp_violations.append(message.text)

    def on_response(response: Any) -> None:
        try:
            size = len(response.body())
        except Exception:  # a redirect or an aborted response has no body
            return
        watch.transferred[response.url] = size

    tab.on("request", on_request)
    tab.on("console", on_console)
    tab.on("response", on_response)
    tab.route("**/*", on_route)
    tab.watch = watch
    yield tab
    context.close()
    assert not watch.foreign_requests, f"requests to another origin: {watch.foreign_requests}"
    assert not watch.csp_violations, f"Content-Security-Policy violations: {watch.csp_violations}"


def assert_accessible(page: Any, *, impacts: tuple[str, ...] = ("serious", "critical")) -> None:
    """Fail on any axe-core violation of the given impacts (WCAG 2.1 A and AA)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    bad = [v for v in result if v["impact"] in impacts]
    assert not bad, "accessibility violations:\n" + "\n".join(
        f"  {v['impact']}: {v['id']} — {v['help']} at {v['nodes']}" for v in bad
    )


def assert_fits_width(page: Any) -> None:
    """Nothing on the page is wider than the viewport (no sideways scrolling)."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, (
        f"the page is {overflow}px wider than the {page.viewport_size['width']}px screen"
    )


def page_weight(page: Any) -> int:
    """Bytes of every response the page received (HTML, CSS, JS, fonts, images)."""
    return sum(page.watch.transferred.values())


def sign_in_as(page: Any, user: Any, live_server_url: str) -> None:
    """Give the browser a signed-in session for `user` (second factor taken as passed)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server_url,
            }
        ]
    )


def sign_out(page: Any) -> None:
    """Drop the browser's session. The page is left first: on a signed-in page the idle
    watcher would reload it when the session vanished, aborting the next navigation."""
    page.goto("about:blank")
    page.context.clear_cookies()


def switch_user(page: Any, user: Any, live_server_url: str) -> None:
    """Sign the browser out and in as `user`."""
    sign_out(page)
    sign_in_as(page, user, live_server_url)


def sign_in_with_code(page: Any, key: str) -> Any:
    """Sign the persona `key` in through the real pages: email, password, then the
    authenticator code from their TOTP secret. Returns the user, on their home page."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from demo.people import DEMO_PASSWORD
    from tests.personas import make, persona

    user = make(key)
    secret = persona(key).totp_secret
    assert secret, f"{key} has no authenticator in the demo cast"
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/2fa/authenticate/")
    # A code is accepted once. A second sign-in in the same 30 seconds takes the next
    # step's code, which the server accepts as the neighbouring step; a third waits for
    # the next step to begin.
    while True:
        now = int(time.time()) // 30
        fresh = [step for step in (now, now + 1) if (secret, step) not in _CODES_USED]
        if fresh:
            step = fresh[0]
            break
        time.sleep(30 - time.time() % 30 + 0.2)
    _CODES_USED.add((secret, step))
    page.get_by_label("Code").fill(format_hotp_value(hotp_value(secret, step)))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/home/")
    return user


def _body(message: email.message.Message) -> str:
    part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), message)
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes), "an email with no text"
    return payload.decode(part.get_content_charset() or "utf-8")


def _emails_in_folder(folder: Path) -> list[email.message.Message]:
    """The messages Django's file backend wrote: one file per connection, oldest first."""
    messages = []
    for path in sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime):
        for text in path.read_text().split("\n" + "-" * 79 + "\n"):
            if text.strip():
                messages.append(email.message_from_string(text))
    return messages


def email_to(address: str, *, seconds: float = 20) -> str:
    """The text of the newest email to `address`: from Django's test outbox, or, against a
    deployment, from its mail folder once a server or worker has written it."""
    if not PROD_CHECK_URL:
        # Imported here: this module loads as a plugin before pytest-django sets up Django.
        from django.core import mail

        sent = [message for message in mail.outbox if address in message.to]
        assert sent, f"no email to {address}"
        return str(sent[-1].body)
    deadline = time.monotonic() + seconds
    while True:
        found = [
            message
            for message in _emails_in_folder(Path(PROD_CHECK_MAIL_DIR))
            if address in str(message["To"])
        ]
        if found:
            return _body(found[-1])
        assert time.monotonic() < deadline, f"no email to {address} in {PROD_CHECK_MAIL_DIR}"
        time.sleep(0.2)
