"""The world the fuzz suite posts into: the demo practice (`seed_demo`, patients at every
stage) and one more Floridian, Rosa, whose signed prescription waits for the pharmacy,
all built through the real verbs once per module.

What one form needs beyond it (an article in review, an order at a given step, an
adverse event to review) its table entry builds with the real verbs when its test
starts; the test's transaction takes it away again.
"""

from dataclasses import dataclass
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from demo.people import DEMO_PASSWORD, PATIENTS, STAFF
from patients.models import Patient

VISITOR = "visitor"
PERSONAS = (VISITOR, *(persona.key for persona in (*PATIENTS, *STAFF)))
"""Everyone who may post: the anonymous visitor, the demo's patients and staff."""

ROSA = "rosa.fuzz@example.com"


@dataclass
class World:
    users: dict[str, int]
    """Each persona's user id: rows are read afresh, never kept from an earlier test."""

    def user(self, key: str) -> User:
        return User.objects.get(pk=self.users[key])

    def patient(self, key: str) -> Patient:
        return Patient.objects.get(user_id=self.users[key])

    @property
    def rosa(self) -> Patient:
        return Patient.objects.get(user__email=ROSA)


def _rosa_prescribed(clinician: User) -> None:
    """Rosa joins, is seen by Dr Rivera in the time the demo offers, and is prescribed."""
    from care import actions
    from care.consults import do_book_consult, open_slots
    from care.tests.workspace import (
        GOOD_PLAN,
        GOOD_PRESCRIPTION,
        candidate,
        id_verified,
        pdmp_checked,
    )

    rosa = candidate(ROSA)
    slot = next(slot for slot in open_slots(rosa) if slot.clinician.pk == clinician.pk)
    consult = do_book_consult(rosa, slot.value, by=rosa.user)
    actions.do_record_consult_note(
        consult,
        by=clinician,
        subjective="Burning pain in the right hand for 18 months.",
        objective="Right hand cooler and mottled.",
        assessment="CRPS type I, right upper limb.",
        plan="Start sublingual ketamine with graded motor imagery.",
        audio_video_confirmed=True,
    )
    id_verified(rosa)
    actions.do_add_diagnosis(rosa, by=clinician, code="G90.511")
    actions.do_record_weight(rosa, by=clinician, kg="68.5")
    actions.do_decide_candidate(rosa, by=clinician, decision="approve", why="Criteria met.")
    actions.do_write_treatment_plan(rosa, by=clinician, choices=GOOD_PLAN)
    pdmp_checked(rosa, clinician)
    actions.do_issue_prescription(rosa, by=clinician, choices=GOOD_PRESCRIPTION)


def build_world() -> World:
    from demo.seed import ensure_person

    call_command("seed_demo", stdout=StringIO())
    users = {persona.key: ensure_person(persona) for persona in (*PATIENTS, *STAFF)}
    _rosa_prescribed(users["clinician_fl"])
    return World({key: user.pk for key, user in users.items()})


def client_as(world: World, persona: str, *, recent_auth: bool = False) -> Client:
    """A client signed in as the persona (second factor passed), or a visitor's."""
    client = Client()
    if persona == VISITOR:
        return client
    client.force_login(world.user(persona))
    if recent_auth:
        answer = client.post(reverse("account_reauthenticate"), {"password": DEMO_PASSWORD})
        assert answer.status_code == 302, answer.status_code
    return client
