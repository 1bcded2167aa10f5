"""Settings for `make bench-scale`: the real settings on a PostgreSQL database of its own.

``BENCH_SCALE_DATABASE_URL`` names it (``ketaclinic_scale`` on the local server by default);
the benchmark drops and recreates it on every run, so it must never be a real practice's.
"""

import dj_database_url

from bench.settings import *  # noqa: F403
from foundation.env import envstr

BENCH_SCALE_DATABASE_URL = envstr(
    "BENCH_SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ketaclinic_scale"
)
DATABASES = {"default": dj_database_url.parse(BENCH_SCALE_DATABASE_URL, conn_max_age=600)}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
