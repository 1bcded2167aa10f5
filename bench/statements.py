"""What PostgreSQL itself spends on the draft's two statements, sent as Django sends them
(parameters bound on the client, parsed and planned each time) and prepared once
(foundation/statements.py): `python bench/statements.py`, on ``BENCH_DATABASE_URL``.

Reads the CPU time of the server process behind its own connection from /proc, so other
work on the machine does not count; the database must be on this machine.
"""

import os
import sys
import time
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.section_post import SECTION_FORM, _ensure_database  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "5000"))
_TICKS = os.sysconf("SC_CLK_TCK")


def _server_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def main() -> int:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("BENCH_DATABASE_URL must name a PostgreSQL database on this machine")
        return 2
    _ensure_database(url)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "CREATE TEMPORARY TABLE draft (id bigint PRIMARY KEY, key varchar(64) UNIQUE, "
            "answers jsonb, updated_at timestamptz, expires_at timestamptz)"
        )
        connection.execute(
            "INSERT INTO draft VALUES (1, 'k', '{}', now(), now() + interval '30 days')"
        )
        statements: dict[str, tuple[str, list[object]]] = {
            "read by key": (
                "SELECT id, key, answers FROM draft WHERE key = %s AND expires_at > now()",
                ["k"],
            ),
            "write by id": (
                "UPDATE draft SET answers = %s, updated_at = now() FROM (SELECT "
                "set_config('synchronous_commit', 'off', true)) AS no_disk_wait WHERE id = %s",
                [Jsonb(SECTION_FORM), 1],
            ),
        }
        pid = connection.info.backend_pid
        for name, (statement, params) in statements.items():
            for prepared in (False, True):
                kind = psycopg.Cursor if prepared else psycopg.ClientCursor
                cursor = kind(connection)
                started, wall = _server_cpu(pid), time.perf_counter()
                for _ in range(ROUNDS):
                    cursor.execute(statement, params, prepare=True if prepared else None)
                server = (_server_cpu(pid) - started) / ROUNDS * 1e6
                each = (time.perf_counter() - wall) / ROUNDS * 1e6
                how = "prepared" if prepared else "as text"
                print(f"{name}, {how}: server {server:.0f} µs, round trip {each:.0f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
