"""Django's PostgreSQL backend, with a health check that spares connections in steady use.

With ``CONN_HEALTH_CHECKS`` on, Django asks the server ``SELECT 1`` at the first query of
every request on a kept connection: one round trip more on each request, a third of what a
section of the assessment sends to the database. The check is there for connections that
waited: idle while the server restarted, or cut by a firewall. A connection that finished a
request less than ``STEADY_SECONDS`` ago is taken as alive and not asked; one that waited
longer is asked as before, and replaced when it does not answer. A server lost within that
second fails the queries of the requests already on their way, as it would with the check
(a check passed the instant before the loss protects nothing), and Django closes a
connection whose query failed at the end of that request.
"""

import time

from django.db.backends.postgresql import base

STEADY_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    _last_request_at = float("-inf")
    _in_steady_use = False

    def close_if_unusable_or_obsolete(self) -> None:
        # Django calls this as each request starts and ends: the gap since the last call,
        # read at a start, is how long the connection waited between two requests.
        now = time.monotonic()
        self._in_steady_use = now - self._last_request_at < STEADY_SECONDS
        self._last_request_at = now
        super().close_if_unusable_or_obsolete()

    def close_if_health_check_failed(self) -> None:
        if self.connection is not None and self._in_steady_use and not self.errors_occurred:
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def close(self) -> None:
        super().close()
        self._in_steady_use = False
