"""make prod-check: the practice as several hosts would run it, all on this machine.

Starts, under one temporary folder and on ports 18000-18099 only:

- a PostgreSQL primary (its own cluster, port 18031) and a streaming replica made from it
  with pg_basebackup (port 18032), which the app servers read the lag-tolerant pages from;
- Redis (this machine's, database 12 unless PROD_CHECK_REDIS_URL says otherwise) for the
  cache, sessions and rate limits;
- two app servers (granian, ports 18001 and 18002), each with a folder of its own, sharing
  only what several hosts would share (the private files and, here, the mail folder);
- two workers (``manage.py worker``);
- nginx on port 18080, balancing requests between the two app servers.

Then it runs the full-journey browser test through nginx, and checks that requests landed
on both app servers (from their JSON logs), that both workers ran tasks, that the replica
served reads and, once everything is stopped, holds the same rows as the primary. It stops
everything it started, whatever happens, and exits non-zero on any failure.
"""

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GRANIAN = str(Path(sys.executable).parent / "granian")
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
NGINX = os.environ.get("NGINX", shutil.which("nginx") or "/usr/sbin/nginx")
REDIS_URL = os.environ.get("PROD_CHECK_REDIS_URL", "redis://127.0.0.1:6379/12")

PRIMARY_PORT = 18031
REPLICA_PORT = 18032
WEB_PORTS = {"web-1": 18001, "web-2": 18002}
WORKERS = ("worker-1", "worker-2")
NGINX_PORT = 18080
DATABASE = "ketaclinic"
SITE = f"http://127.0.0.1:{NGINX_PORT}"
READY_PAGE = "/accounts/login/"  # public, cheap, and served by the app (not nginx alone)
JOURNEY = "tests/e2e/test_journey.py"
# Queued before the workers start: four tasks that each keep a worker busy for a moment,
# so that both workers must take some whichever polls first; the journey's own few emails
# may all go to one.
SHARED_WORK = (
    "from tests.deployment_tasks import keep_a_worker_busy\n"
    "for _ in range(4):\n"
    "    keep_a_worker_busy.enqueue(1.5)\n"
)

STARTED = time.monotonic()


class CheckFailed(Exception):
    """A check that did not hold; its message says which and why."""


