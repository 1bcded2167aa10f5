"""Settings for `make bench`: the real settings (bench/section_post.py runs them with
DEBUG=false, so with production's middleware and static files), a throwaway database
(``BENCH_DATABASE_URL``, else SQLite under var/), and a bare view."""

import dj_database_url

from foundation.env import envstr
from ketaclinic.settings import *  # noqa: F403
from ketaclinic.settings import POSTGRESQL, VAR_DIR

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"
_DATABASE_URL = envstr("BENCH_DATABASE_URL")
if _DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(_DATABASE_URL, conn_max_age=600, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == POSTGRESQL:
        DATABASES["default"]["ENGINE"] = "foundation.postgresql"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "bench.sqlite3"),
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                ),
            },
        }
    }
# The benchmark posts far more than a person would.
ASSESSMENT_DRAFTS_PER_HOUR = 10**9
ASSESSMENT_COMPLETIONS_PER_HOUR = 10**9
LOGGING = {"version": 1, "disable_existing_loggers": True}
