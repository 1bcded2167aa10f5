"""The settings module fails fast on bad values and refuses unsafe production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from foundation.env import envbool, envchoice, envint

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-a-long-random-production-secret-value-0123456789"


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "KETACLINIC_ENV"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json; from django.conf import settings; django.setup();"
            "print(json.dumps([settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
            " settings.SECURE_HSTS_SECONDS, settings.DEBUG]))",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "ketaclinic.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PRODUCTION = {
    "KETACLINIC_ENV": "production",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "example.org",
    "VIDEO_JITSI_BASE_URL": "https://video.example.org",
    "TWILIO_ACCOUNT_SID": "AC0123",
    "TWILIO_AUTH_TOKEN": "token",
    "SMS_FROM_NUMBER": "+13055550100",
    "STRIPE_SECRET_KEY": "sk_live_0123",
    "STRIPE_WEBHOOK_SECRET": "whsec_0123",
    "CARRIER_BACKEND": "http",
    "CARRIER_API_URL": "https://api.carrier.example/v1/",
    "CARRIER_API_KEY": "key",
    "CARRIER_WEBHOOK_SECRET": "secret",
    "MFA_ENCRYPTION_KEYS": "MDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA=",
    "PDMP_ATTESTATION_ALLOWED": "true",
}
"""A production configuration that starts: every outside service real."""


def test_production_refuses_the_default_secret_key() -> None:
    result = load_settings(KETACLINIC_ENV="production", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_turns_on_secure_cookies_and_hsts() -> None:
    result = load_settings(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[true, true, 63072000, false]"


def test_production_refuses_the_placeholder_video_server() -> None:
    result = load_settings(
        **{**PRODUCTION, "VIDEO_JITSI_BASE_URL": "https://video.ketaclinic.example"}
    )
    assert result.returncode != 0
    assert "VIDEO_JITSI_BASE_URL must name the practice's own Jitsi server" in result.stderr


def test_production_refuses_debug() -> None:
    result = load_settings(KETACLINIC_ENV="production", SECRET_KEY=GOOD_KEY, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG cannot be on in production" in result.stderr


def test_a_bad_boolean_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        envbool("SOME_FLAG", default=False)


def test_a_bad_number_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        envint("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "-3")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        envint("SOME_NUMBER", 1, minimum=0)


def test_an_unknown_choice_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAIL_BACKEND", "pigeon")
    with pytest.raises(ImproperlyConfigured, match="one of file, smtp"):
        envchoice("MAIL_BACKEND", "file", ("file", "smtp", "console"))


def test_every_response_carries_a_strict_content_security_policy(
    client: object, db: object
) -> None:
    from django.test import Client

    assert isinstance(client, Client)
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_production_never_keeps_texts_in_the_local_outbox() -> None:
    result = load_settings(**{**PRODUCTION, "SMS_BACKEND": "local"})
    assert result.returncode != 0
    assert "SMS_BACKEND=local keeps texts on the server" in result.stderr


def test_production_may_send_no_texts_at_all() -> None:
    result = load_settings(**{**PRODUCTION, "SMS_BACKEND": "off"})
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"PAYMENTS_BACKEND": "local"}, "PAYMENTS_BACKEND=local takes test cards"),
        ({"STRIPE_SECRET_KEY": ""}, "PAYMENTS_BACKEND=stripe needs STRIPE_SECRET_KEY"),
        ({"MAIL_BACKEND": "file"}, "MAIL_BACKEND=file keeps email on the server"),
        ({"MAIL_BACKEND": "console"}, "MAIL_BACKEND=console keeps email on the server"),
        ({"CARRIER_BACKEND": "local"}, "CARRIER_BACKEND=local is for development"),
        ({"PDMP_ATTESTATION_ALLOWED": "false"}, "PDMP_ATTESTATION_ALLOWED must be true"),
        ({"MFA_ENCRYPTION_KEYS": ""}, "MFA_ENCRYPTION_KEYS must hold a Fernet key"),
        (
            {"TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
            "TASKS_BACKEND must be django_tasks_db.DatabaseBackend",
        ),
    ],
)
def test_production_refuses_every_local_or_test_adapter_by_name(
    change: dict[str, str], named: str
) -> None:
    result = load_settings(**{**PRODUCTION, **change})
    assert result.returncode != 0
    assert named in result.stderr


def test_a_policy_number_may_only_be_made_stricter() -> None:
    stricter = load_settings(CLINICAL_SAFETY_POLICY='{"dose_ceiling_mg": 250}')
    assert stricter.returncode == 0, stricter.stderr
    looser = load_settings(CLINICAL_SAFETY_POLICY='{"low_systolic_below": 80}')
    assert looser.returncode != 0
    assert "low_systolic_below may only be made stricter: at least 90" in looser.stderr
    unknown = load_settings(CLINICAL_SAFETY_POLICY='{"colour": 1}')
    assert "colour is not a policy number" in unknown.stderr
