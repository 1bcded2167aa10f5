"""One practice for the security walks: the demo (`seed_demo`) plus the records it lacks,
all written through the real verbs, and a signed-in client for every identity.

Elena Torres (Florida, five weeks into treatment) is the patient whose records the walks
point at: her journal, fills, messages, documents and chart. Daniel Brooks (Florida, on
hold) lends his hold and his flag; Maria Gomez (Florida) her booked visit. Each is someone
else's record to every other patient, to the New Jersey clinician, and to the staff
roles that have no business with it.

The world is built once per test module (`world` fixture) inside a transaction that is
rolled back when the module ends, so no other test sees it.
"""

import time
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Any

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from audit.models import AuditEvent
from background.periodic import schedule_all
from billing.models import Plan, Subscription
from care import actions as care_actions
from care.consults import upcoming_consult
from care.models import (
    AdverseEvent,
    ClinicianAvailability,
    ClinicianFlag,
    Consult,
    Prescription,
    TreatmentPlan,
)
from clinical import safety
from clinical.holds import Hold
from content import actions as content_actions
from content.models import (
    Article,
    Citation,
    Condition,
    NewsletterDelivery,
    NewsletterIssue,
    Page,
    Subscriber,
)
from credentials.models import DeaRegistration, Licence
from integrations.payments.local_gateway import LocalGateway
from journal import actions as journal_actions
from journal.models import CheckIn, ExerciseLog, HomeSession
from patients import actions as patient_actions
from patients.models import ConsentDocument, ConsentKind, IdentityDocument, MessageThread, Patient
from pharmacy.models import Fill, RefillRequest
from records import exports as record_exports
from tests.personas import make

ANONYMOUS = "anonymous"
PATIENTS = ("patient_fl", "patient_nj", "patient_in_treatment", "patient_on_hold")
STAFF = ("clinician_fl", "clinician_nj", "pharmacist", "coordinator", "editor", "admin")
IDENTITIES = (ANONYMOUS, *PATIENTS, *STAFF)
"""Everyone the walks act as: a visitor, each patient persona, each staff role."""

# What the walks write into Elena's record, to find it again on the pages that show it.
ELENA_MESSAGE = "The burning in my right hand is worse at night this week."
ELENA_SIDE_EFFECT = "Felt light-headed for an hour after Tuesday's session."
VISIT_NOTE = "Burning pain and swelling of the right hand"
"""From the note of the visit at which Dr Rivera approved her (demo/treatment.py)."""