def say(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {text}", flush=True)


@contextmanager
def step(what: str) -> Iterator[None]:
    began = time.monotonic()
    say(f"{what} ...")
    yield
    say(f"  ok: {what} ({time.monotonic() - began:.1f}s)")


def wait_until(condition: Callable[[], bool], what: str, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise CheckFailed(f"timed out after {seconds:.0f}s waiting for {what}")
        time.sleep(0.2)


class Deployment:
    """Everything started, so that ``stop`` can end all of it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.logs = folder / "logs"
        self.pg = folder / "pg"
        self.static = folder / "static"
        self.shared = folder / "shared"
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.clusters: list[Path] = []
        self.secret_key = secrets.token_urlsafe(60)
        self.mail = self.shared / "mail"
        for path in (self.logs, self.pg, self.static, self.mail, self.shared / "private"):
            path.mkdir(parents=True)

    # PostgreSQL -------------------------------------------------------------------------

    def as_postgres(self, command: list[str]) -> list[str]:
        """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def pg_tool(self, name: str, *args: str) -> None:
        subprocess.run(  # noqa: S603 (our own commands)
            self.as_postgres([str(PG_BIN / name), *args]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
        )

    def start_cluster(self, data: Path, port: int) -> None:
        self.pg_tool(
            "pg_ctl",
            "start",
            "--wait",
            "--timeout=60",
            f"--pgdata={data}",
            f"--log={self.pg / (data.name + '.log')}",
            f"--options=-p {port} -k {self.pg} -c listen_addresses=127.0.0.1 -c fsync=off",
        )
        self.clusters.append(data)

    def start_databases(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.pg, "postgres", "postgres")
        primary, replica = self.pg / "primary", self.pg / "replica"
        self.pg_tool(
            "initdb",
            f"--pgdata={primary}",
            "--username=postgres",
            "--auth=trust",
            "--no-sync",
            "--encoding=UTF8",
        )
        self.start_cluster(primary, PRIMARY_PORT)
        with psycopg.connect(self.url(PRIMARY_PORT, "postgres"), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {DATABASE}")
        self.pg_tool(
            "pg_basebackup",
            "-h",
            "127.0.0.1",
            f"--port={PRIMARY_PORT}",
            "--username=postgres",
            f"--pgdata={replica}",
            "--write-recovery-conf",
            "--wal-method=stream",
            "--checkpoint=fast",
            "--no-sync",
        )
        self.start_cluster(replica, REPLICA_PORT)
        with psycopg.connect(self.url(REPLICA_PORT)) as db:
            row = db.execute("SELECT pg_is_in_recovery()").fetchone()
        if not row or not row[0]:
            raise CheckFailed(
                "the replica is not in recovery: it is not streaming from the primary"
            )

    @staticmethod
    def url(port: int, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    # The practice -----------------------------------------------------------------------

    def env(self, instance: str, **extra: str) -> dict[str, str]:
        """One process's environment: a folder of its own, sharing only the private files
        (a volume every host mounts) and the mail folder (the file backend's, here)."""
        var = self.folder / "var" / instance
        if not var.exists():
            var.mkdir(parents=True)
            (var / "private").symlink_to(self.shared / "private")
            (var / "mail").symlink_to(self.mail)
            (var / "static").symlink_to(self.static)
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ketaclinic.settings",
            "KETACLINIC_ENV": "development",
            "DEBUG": "false",
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.url(PRIMARY_PORT),
            "DATABASE_REPLICA_URL": self.url(REPLICA_PORT),
            "REDIS_URL": REDIS_URL,
            "MAIL_BACKEND": "file",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": SITE,
            "LOG_FORMAT": "json",
            "LOG_INSTANCE": instance,
            "KETACLINIC_VAR_DIR": str(var),
            **extra,
        }

    def manage(self, *args: str) -> None:
        result = subprocess.run(  # noqa: S603 (our own commands)
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env("setup"),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode:
            raise CheckFailed(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")

    def start(self, name: str, command: list[str], env: dict[str, str]) -> None:
        """A process in a group of its own (so that its children stop with it)."""
        log = (self.logs / f"{name}.log").open("wb")
        self.processes[name] = subprocess.Popen(  # noqa: S603 (our own commands)
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_practice(self) -> None:
        for name, port in WEB_PORTS.items():
            self.start(
                name,
                [
                    GRANIAN,
                    "--interface",
                    "wsgi",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--workers",
                    "1",
                    "--blocking-threads",
                    "4",
                    "ketaclinic.wsgi:application",
                ],
                self.env(name),
            )
        for name in WORKERS:
            self.start(
                name,
                [
                    PYTHON,
                    "manage.py",
                    "worker",
                    "--worker-id",
                    f"prodcheck-{name}",
                    "--interval",
                    "0.5",
                    "--no-reload",
                ],
                self.env(name),
            )

    def start_nginx(self) -> None:
        folder = self.folder / "nginx"
        folder.mkdir()
        servers = "\n".join(f"    server 127.0.0.1:{port};" for port in WEB_PORTS.values())
        (folder / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  log_format balanced '$request_id $upstream_addr $status $request_time';
  access_log {folder}/access.log balanced;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  client_max_body_size 12m;
  upstream practice {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{NGINX_PORT};
    location /static/ {{ alias {self.static}/; }}
    location / {{
      proxy_pass http://practice;
      proxy_set_header Host $http_host;
      proxy_set_header X-Request-ID $request_id;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }}
  }}
}}
""")
        self.start(
            "nginx",
            [
                NGINX,
                "-e",
                str(folder / "error.log"),
                "-p",
                str(folder),
                "-c",
                str(folder / "nginx.conf"),
            ],
            dict(os.environ),
        )

    def answers(self, url: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own)
                return bool(response.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    def wait_ready(self) -> None:
        for name, port in {**WEB_PORTS, "nginx": NGINX_PORT}.items():
            url = f"http://127.0.0.1:{port}{READY_PAGE}"

            def ready(name: str = name, url: str = url) -> bool:
                if self.processes[name].poll() is not None:
                    raise CheckFailed(f"{name} stopped at start-up; see {self.logs / name}.log")
                return self.answers(url)

            wait_until(ready, f"{name} to answer {READY_PAGE}")
        static = f"{SITE}/static/css/site.css"
        if not self.answers(static):
            raise CheckFailed(f"nginx does not serve the static files ({static})")

    # Stopping ---------------------------------------------------------------------------

    def stop_processes(self, names: list[str]) -> None:
        for name in names:
            process = self.processes.get(name)
            if process is not None and process.poll() is None:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for name in names:
            process = self.processes.pop(name, None)
            if process is None:
                continue
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def stop(self) -> None:
        self.stop_processes(list(self.processes))
        for data in reversed(self.clusters):
            try:
                self.pg_tool("pg_ctl", "stop", "--wait", "--mode=fast", f"--pgdata={data}")
            except subprocess.CalledProcessError as error:
                print(f"could not stop PostgreSQL in {data}: {error.stderr!r}", file=sys.stderr)
        self.clusters.clear()


# The checks -------------------------------------------------------------------------------


def run_journey(deployment: Deployment) -> None:
    env = deployment.env(
        "journey",
        PROD_CHECK_URL=SITE,
        PROD_CHECK_MAIL_DIR=str(deployment.mail),
        DATABASE_CONN_MAX_AGE="0",
    )
    env.pop("DATABASE_REPLICA_URL")  # the test reads back what it wrote, from the primary
    env.pop("LOG_INSTANCE")
    result = subprocess.run(  # noqa: S603 (our own commands)
        [PYTHON, "-m", "pytest", JOURNEY, "-q", "-p", "no:cacheprovider", "-m", "browser"],
        cwd=ROOT,
        env=env,
        timeout=600,
        check=False,
    )
    if result.returncode:
        raise CheckFailed(f"the journey failed through nginx (pytest exit {result.returncode})")


def requests_per_server(deployment: Deployment) -> Counter[str]:
    counted: Counter[str] = Counter()
    for name in WEB_PORTS:
        for line in (deployment.logs / f"{name}.log").read_text(errors="replace").splitlines():
            if not line.startswith("{"):
                continue  # granian's own lines
            entry: dict[str, Any] = json.loads(line)
            if entry.get("logger") != "ketaclinic.requests":
                continue
            if entry.get("instance") != name:
                raise CheckFailed(f"{name}'s log has a line from {entry.get('instance')!r}")
            counted[name] += 1
    return counted


def check_both_servers(deployment: Deployment) -> None:
    counted = requests_per_server(deployment)
    for name in WEB_PORTS:
        say(f"  {name} answered {counted[name]} requests")
    idle = [name for name in WEB_PORTS if counted[name] == 0]
    if idle:
        raise CheckFailed(f"no request reached {', '.join(idle)}: nginx did not balance")


def tasks_per_worker() -> dict[str, Counter[str]]:
    with psycopg.connect(Deployment.url(PRIMARY_PORT)) as db:
        rows = db.execute(
            "SELECT worker_ids->>-1, status, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('SUCCESSFUL', 'FAILED') GROUP BY 1, 2"
        ).fetchall()
    done: dict[str, Counter[str]] = {}
    for worker_id, status, count in rows:
        done.setdefault(str(worker_id).removeprefix("prodcheck-"), Counter())[status] = count
    return done


def check_both_workers() -> None:
    with psycopg.connect(Deployment.url(PRIMARY_PORT), autocommit=True) as db:

        def queue_empty() -> bool:
            row = db.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING' "
                "OR (status = 'READY' AND run_after <= now())"
            ).fetchone()
            return row is not None and row[0] == 0

        wait_until(queue_empty, "the workers to run every task that is due", seconds=60)
    done = tasks_per_worker()
    for name in WORKERS:
        counts = done.get(name, Counter())
        say(f"  {name} ran {counts['SUCCESSFUL']} tasks ({counts['FAILED']} failed)")
    failed = sum(counts["FAILED"] for counts in done.values())
    if failed:
        raise CheckFailed(f"{failed} task(s) failed; see the workers' logs")
    idle = [name for name in WORKERS if not done.get(name)]
    if idle:
        raise CheckFailed(f"{', '.join(idle)} ran no task")


def replica_reads() -> int:
    """Rows read on the replica, by every scan since it started: the app servers' reads."""
    with psycopg.connect(Deployment.url(REPLICA_PORT)) as db:
        row = db.execute(
            "SELECT coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) "
            "FROM pg_stat_user_tables"
        ).fetchone()
    return int(row[0]) if row else 0


def check_replica_caught_up() -> None:
    with (
        psycopg.connect(Deployment.url(PRIMARY_PORT), autocommit=True) as primary,
        psycopg.connect(Deployment.url(REPLICA_PORT), autocommit=True) as replica,
    ):
        row = primary.execute("SELECT pg_current_wal_lsn()::text").fetchone()
        assert row is not None
        target = row[0]

        def caught_up() -> bool:
            replayed = replica.execute("SELECT pg_last_wal_replay_lsn()::text").fetchone()
            behind = primary.execute(
                "SELECT pg_wal_lsn_diff(%s::pg_lsn, %s::pg_lsn)", [target, replayed and replayed[0]]
            ).fetchone()
            return behind is not None and behind[0] is not None and behind[0] <= 0

        wait_until(caught_up, "the replica to replay the primary's last write", seconds=30)
        tables = [
            name
            for (name,) in primary.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall()
        ]
        differ, rows = [], 0
        for table in tables:
            query = f'SELECT count(*) FROM "{table}"'  # noqa: S608 (names from pg_tables)
            here = primary.execute(query).fetchone()
            there = replica.execute(query).fetchone()
            rows += here[0] if here else 0
            if here != there:
                differ.append(f"{table}: primary {here and here[0]}, replica {there and there[0]}")
    say(f"  replica replayed to {target}: {len(tables)} tables, {rows} rows, same counts")
    if differ:
        raise CheckFailed("the replica's rows differ from the primary's:\n  " + "\n  ".join(differ))


def show_logs(deployment: Deployment) -> None:
    for path in sorted(deployment.logs.glob("*.log")) + sorted(deployment.pg.glob("*.log")):
        lines = path.read_text(errors="replace").splitlines()[-15:]
        print(f"--- last lines of {path}", file=sys.stderr)
        print("\n".join(lines), file=sys.stderr)


def preflight() -> None:
    """What must be on the machine, each said plainly if missing."""
    missing = [
        f"{what} ({path})"
        for what, path in (
            ("PostgreSQL 15's programs (set PG_BIN)", PG_BIN / "initdb"),
            ("nginx (scripts/install-nginx)", Path(NGINX)),
            ("granian (make setup)", Path(GRANIAN)),
        )
        if not path.exists()
    ]
    if missing:
        raise CheckFailed("missing: " + "; ".join(missing))
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as error:
        raise CheckFailed(f"Redis does not answer at {REDIS_URL}: {error}") from error


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = Path(tempfile.mkdtemp(prefix="ketaclinic-prod-check-"))
    folder.chmod(0o755)  # PostgreSQL's and nginx's users read below it
    deployment = Deployment(folder)
    print(
        "prod-check: PostgreSQL primary + streaming replica, Redis, two app servers behind "
        f"nginx, two workers; all under {folder}",
        flush=True,
    )
    failure = ""
    try:
        preflight()
        redis.Redis.from_url(REDIS_URL).flushdb()
        with step(f"PostgreSQL primary on :{PRIMARY_PORT}, replica on :{REPLICA_PORT}"):
            deployment.start_databases()
        with step("migrate, collect static files, queue the periodic tasks and some work"):
            deployment.manage("migrate", "--noinput")
            deployment.manage("collectstatic", "--noinput", "--verbosity=0")
            deployment.manage("schedule_periodic_tasks")
            deployment.manage("shell", "--command", SHARED_WORK)
        with step(
            f"app servers on :{', :'.join(map(str, WEB_PORTS.values()))}, two workers, "
            f"nginx on :{NGINX_PORT}"
        ):
            deployment.start_practice()
            deployment.start_nginx()
            deployment.wait_ready()
        with step(f"the full journey in Chromium through nginx ({SITE})"):
            run_journey(deployment)
        with step("requests landed on both app servers"):
            check_both_servers(deployment)
        with step("both workers ran tasks"):
            check_both_workers()
        deployment.stop_processes(list(deployment.processes))
        with step("the replica served reads and holds the primary's rows"):
            read = replica_reads()
            say(f"  the replica returned {read} rows to the app servers")
            if read == 0:
                raise CheckFailed("the app servers never read from the replica")
            check_replica_caught_up()
    except (
        CheckFailed,
        subprocess.CalledProcessError,
        OSError,
        psycopg.Error,
        redis.RedisError,
    ) as error:
        detail = getattr(error, "stderr", None)
        failure = f"{error}" + (f"\n{detail.decode(errors='replace')}" if detail else "")
    finally:
        deployment.stop()
        with suppress(redis.RedisError):
            redis.Redis.from_url(REDIS_URL).flushdb()
    elapsed = time.monotonic() - STARTED
    if failure:
        show_logs(deployment)
        print(f"\nprod-check FAILED after {elapsed:.0f}s: {failure}", file=sys.stderr)
        print(f"(everything stopped; its files are kept in {folder})", file=sys.stderr)
        return 1
    shutil.rmtree(folder, ignore_errors=True)
    print(f"\nprod-check passed in {elapsed:.0f}s; everything it started is stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
