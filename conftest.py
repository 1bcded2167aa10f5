"""Fixtures for every test: the personas of style.md and the browser harness."""

import os

# Playwright's sync API keeps an event loop in the test thread; Django's ORM calls
# from that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.personas", "tests.browser"]