FAST_SETTINGS: dict[str, Any] = {
    # As tests/personas.py: cheap hashing, fresh counters, tasks run at once.
    "PASSWORD_HASHERS": [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ],
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    "TASKS": {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
}


@dataclass
class World:
    users: dict[str, User]
    elena: Patient
    daniel: Patient
    maria: Patient
    james: Patient
    storage: Path
    ids: dict[str, Any] = field(default_factory=dict)
    """Every id a URL needs, by a name the URL tables use (``world.ids["fill"]``)."""
    clients: dict[str, Client] = field(default_factory=dict)
    mail: list[Any] = field(default_factory=list)
    """Every email the practice sent while the world was built."""

    def client(self, identity: str) -> Client:
        """The one client of `identity` for GETs: signed in, second factor passed, and
        "confirm it's you" just done, so guarded pages open to those allowed."""
        if identity not in self.clients:
            self.clients[identity] = self.fresh_client(identity)
        client = self.clients[identity]
        if identity != ANONYMOUS:
            confirm_its_you(client, self.users[identity])
        return client

    def strangers_to(self, identity: str) -> dict[str, list[str]]:
        """Each patient whose record `identity` may never see, with what would give it away
        (their name, the id in their addresses): a visitor, the editor, every other patient,
        and a clinician not licensed in the patient's state."""
        strangers: dict[str, list[str]] = {}
        for patient in (self.elena, self.daniel, self.maria, self.james):
            own = self.users.get(identity) == patient.user
            licensed = identity == {"FL": "clinician_fl", "NJ": "clinician_nj"}[patient.state]
            if (identity in (ANONYMOUS, "editor", *PATIENTS) and not own) or (
                identity in ("clinician_fl", "clinician_nj") and not licensed
            ):
                strangers[patient.legal_name] = [
                    patient.legal_name,
                    str(patient.public_id),
                    *([str(patient.assessment.public_id)] if patient.assessment else []),
                ]
        return strangers

    def secrets_from(self, identity: str) -> list[str]:
        """Words from Elena's clinical record that `identity` may never read anywhere: her
        side-effect report and her visit note for all but her and her Florida clinician
        (Daniel's demo note reads the same), her message for those outside the
        conversation."""
        secrets = []
        if identity not in ("patient_in_treatment", "clinician_fl"):
            secrets.append(ELENA_SIDE_EFFECT)
        if identity not in ("patient_in_treatment", "patient_on_hold", "clinician_fl"):
            secrets.append(VISIT_NOTE)
        if identity not in ("patient_in_treatment", "clinician_fl", "coordinator"):
            secrets.append(ELENA_MESSAGE)
        return secrets

    def fresh_client(self, identity: str) -> Client:
        """A new client of `identity` (for a POST that might sign them out)."""
        client = Client()
        if identity != ANONYMOUS:
            client.force_login(self.users[identity])
            confirm_its_you(client, self.users[identity])
        return client


def confirm_its_you(client: Client, user: User) -> None:
    """Mark the session as having just passed "confirm it's you" (allauth's record of a
    password sign-in), unless it was marked within the last minute."""
    session = client.session
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    if records and time.time() - records[-1]["at"] < 60:
        return
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def _elena_writes_and_the_team_answers(world: World) -> None:
    """A clinical conversation, a reported side effect and a session under way."""
    elena = world.elena
    thread = patient_actions.do_start_thread(
        elena, by=elena.user, subject="Pain at night", topic="clinical", body=ELENA_MESSAGE
    )
    patient_actions.do_send_message(
        thread, by=world.users["clinician_fl"], body="Thank you. Let's talk at your follow-up."
    )
    care_actions.do_report_adverse_event(
        elena, by=elena.user, grade="mild", description=ELENA_SIDE_EFFECT
    )
    started = journal_actions.do_start_home_session(
        elena,
        by=elena.user,
        readings=safety.VitalSigns(122, 78, 70),
        checklist=safety.SessionChecklist(*[True] * len(safety.CHECKLIST_ITEMS)),
    )
    assert started.session is not None, started.verdict.codes


def _newsletter(world: World) -> None:
    """A confirmed subscriber and an issue sent to them (written as the admin's form does)."""
    content_actions.do_subscribe("reader@example.com")
    issue = NewsletterIssue.objects.create(
        subject="New research this month",
        body="Three new studies.",
        created_by=world.users["admin"],
    )
    subscriber = Subscriber.objects.get(email="reader@example.com")
    content_actions.do_confirm_subscription(content_actions.confirmation_code(subscriber))
    content_actions.do_send_newsletter_issue(issue, by=world.users["admin"])


def _record_exports(world: World) -> None:
    """Elena's own copy of her record, and the administrator's export of it, both made."""
    record_exports.do_ask_for_own_record(world.elena, by=world.elena.user)
    record_exports.do_start_export(world.users["admin"], world.elena)


def _queued_work() -> None:
    """The periodic tasks queued in the database, as `manage.py schedule_periodic_tasks` does."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        schedule_all()


def _ids(world: World) -> dict[str, Any]:
    elena, daniel, maria = world.elena, world.daniel, world.maria
    admin = world.users["admin"]
    clinician_fl = world.users["clinician_fl"]
    prescription = Prescription.objects.filter(patient=elena).latest("issued_at")
    fill = Fill.objects.filter(prescription=prescription).latest("pk")
    finished = HomeSession.objects.filter(patient=elena, finished_at__isnull=False).latest("pk")
    open_session = HomeSession.objects.get(patient=elena, finished_at__isnull=True)
    subscription = Subscription.objects.filter(patient=elena).latest("pk")
    checkout = LocalGateway().start_checkout(
        reference=str(subscription.public_id),
        plan=subscription.plan,
        customer_email=elena.user.email,
        success_url="/billing/welcome/",
        cancel_url="/billing/",
    )
    subscriber = Subscriber.objects.get(email="reader@example.com")
    article = Article.objects.filter(published_revision__isnull=False).order_by("pk").first()
    assert article is not None
    elena_email = EmailAddress.objects.get(user=elena.user)
    maria_consult = upcoming_consult(maria)
    assert maria_consult is not None
    return {
        # Elena's records.
        "elena": elena.public_id,
        "elena_user": elena.user.pk,
        "elena_email_address": elena_email.pk,
        "elena_email_key": EmailConfirmationHMAC(elena_email).key,
        "elena_reset_uidb36": user_pk_to_url_str(elena.user),
        "elena_reset_key": default_token_generator.make_token(elena.user),
        "elena_assessment": elena.assessment.public_id if elena.assessment else None,
        "elena_document": IdentityDocument.objects.filter(patient=elena).latest("pk").public_id,
        "elena_thread": MessageThread.objects.get(patient=elena, topic="clinical").public_id,
        "elena_consult": Consult.objects.filter(patient=elena).latest("pk").public_id,
        "elena_prescription": prescription.public_id,
        "elena_plan": TreatmentPlan.objects.filter(patient=elena).latest("pk").public_id,
        "elena_adverse_event": AdverseEvent.objects.get(patient=elena).public_id,
        "elena_fill": fill.public_id,
        "elena_refill_request": RefillRequest.objects.get(prescription=prescription).public_id,
        "elena_open_session": open_session.public_id,
        "dispensed_month": f"{fill.filled_at:%Y-%m}" if fill.filled_at else "",
        "elena_finished_session": finished.public_id,
        "elena_exercise": ExerciseLog.objects.filter(patient=elena).latest("pk").public_id,
        "elena_check_in": CheckIn.objects.filter(patient=elena, completed_at__isnull=False)
        .latest("completed_at")
        .public_id,
        "elena_own_export": world.elena.record_exports.get(kind="own_record").public_id,
        "elena_admin_export": world.elena.record_exports.get(kind="patient").public_id,
        "readable_file": "readable",
        "elena_checkout_token": checkout.url.rstrip("/").rsplit("/", 1)[-1],
        "elena_payment_token": LocalGateway()
        .payment_details_url(subscription, return_url="/billing/")
        .rstrip("/")
        .rsplit("/", 1)[-1],
        # Daniel's hold and flag, Maria's booked visit.
        "daniel": daniel.public_id,
        "daniel_hold": str(Hold.BLADDER),
        "daniel_flag": ClinicianFlag.objects.filter(patient=daniel).latest("pk").public_id,
        "maria_consult": maria_consult.public_id,
        # Staff records.
        "availability_fl": ClinicianAvailability.objects.filter(clinician=clinician_fl)
        .latest("pk")
        .pk,
        "clinician_fl": clinician_fl.pk,
        "licence_fl": Licence.objects.get(clinician=clinician_fl).pk,
        "dea_fl": DeaRegistration.objects.get(clinician=clinician_fl).pk,
        "admin_totp": Authenticator.objects.get(user=admin, type=Authenticator.Type.TOTP).pk,
        # Public and editorial records.
        "plan_slug": Plan.objects.filter(active=True).order_by("price_cents").first().slug,  # type: ignore[union-attr]
        "article": article.pk,
        "article_slug": article.slug,
        "revision": article.revisions.order_by("number").first().number,  # type: ignore[union-attr]
        "condition_slug": Condition.objects.order_by("pk").first().slug,  # type: ignore[union-attr]
        "condition": Condition.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        "citation": Citation.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        "page": Page.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        "subscriber": subscriber.pk,
        "subscriber_token": subscriber.token,
        "subscriber_code": content_actions.confirmation_code(subscriber),
        "newsletter_issue": NewsletterIssue.objects.get().pk,
        "newsletter_delivery": NewsletterDelivery.objects.get().pk,
        "consent_document": ConsentDocument.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        "task_result": DBTaskResult.objects.order_by("enqueued_at").first().pk,  # type: ignore[union-attr]
        "consent_kind": ConsentKind.KETAMINE.value,
        "peg_instrument": "peg",
        "plan": Plan.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        # The admin is the only place groups are made: one, for its pages.
        "group": Group.objects.get_or_create(name="Front desk")[0].pk,
        "audit_event": AuditEvent.objects.filter(patient=elena).order_by("seq").first().pk,  # type: ignore[union-attr]
        "today": timezone.localdate(),
    }


def build_world(storage: Path) -> World:
    call_command("seed_demo", stdout=StringIO())
    users = {key: make(key) for key in (*PATIENTS, *STAFF)}
    world = World(
        users=users,
        elena=Patient.objects.get(user=users["patient_in_treatment"]),
        daniel=Patient.objects.get(user=users["patient_on_hold"]),
        maria=Patient.objects.get(user=users["patient_fl"]),
        james=Patient.objects.get(user=users["patient_nj"]),
        storage=storage,
    )
    _elena_writes_and_the_team_answers(world)
    _newsletter(world)
    _record_exports(world)
    _queued_work()
    world.ids = _ids(world)
    world.mail = list(mail.outbox)
    return world


def storage_settings(location: Path) -> dict[str, Any]:
    """Uploaded files in `location`, never served by URL (as tests/personas.py)."""
    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
