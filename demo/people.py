"""The demo practice's people: one of each staff persona and a few patients.

The same personas serve the test fixtures (tests/conftest.py), so a demo and a
test speak of the same Dr Rivera.
"""

import datetime
from dataclasses import dataclass

from accounts.roles import Role

DEMO_PASSWORD = "ketaclinic-demo-2026"  # noqa: S105 — printed for the demo, never in production


@dataclass(frozen=True)
class Persona:
    key: str
    email: str
    full_name: str
    roles: tuple[Role, ...]
    totp_secret: str | None = None
    licence_states: tuple[str, ...] = ()
    patient_state: str | None = None
    date_of_birth: datetime.date | None = None


STAFF = (
    Persona(
        "clinician_fl",
        "dr.rivera@ketaclinic.example",
        "Dr Ana Rivera",
        (Role.CLINICIAN,),
        "YJXQUIJ6OEAJW56U77B5UNV4C5BELH5M",
        ("FL",),
    ),
    Persona(
        "clinician_nj",
        "dr.okafor@ketaclinic.example",
        "Dr Daniel Okafor",
        (Role.CLINICIAN,),
        "MHS3RYN5XSN25WIV2D7O7ERLMGHE7O6C",
        ("NJ",),
    ),
    Persona(
        "pharmacist",
        "pharmacist@ketaclinic.example",
        "Priya Shah, PharmD",
        (Role.PHARMACIST,),
        "M54MBTZPR6QUMZTGJA2YTE2RN3AENZWM",
    ),
    Persona(
        "coordinator",
        "coordinator@ketaclinic.example",
        "Jordan Lee",
        (Role.COORDINATOR,),
        "WSMG3OOY3GB726R34I4YX4ELK4UWOZGR",
    ),
    Persona(
        "editor",
        "editor@ketaclinic.example",
        "Sam Patel",
        (Role.EDITOR,),
        "GMVJW2INPIHQYZG4PGRXRTBMBVLXHMPA",
    ),
    Persona(
        "admin",
        "admin@ketaclinic.example",
        "Alex Morgan",
        (Role.ADMIN,),
        "4C6XFOBK7CHIO2AN5N3XAP2WKU2ETZ5J",
    ),
)

PATIENTS = (
    Persona(
        "patient_fl",
        "maria.gomez@example.com",
        "Maria Gomez",
        (Role.PATIENT,),
        patient_state="FL",
        date_of_birth=datetime.date(1980, 5, 17),
    ),
    Persona(
        "patient_in_treatment",
        "elena.torres@example.com",
        "Elena Torres",
        (Role.PATIENT,),
        patient_state="FL",
        date_of_birth=datetime.date(1975, 2, 8),
    ),
    Persona(
        "patient_on_hold",
        "daniel.brooks@example.com",
        "Daniel Brooks",
        (Role.PATIENT,),
        patient_state="FL",
        date_of_birth=datetime.date(1968, 7, 22),
    ),
    Persona(
        "patient_nj",
        "james.walsh@example.com",
        "James Walsh",
        (Role.PATIENT,),
        patient_state="NJ",
        date_of_birth=datetime.date(1972, 9, 3),
    ),
)
