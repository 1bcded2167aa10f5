"""`make bench-scale N=...`: the clinician's and the pharmacist's pages with a practice of N.

    .venv/bin/python bench/scale.py N [--rounds R] [--keep]

Drops and recreates the PostgreSQL database of ``bench.scale_settings``, migrates it, adds
the demo staff, and writes N patients with a year of history at most in SQL
(``bench/scale_load.sql``: INSERT ... SELECT over generate_series, never row by row). Then,
through the real views and Django's test client, it times the clinician's queue, the chart
of a patient a year into treatment, the patient search by name and by id, the practice view
and the pharmacy's queue: the median and 95th percentile of R rounds after one to warm up,
and the queries each runs. ``--keep`` measures the database already there without loading.

The practice view shows the figures the worker keeps (``workspace.tasks``, every 15
minutes): before the pages are timed, the benchmark works them out once as the worker
does, and prints how long that took and how much memory it needed.

Goals at a million patients (issue 15): queue, chart, search and the pharmacy's queue under
100 ms at the 95th percentile and no more than 1.5 times their time at 10,000; the practice
view under 500 ms. The figures go to var/bench-scale-N.json as well.
"""

import argparse
import json
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LOAD_SQL = ROOT / "bench" / "scale_load.sql"
STATEMENT_END = re.compile(r";\s*\n")
PARAMETER = re.compile(r"(?<!:):(N|clinician_fl|clinician_nj|pharmacist)\b")


def _recreate_database() -> None:
    # Imported here, as below: Django is set up for this benchmark's own database first.
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    name = database["NAME"]
    with psycopg.connect(
        host=database["HOST"],
        port=database["PORT"] or 5432,
        user=database["USER"],
        password=database["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _statements(values: dict[str, int]) -> list[str]:
    """The load script's statements, its parameters written in (all of them integers)."""
    text = "\n".join(
        line for line in LOAD_SQL.read_text().splitlines() if not line.lstrip().startswith("--")
    )
    text = PARAMETER.sub(lambda match: str(int(values[match.group(1)])), text)
    return [statement.strip() for statement in STATEMENT_END.split(text) if statement.strip()]


def _set_aside_indexes(cursor: Any) -> list[str]:
    """Drops the foreign keys, unique constraints and indexes of every table but their
    primary keys, and returns what recreates them: building an index once over the loaded
    rows, and checking a foreign key with one join, is far quicker than row by row."""
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
        FROM pg_constraint
        WHERE contype IN ('f', 'u') AND connamespace = 'public'::regnamespace
        """
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND indexname NOT IN (
            SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u', 'x')
        )
        """
    )
    indexes = cursor.fetchall()
    for table, name, _, _ in sorted(constraints, key=lambda row: row[3] != "f"):
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return [
        *(definition for _, definition in indexes),
        *(
            f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
            for table, name, definition, kind in sorted(constraints, key=lambda row: row[3] == "f")
        ),
    ]


def _restart_sequences(cursor: Any) -> None:
    """Every id sequence past the largest id written, for the rows the views add."""
    cursor.execute(
        """
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND (column_default LIKE 'nextval%%' OR is_identity = 'YES')
        """
    )
    for table, column in cursor.fetchall():
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "  # noqa: S608
            f"coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)"
        )


def load(patients: int) -> dict[str, Any]:
    """Schema, staff and ``patients`` patients with their history; how long each part took."""
    # Imported here: Django is set up for this benchmark's own database first.
    from django.core.management import call_command
    from django.db import connection

    from demo.people import STAFF
    from demo.seed import ensure_person

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    staff = {persona.key: ensure_person(persona).pk for persona in STAFF}
    migrated = time.perf_counter()
    values = {
        "N": patients,
        "clinician_fl": staff["clinician_fl"],
        "clinician_nj": staff["clinician_nj"],
        "pharmacist": staff["pharmacist"],
    }
    timings: dict[str, float] = {}
    with connection.cursor() as cursor:
        rebuilt = _set_aside_indexes(cursor)
        for statement in _statements(values):
            began = time.perf_counter()
            cursor.execute(statement)
            step = " ".join(statement.split()[:3])
            timings[step] = round(timings.get(step, 0) + time.perf_counter() - began, 1)
        began = time.perf_counter()
        for definition in rebuilt:
            cursor.execute(definition)
        timings["indexes and foreign keys rebuilt"] = round(time.perf_counter() - began, 1)
        _restart_sequences(cursor)
    loaded = time.perf_counter()
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    analysed = time.perf_counter()
    return {
        "steps_seconds": {step: took for step, took in timings.items() if took >= 1},
        "migrate_seconds": round(migrated - started, 1),
        "load_seconds": round(loaded - migrated, 1),
        "analyse_seconds": round(analysed - loaded, 1),
    }


def table_rows() -> dict[str, int]:
    """Rows in the tables that grow with the practice (estimates from the statistics)."""
    # Imported here: Django is set up for this benchmark's own database first.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables "
            "WHERE n_live_tup > 0 ORDER BY n_live_tup DESC"
        )
        return {name: int(rows) for name, rows in cursor.fetchall()}


