"""A fixed-window counter per client address, kept in the shared cache.

For forms anyone can post without signing in (the assessment, the newsletter);
sign-in has allauth's own limits.
"""

import time

from django.core.cache import cache
from django.http import HttpRequest

from foundation.middleware import client_ip


def allow(request: HttpRequest, action: str, *, limit: int, per_seconds: int) -> bool:
    """Count one use of `action` from this address; False once over `limit` in the window."""
    window = int(time.time()) // per_seconds
    key = f"ratelimit:{action}:{client_ip(request) or 'unknown'}:{window}"
    if cache.add(key, 1, timeout=per_seconds + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=per_seconds + 1)
        return True
    return count <= limit
