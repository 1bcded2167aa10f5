"""A worker killed at random points while sending, then started again: every queued notice
and every newsletter copy is sent, and one can go twice only where a kill cut a send in
half (SMTP cannot say).

Real worker processes (``manage.py worker``) run against this test's database and are
killed with SIGKILL, as a crashed machine or the OOM killer would; the heartbeat of the
next worker finds the tasks the dead one left RUNNING and puts them back in the queue.
"""

import email
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from content import actions as content
from content.models import NewsletterDelivery, NewsletterIssue
from foundation.notices import send_notice
from tests.personas import make

ROOT = Path(__file__).resolve().parent.parent
NOTICES = 40
SUBSCRIBERS = 30
KILLS = 4


def database_url() -> str:
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{database['NAME']}"


def start_worker(env: dict[str, str], *, worker_id: str = "") -> subprocess.Popen[bytes]:
    """A real ``manage.py worker`` polling every 50 ms, with ``env`` over this one's."""
    named = ["--worker-id", worker_id] if worker_id else []
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.05", "--no-startup-delay", *named],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until_sending(worker: subprocess.Popen[bytes]) -> None:
    """Block until the worker has a task in hand, so the kill that follows lands mid-run."""
    deadline = time.monotonic() + 30
    while not DBTaskResult.objects.running().exists():
        assert worker.poll() is None, "the worker stopped by itself"
        assert time.monotonic() < deadline, "the worker never took a task"
        time.sleep(0.02)


def subjects_sent(folder: Path) -> list[str]:
    return [
        str(email.message_from_bytes(path.read_bytes())["Subject"]) for path in folder.glob("*.eml")
    ]


@pytest.mark.django_db(transaction=True)
def test_killed_workers_lose_no_queued_email(tmp_path: Path, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for number in range(NOTICES):
        send_notice([f"person{number}@example.com"], f"Crash test {number}", "Sign in.")
    for number in range(SUBSCRIBERS):
        content.do_subscribe(f"reader{number}@example.com")
    for code in [content.confirmation_code(s) for s in content.Subscriber.objects.all()]:
        content.do_confirm_subscription(code)
    # The confirmation emails are not what this test is about.
    DBTaskResult.objects.exclude(task_path="foundation.notices.deliver_notice").delete()
    admin = make("admin")
    issue = NewsletterIssue.objects.create(subject="Crash issue", body="Hello.", created_by=admin)
    assert content.do_send_newsletter_issue(issue, by=admin) == SUBSCRIBERS

    mail = tmp_path / "mail"
    mail.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.crash.settings",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CRASH_MAIL_DIR": str(mail),
        "WORKER_HEARTBEAT_SECONDS": "1",
        "WORKER_STALE_SECONDS": "2",
        "NEWSLETTER_DELIVERY_LEASE_SECONDS": "2",
        "KETACLINIC_VAR_DIR": str(tmp_path / "var"),
    }
    chance = random.Random(2026)
    killed_mid_run = 0
    for _ in range(KILLS):
        worker = start_worker(env)
        wait_until_sending(worker)
        time.sleep(chance.uniform(0.0, 0.3))
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        killed_mid_run += DBTaskResult.objects.running().count() > 0

    survivor = start_worker(env)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists():
                break
            time.sleep(0.5)
    finally:
        survivor.send_signal(signal.SIGTERM)
        survivor.wait(timeout=20)

    assert DBTaskResult.objects.exclude(status="SUCCESSFUL").count() == 0
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT
    assert set(issue.deliveries.values_list("status", flat=True)) == {
        NewsletterDelivery.Status.SENT
    }
    sent = subjects_sent(mail)
    notices = [subject for subject in sent if subject.startswith("Crash test")]
    assert set(notices) == {f"Crash test {number}" for number in range(NOTICES)}
    assert sent.count("Crash issue") >= SUBSCRIBERS
    twice = len(sent) - NOTICES - SUBSCRIBERS
    assert twice <= KILLS, "a message went twice without a kill to cut it"
    assert killed_mid_run >= 1, "no kill landed while a task was running"


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_nothing_behind_taking_tasks(tmp_path: Path, settings: Any) -> None:
    """With DEBUG on, as in ``make run``, a kill stops the worker outright: no reloader child
    lives on to take tasks nobody will see sent (seen as e-mails lost to a stranger)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail = tmp_path / "mail"
    mail.mkdir()
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.crash.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "CRASH_MAIL_DIR": str(mail),
        "KETACLINIC_VAR_DIR": str(tmp_path / "var"),
    }
    send_notice(["first@example.com"], "Before the kill", "Sign in.")
    worker = start_worker(env)
    deadline = time.monotonic() + 30
    while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists():
        assert time.monotonic() < deadline, "the worker never ran the first task"
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)

    send_notice(["second@example.com"], "After the kill", "Sign in.")
    time.sleep(2)  # forty polls of a worker that was still there
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert subjects_sent(mail) == ["Before the kill"]