JOURNAL_TABLES = (
    "journal_safetycheck",
    "journal_homesession",
    "journal_checkin",
    "journal_exerciselog",
    "patients_message",
    "patients_messagethread",
    "pharmacy_fill",
    "pharmacy_shipment",
    "pharmacy_shipmentevent",
    "pharmacy_refillrequest",
    "care_clinicianflag",
    "care_adverseevent",
    "audit_auditevent",
)


def _measure(
    client: Any, method: str, url: str, data: dict[str, str], rounds: int
) -> dict[str, Any]:
    # Imported here: Django is set up for this benchmark's own database first.
    from django.db import connection

    queries: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    call = client.post if method == "POST" else client.get
    with connection.execute_wrapper(count):
        response = call(url, data)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        call(url, data)
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 1),
        "queries": len(queries),
        "bytes": len(response.content),
    }


def refresh_practice() -> dict[str, Any]:
    """The worker's refresh of the practice view's figures, timed."""
    # Imported here: Django is set up for this benchmark's own database first.
    from workspace.practice import refresh_practice_figures

    began = time.perf_counter()
    kept = refresh_practice_figures()
    return {
        "seconds": round(time.perf_counter() - began, 1),
        "sets_of_states": len(kept),
        "memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def measure(rounds: int, practice: bool = True) -> dict[str, Any]:
    """The pages, each timed ``rounds`` times after one counted call."""
    # Imported here: Django is set up for this benchmark's own database first.
    from django.db.models import Count
    from django.test import Client

    from accounts.models import User
    from patients.models import Patient, PatientStatus

    clinician = User.objects.get(email="dr.rivera@ketaclinic.example")
    pharmacist = User.objects.get(email="pharmacist@ketaclinic.example")
    # A Florida patient a year into treatment, and another to find by id.
    patient = (
        Patient.objects.filter(state="FL", status=PatientStatus.IN_TREATMENT)
        .annotate(sessions=Count("home_sessions"))
        .order_by("-sessions", "pk")
        .first()
    )
    assert patient is not None, "no patient in treatment in Florida"
    searched = Patient.objects.filter(state="FL").order_by("pk")[7]
    as_clinician = Client(HTTP_HOST="localhost")
    as_clinician.force_login(clinician)
    as_pharmacist = Client(HTTP_HOST="localhost")
    as_pharmacist.force_login(pharmacist)
    pages: list[tuple[str, Any, str, str, dict[str, str]]] = [
        ("clinician's queue", as_clinician, "GET", "/care/queue/", {}),
        ("chart (a year in)", as_clinician, "GET", f"/care/patients/{patient.public_id}/", {}),
        ("search by name", as_clinician, "POST", "/care/search/", {"term": "Gomez"}),
        ("search by id", as_clinician, "POST", "/care/search/", {"term": str(searched.public_id)}),
        ("practice view", as_clinician, "GET", "/care/practice/", {}),
        ("pharmacy's queue", as_pharmacist, "GET", "/pharmacy/queue/", {}),
    ]
    return {
        name: _measure(client, method, url, data, rounds)
        for name, client, method, url, data in pages
        if practice or name != "practice view"
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("patients", type=int)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="measure the database already loaded")
    parser.add_argument("--load-only", action="store_true", help="load, and measure nothing")
    parser.add_argument(
        "--without-practice", action="store_true", help="leave out the practice view (slow)"
    )
    arguments = parser.parse_args()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.scale_settings"
    os.environ.setdefault("KETACLINIC_VAR_DIR", str(ROOT / "var"))
    sys.path.insert(0, str(ROOT))
    # Imported here: the settings are chosen just above.
    import django

    django.setup()
    # Imported here: only now may Django's commands load.
    from django.core.management import call_command

    figures: dict[str, Any] = {"patients": arguments.patients}
    if not arguments.keep:
        _recreate_database()
        figures["load"] = load(arguments.patients)
    rows = table_rows()
    journal = sum(rows.get(table, 0) for table in JOURNAL_TABLES)
    figures["rows"] = rows
    figures["journal_rows"] = journal
    if "load" in figures:
        seconds = figures["load"]["load_seconds"] + figures["load"]["analyse_seconds"]
        figures["load"]["rows_per_second"] = round(sum(rows.values()) / max(seconds, 0.001))
        print(
            f"loaded {arguments.patients:,} patients, {sum(rows.values()):,} rows "
            f"({journal:,} of history) in {seconds:.0f} s: "
            f"{figures['load']['rows_per_second']:,} rows/s"
        )
        for step, took in figures["load"]["steps_seconds"].items():
            print(f"  {step}: {took} s")
    if arguments.load_only:
        return 0
    if arguments.keep:
        # Migrations added since the load (new indexes) apply to the rows already there.
        call_command("migrate", verbosity=0)
    if not arguments.without_practice:
        figures["practice_refresh"] = refresh_practice()
        refresh = figures["practice_refresh"]
        print(
            f"practice figures worked out as the worker does in {refresh['seconds']} s "
            f"({refresh['sets_of_states']} sets of states, {refresh['memory_mb']} MB at most)"
        )
    figures["pages"] = measure(arguments.rounds, practice=not arguments.without_practice)
    print(f"\n{'page':<20} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for name, page in figures["pages"].items():
        print(f"{name:<20} {page['p50_ms']:>8} {page['p95_ms']:>8} {page['queries']:>8}")
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / f"bench-scale-{arguments.patients}.json").write_text(
        json.dumps(figures, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
