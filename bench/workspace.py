"""How the clinician's pages hold up with a practice full of patients in treatment.

A throwaway SQLite database gets the demo staff and `patients` people, each with five
weeks of treatment (demo.treatment: a visit, a prescription, a delivered fill, ten
sessions, four check-ins) and a refill request waiting. Then, signed in as the Florida
clinician, it times the queue, one chart and the practice view through Django's test
client, and counts their queries: the same with 10 patients as with 40 is the goal.
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _timed(client: Any, url: str, rounds: int) -> tuple[float, int]:
    # Imported here, as below: Django is set up for this benchmark's own database first.
    from django.db import connection

    queries: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, len(queries)


def _add_patients(start: int, end: int, people: dict[str, Any]) -> None:
    # Imported here: Django is set up for this benchmark's own database first.
    from accounts.actions import do_create_person
    from demo.joining import ready_for_care
    from demo.people import DEMO_PASSWORD
    from demo.treatment import five_weeks_of_treatment
    from patients.actions import ProfileChange
    from pharmacy.actions import do_request_refill

    for number in range(start, end):
        user = do_create_person(
            f"patient{number}@bench.example", full_name="", password=DEMO_PASSWORD, roles=()
        )
        patient = ready_for_care(
            user,
            people["coordinator"],
            ProfileChange(
                legal_name=f"Bench Patient {number}",
                date_of_birth=dt.date(1980, 5, 17),
                date_of_birth_differs=False,
                phone="+13055550123",
                address_line1=f"{100 + number} Bayshore Drive",
                address_line2="",
                city="Miami",
                state="FL",
                zip_code="33133",
                emergency_contact_name="Luis Gomez",
                emergency_contact_phone="+13055550188",
                emergency_contact_relationship="Brother",
            ),
        )
        five_weeks_of_treatment(patient, people["clinician_fl"], people["pharmacist"])
        do_request_refill(patient, by=user)


def bench_workspace(sizes: tuple[int, ...] = (10, 40), rounds: int = 20) -> dict[str, Any]:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("KETACLINIC_VAR_DIR", str(ROOT / "var"))
    # These figures count queries on a fresh SQLite file each run; the PostgreSQL database
    # is the HTTP benchmark's.
    os.environ.pop("BENCH_DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    # Imported here: the settings are chosen just above, and the models load only after
    # django.setup().
    import django

    django.setup()
    # Imported here: only now may the models load.
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from billing.seeding import ensure_standard_plan
    from demo.joining import offer_weekday_mornings
    from demo.seed import seed_people
    from patients.actions import publish_shipped_documents
    from patients.models import Patient

    database = Path(settings.DATABASES["default"]["NAME"])
    for leftover in database.parent.glob(database.name + "*"):
        leftover.unlink()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("migrate", verbosity=0)
    people = {persona.key: user for persona, user in seed_people()}
    publish_shipped_documents()
    ensure_standard_plan()
    offer_weekday_mornings(people["clinician_fl"], 9)

    client = Client(HTTP_HOST="localhost")
    client.force_login(people["clinician_fl"])
    results: dict[str, Any] = {}
    made = 0
    for size in sizes:
        _add_patients(made, size, people)
        made = size
        first = Patient.objects.order_by("pk").first()
        assert first is not None
        pages = {
            "queue": "/care/queue/",
            "chart": f"/care/patients/{first.public_id}/",
            "practice": "/care/practice/",
        }
        for name, url in pages.items():
            milliseconds, queries = _timed(client, url, rounds)
            results[f"{name}_{size}"] = {"median_ms": round(milliseconds, 1), "queries": queries}
    return results
