"""Every URL pattern that takes a POST, and how to fuzz it.

One entry per pattern, by URL name: who may post to it, how to build its URL with real
ids (running the verbs that put the world in the state it needs), where the form is
shown (its fields are read from that page), what a valid post looks like, and which
rows a success may write. `test_every_view_that_takes_a_post_is_in_the_table` fails for
a pattern missing here, so no new form goes unfuzzed.

Kinds:

- FORM: fields to fill; the full sweep and the Hypothesis budget.
- BUTTON: a form with no fields of its own (a confirm, an approve); junk must be ignored.
- PAGE: a page that answers any method and reads no body; a post must change nothing.
- WEBHOOK: a signed machine post, not a form: `test_webhooks.py` posts junk JSON to it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import RoleGrant, User
from assessment.models import Assessment, AssessmentDraft
from audit.models import AuditEvent
from billing.models import Invoice, PaymentEvent, Plan, Subscription
from care import models as care
from content import models as content
from credentials import models as credentials
from journal.models import CheckIn, ExerciseLog, HomeSession, SafetyCheck
from patients import models as patients
from pharmacy.models import Fill, NewPrescription, RefillRequest, Shipment, ShipmentEvent
from records.models import RecordExport
from tests.fuzz.world import VISITOR, World

Kwargs = Callable[[World, str], dict[str, Any]]
Write = type[models.Model] | tuple[type[models.Model], tuple[str, ...]]


class Kind(StrEnum):
    FORM = "form"
    BUTTON = "button"
    PAGE = "page"
    WEBHOOK = "webhook"


NO_PAGE = ""
"""`page` for a post no page shows as a form (a script's, or a button's with no fields)."""


def _none(world: World, persona: str) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Entry:
    kind: Kind
    personas: tuple[str, ...]
    kwargs: Kwargs = _none
    writes: tuple[Write, ...] = ()
    """What a success may write (any other row changed is a failure)."""
    page: str | None = None
    """The URL name of the page that shows the form; None: the form's own URL."""
    page_kwargs: Kwargs | None = None
    """The page's URL kwargs, when they differ from the form's."""
    sample: Any = field(default_factory=dict)
    """Valid values, over what the page shows, so junk in one field reaches the verb: a
    dict, or a function of (world, persona) giving one."""
    refused: dict[str, str] = field(default_factory=dict)
    """Personas whose valid post is refused all the same, and why ("*": everyone). For
    anyone else the suite checks that the valid post succeeds, so junk in one field
    reaches the verb."""
    recent_auth: bool = False
    kept_on_refusal: tuple[type[models.Model], ...] = ()
    """Rows a refusal writes by design (a refused safety check is itself the record)."""
    prepare: Callable[[Client, World, dict[str, Any]], None] | None = None
    """Requests that put the client's session in the state the form needs."""
    not_checked: dict[type[models.Model], tuple[str, ...]] = field(default_factory=dict)
    """Fields `full_clean` would question for reasons of their own (say why)."""
    whole: Callable[[World, dict[type[models.Model], Any]], list[str]] | None = None
    """Extra checks that what a success saved is complete."""


def form(*personas: str, **options: Any) -> Entry:
    return Entry(Kind.FORM, personas, **options)


def button(*personas: str, **options: Any) -> Entry:
    return Entry(Kind.BUTTON, personas, **options)


def page(*personas: str, **options: Any) -> Entry:
    return Entry(Kind.PAGE, personas, **options)


def webhook(**options: Any) -> Entry:
    return Entry(Kind.WEBHOOK, (VISITOR,), **options)


# What the entries need, built with the real verbs ------------------------------------------

CLINICIANS = ("clinician_fl", "clinician_nj")
PATIENT_FOR = {"clinician_fl": "patient_in_treatment", "clinician_nj": "patient_nj"}
"""Whose chart each clinician's forms are fuzzed on: Elena in treatment in Florida,
James just joined in New Jersey."""


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def own_record(world: World, persona: str) -> dict[str, Any]:
    return {"public_id": world.patient(persona).public_id}


def chart_of(world: World, persona: str) -> dict[str, Any]:
    return {"public_id": world.patient(PATIENT_FOR.get(persona, persona)).public_id}


def ready_for_a_new_prescription(world: World, persona: str) -> dict[str, Any]:
    """Elena's prescription cancelled and the PDMP checked today, so Dr Rivera may sign a
    new one; James as he is."""
    if persona == "clinician_fl":
        from care.actions import do_cancel_prescription
        from care.records import current_prescription
        from care.tests.workspace import pdmp_checked

        elena = world.patient("patient_in_treatment")
        prescription = current_prescription(elena)
        assert prescription is not None
        do_cancel_prescription(prescription, by=world.user(persona), reason="A new dose.")
        pdmp_checked(elena, world.user(persona))
    return chart_of(world, persona)


def elena(world: World, persona: str) -> dict[str, Any]:
    return {"public_id": world.patient("patient_in_treatment").public_id}


def daniel_bladder_hold(world: World, persona: str) -> dict[str, Any]:
    return {"public_id": world.patient("patient_on_hold").public_id, "hold": "bladder"}


def daniels_flag(world: World, persona: str) -> dict[str, Any]:
    flag = (
        world.patient("patient_on_hold")
        .clinician_flags.filter(acknowledged_at__isnull=True)
        .first()
    )
    assert flag is not None
    return {"flag_id": flag.public_id}


def elenas_plan(world: World, persona: str) -> dict[str, Any]:
    from care.records import current_plan

    plan = current_plan(world.patient("patient_in_treatment"), timezone.now())
    assert plan is not None
    return {"plan_id": plan.public_id}


def elenas_prescription(world: World, persona: str) -> dict[str, Any]:
    from care.records import current_prescription

    prescription = current_prescription(world.patient("patient_in_treatment"))
    assert prescription is not None
    return {"prescription_id": prescription.public_id}


def an_adverse_event(world: World, persona: str) -> dict[str, Any]:
    from care.actions import do_report_adverse_event

    patient = world.patient("patient_in_treatment")
    event = do_report_adverse_event(
        patient, by=patient.user, grade="mild", description="A headache after the session."
    )
    return {"event_id": event.public_id}


def marias_visit(world: World, persona: str) -> dict[str, Any]:
    from care.consults import upcoming_consult

    consult = upcoming_consult(world.patient("patient_fl"))
    assert consult is not None
    return {"consult_id": consult.public_id}


def no_visit_booked(world: World, persona: str) -> dict[str, Any]:
    """Maria's visit cancelled, so she may book again (James has steps left first)."""
    from care.consults import do_cancel_consult, upcoming_consult

    if persona == "patient_fl":
        patient = world.patient(persona)
        consult = upcoming_consult(patient)
        if consult is not None:
            do_cancel_consult(consult, by=patient.user)
    return {}


def own_availability(world: World, persona: str) -> dict[str, Any]:
    from care.models import ClinicianAvailability

    block = ClinicianAvailability.objects.filter(clinician=world.user(persona)).first()
    assert block is not None
    return {"block_id": block.pk}


def rivera(world: World, persona: str) -> dict[str, Any]:
    return {"clinician_id": world.user("clinician_fl").pk}


def riveras_licence(world: World, persona: str) -> dict[str, Any]:
    from credentials.models import Licence

    return {"licence_id": Licence.objects.filter(clinician=world.user("clinician_fl")).first().pk}  # type: ignore[union-attr]


def riveras_registration(world: World, persona: str) -> dict[str, Any]:
    from credentials.models import DeaRegistration

    registration = DeaRegistration.objects.filter(clinician=world.user("clinician_fl")).first()
    assert registration is not None
    return {"registration_id": registration.pk}


def a_submitted_id(world: World, persona: str) -> dict[str, Any]:
    from patients.actions import do_upload_id
    from patients.tests.helpers import id_upload

    james = world.patient("patient_nj")
    document = do_upload_id(james, id_upload(), by=james.user)
    return {"document_id": document.public_id}


def a_new_consent_version(world: World, persona: str) -> dict[str, Any]:
    """A new version of the telehealth consent, which Maria (who signed the old) must sign."""
    from patients.actions import do_publish_consent_document

    do_publish_consent_document(
        "telehealth",
        title="Consent to telehealth care",
        body="We now also offer visits by telephone when video fails.\n",
        by=world.user("admin"),
    )
    return {"kind": "telehealth"}


def a_thread(world: World, persona: str) -> dict[str, Any]:
    """Maria's thread for her and the coordinator; a clinical one for her clinician."""
    from patients.actions import do_start_thread

    maria = world.patient("patient_fl")
    if persona.startswith("clinician"):
        return {
            "thread_id": do_start_thread(
                maria, by=maria.user, topic="clinical", subject="My hand", body="It is worse."
            ).public_id
        }
    thread = maria.threads.first()
    assert thread is not None
    return {"thread_id": thread.public_id}


def standard_plan(world: World, persona: str) -> dict[str, Any]:
    return {"slug": "standard"}


def plan_paused(world: World, persona: str) -> dict[str, Any]:
    from billing.actions import do_pause_subscription
    from billing.standing import current_subscription

    patient = world.patient(persona)
    subscription = current_subscription(patient)
    assert subscription is not None
    do_pause_subscription(subscription, by=patient.user)
    return {}


def a_checkout_link(world: World, persona: str) -> dict[str, Any]:
    from billing.actions import do_start_subscription
    from billing.models import Plan

    patient = world.patient(persona)
    checkout = do_start_subscription(
        patient,
        Plan.objects.get(slug="standard"),
        by=patient.user,
        success_url="/billing/welcome/",
        cancel_url="/billing/",
    )
    return {"token": checkout.url.rstrip("/").rsplit("/", 1)[-1]}


def a_payment_details_link(world: World, persona: str) -> dict[str, Any]:
    from billing.standing import current_subscription
    from integrations.payments.local_gateway import LocalGateway

    subscription = current_subscription(world.patient(persona))
    assert subscription is not None
    url = LocalGateway().payment_details_url(subscription, return_url="/billing/")
    return {"token": url.rstrip("/").rsplit("/", 1)[-1]}


def rosas_prescription(world: World, persona: str) -> dict[str, Any]:
    return {"prescription_id": world.rosa.prescriptions.get().public_id}


def _rosas_fill(step: str) -> Kwargs:
    """Rosa's original fill, carried through the pharmacy's verbs up to `step`."""

    def build(world: World, persona: str) -> dict[str, Any]:
        from pharmacy import actions
        from pharmacy.tests.helpers import good_fill_details

        pharmacist = world.user("pharmacist")
        fill = actions.do_queue_original_fill(world.rosa.prescriptions.get())
        steps = ["queued", "verified", "filled", "shipped"]
        if steps.index(step) >= 1:
            actions.do_verify_fill(fill, by=pharmacist)
        if steps.index(step) >= 2:
            actions.do_fill(fill, by=pharmacist, **good_fill_details())
        if steps.index(step) >= 3:
            actions.do_ship(
                fill, by=pharmacist, carrier_name="UPS", tracking_number="1Z999AA10123456784"
            )
        return {"fill_id": fill.public_id}

    return build


def elenas_refill_request(world: World, persona: str) -> dict[str, Any]:
    from pharmacy.models import RefillRequest

    request = RefillRequest.objects.filter(
        prescription__patient=world.patient("patient_in_treatment")
    ).first()
    assert request is not None
    return {"request_id": request.public_id}


def own_prescription(world: World, persona: str) -> dict[str, Any]:
    from care.records import current_prescription

    prescription = current_prescription(world.patient(persona))
    assert prescription is not None
    return {"prescription_id": prescription.public_id}


def an_open_session(world: World, persona: str) -> dict[str, Any]:
    from clinical import safety
    from journal import actions

    patient = world.patient(persona)
    start = actions.do_start_home_session(
        patient,
        by=patient.user,
        readings=safety.VitalSigns(124, 80, 72),
        checklist=safety.SessionChecklist(*[True] * len(safety.CHECKLIST_ITEMS)),
    )
    assert start.session is not None, start.verdict.codes
    return {"public_id": patient.public_id, "session_id": start.session.public_id}


def an_exercise_due(world: World, persona: str) -> dict[str, Any]:
    patient = world.patient(persona)
    log = patient.exercise_logs.filter(done_at__isnull=True).order_by("-scheduled_for").first()
    assert log is not None
    return {"public_id": patient.public_id, "log_id": log.public_id}


def check_in(instrument: str) -> Kwargs:
    def build(world: World, persona: str) -> dict[str, Any]:
        return {"public_id": world.patient(persona).public_id, "instrument": instrument}

    return build


def a_published_article(world: World, persona: str) -> dict[str, Any]:
    from content.models import Article

    return {"pk": Article.objects.public().order_by("pk").first().pk}  # type: ignore[union-attr]


def a_draft(world: World, persona: str) -> dict[str, Any]:
    from content.actions import do_create_article

    article = do_create_article(
        by=world.user("editor"),
        slug="fuzz-draft",
        title="A draft",
        summary="A draft to send for review.",
        body="## A draft\n\nSome words.\n",
    )
    return {"pk": article.pk}


def an_article_in_review(world: World, persona: str) -> dict[str, Any]:
    from content.actions import do_submit_for_review

    draft = a_draft(world, persona)
    from content.models import Article

    do_submit_for_review(Article.objects.get(pk=draft["pk"]), by=world.user("editor"))
    return draft


def an_older_revision(world: World, persona: str) -> dict[str, Any]:
    from content.actions import do_save_revision
    from content.models import Article

    draft = a_draft(world, persona)
    article = Article.objects.get(pk=draft["pk"])
    do_save_revision(
        article,
        by=world.user("editor"),
        title="A second draft",
        summary="Changed.",
        body="## A draft\n\nOther words.\n",
        note="Second",
    )
    return {"pk": article.pk, "number": 1}


def a_citation(world: World, persona: str) -> dict[str, Any]:
    from content.models import Citation

    return {"pk": Citation.objects.order_by("pk").first().pk}  # type: ignore[union-attr]


def a_subscription_to_confirm(world: World, persona: str) -> dict[str, Any]:
    from content.actions import confirmation_code, do_subscribe
    from content.models import Subscriber

    do_subscribe("reader.fuzz@example.com")
    return {"code": confirmation_code(Subscriber.objects.get(email="reader.fuzz@example.com"))}


def a_subscriber(world: World, persona: str) -> dict[str, Any]:
    from content.actions import do_confirm_subscription

    code = a_subscription_to_confirm(world, persona)["code"]
    return {"token": do_confirm_subscription(code).token}


def condition_slug(world: World, persona: str) -> dict[str, Any]:
    from content.models import Condition

    return {"slug": Condition.objects.order_by("pk").first().slug}  # type: ignore[union-attr]


def article_slug(world: World, persona: str) -> dict[str, Any]:
    from content.models import Article

    return {"slug": Article.objects.public().order_by("pk").first().slug}  # type: ignore[union-attr]


def assessment_of(world: World, persona: str) -> dict[str, Any]:
    return {"public_id": world.patient("patient_in_treatment").assessment.public_id}  # type: ignore[union-attr]


def sections_before(section_id: str) -> Callable[[Client, World, dict[str, Any]], None]:
    """Answer the sections before this one (an eligible Floridian) so it opens."""

    def prepare(client: Client, world: World, kwargs: dict[str, Any]) -> None:
        from assessment.tests.answering import ELIGIBLE_FL_CRPS, post_section
        from questionnaires.assessment import QUESTIONNAIRE

        for section in QUESTIONNAIRE.sections:
            if section.id == section_id:
                return
            response = post_section(client, section.id, ELIGIBLE_FL_CRPS)
            assert response.status_code == 302, response.status_code

    return prepare


def answers_to(section_id: str) -> Callable[[World, str], dict[str, Any]]:
    def sample(world: World, persona: str) -> dict[str, Any]:
        from assessment.tests.answering import ELIGIBLE_FL_CRPS, form_for

        return dict(form_for(section_id, ELIGIBLE_FL_CRPS).lists())

    return sample


def section(section_id: str) -> Kwargs:
    def build(world: World, persona: str) -> dict[str, Any]:
        return {"section_id": section_id}

    return build


def password_reset_key(world: World, persona: str) -> dict[str, Any]:
    from allauth.account.utils import user_pk_to_url_str

    return {"uidb36": user_pk_to_url_str(world.user("patient_fl")), "key": "set-password"}


def follow_the_reset_link(client: Client, world: World, kwargs: dict[str, Any]) -> None:
    """Open the emailed link: the key goes into the session, the form is at set-password."""
    from allauth.account.forms import default_token_generator

    user = world.user("patient_fl")
    link = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": kwargs["uidb36"], "key": default_token_generator.make_token(user)},
    )
    assert client.get(link).status_code == 302


def an_email_to_confirm(world: World, persona: str) -> dict[str, Any]:
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    address = EmailAddress.objects.create(
        user=world.user("patient_nj"), email="james.second@example.com", verified=False
    )
    return {"key": EmailConfirmationHMAC(address).key}


def signed_in_with_password(persona: str) -> Callable[[Client, World, dict[str, Any]], None]:
    """A staff member's password accepted; the second factor is the step being posted."""

    def prepare(client: Client, world: World, kwargs: dict[str, Any]) -> None:
        from demo.people import DEMO_PASSWORD

        client.logout()
        answer = client.post(
            reverse("account_login"),
            {"login": world.user(persona).email, "password": DEMO_PASSWORD},
        )
        assert answer.status_code == 302, answer.status_code

    return prepare


def totp_code(world: World, persona: str) -> dict[str, Any]:
    """The code the persona's authenticator app shows now (as `manage.py demo_totp`)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from demo.people import STAFF

    secret = next(one.totp_secret for one in STAFF if one.key == "clinician_fl")
    assert secret is not None
    return {"code": format_hotp_value(hotp_value(secret, int(time.time()) // 30))}


def totp_authenticator(world: World, persona: str) -> dict[str, Any]:
    from allauth.mfa.models import Authenticator

    found = Authenticator.objects.filter(user=world.user(persona)).first()
    return {"pk": found.pk if found else 1}


# What "whole" means beyond the models' own rules: the rows a record is made of ----------


def _added(saved: dict[type[models.Model], Any], model: type[models.Model]) -> list[Any]:
    change = saved.get(model)
    return list(model._base_manager.filter(pk__in=change.added)) if change else []


def article_with_its_revision(world: World, saved: dict[type[models.Model], Any]) -> list[str]:
    return [
        f"article {article.slug} saved without its revision"
        for article in _added(saved, content.Article)
        if article.current_revision is None or article.current_revision.article_id != article.pk
    ]


def thread_with_its_message(world: World, saved: dict[type[models.Model], Any]) -> list[str]:
    return [
        f"thread {thread.pk} saved without a message"
        for thread in _added(saved, patients.MessageThread)
        if not thread.messages.exists()
    ]


def session_finished_whole(world: World, saved: dict[type[models.Model], Any]) -> list[str]:
    change = saved.get(HomeSession)
    sessions = HomeSession.objects.filter(pk__in=list(change.changed)) if change else []
    return [
        f"session {session.pk} finished without its after-log"
        for session in sessions
        if session.finished_at is None or session.pain_now is None or session.dissociation is None
    ]


def fill_shipped_whole(world: World, saved: dict[type[models.Model], Any]) -> list[str]:
    return [
        f"shipment {shipment.pk} saved but its fill is {shipment.fill.status}"
        for shipment in _added(saved, Shipment)
        if shipment.fill.status != "shipped" or not shipment.tracking_number
    ]


def signed_up_whole(world: World, saved: dict[type[models.Model], Any]) -> list[str]:
    return [
        f"user {user.email} saved without an email address row"
        for user in _added(saved, User)
        if not EmailAddress.objects.filter(user=user, email__iexact=user.email).exists()
    ]


# The table ---------------------------------------------------------------------------------


TIMELINE = patients.TimelineEvent
EVERYONE = ("visitor", "patient_fl", "clinician_fl")
"""Who posts to the public pages: a visitor, a patient and a staff member."""
STAFF_CONTENT = ("editor",)
PATIENT = ("patient_fl",)
JAMES = {
    "legal_name": "James Walsh",
    "date_of_birth": "1972-09-03",
    "phone": "(973) 555-0182",
    "address_line1": "1 Washington Street",
    "city": "Newark",
    "state": "NJ",
    "zip_code": "07102",
    "emergency_contact_name": "Nora Walsh",
    "emergency_contact_relationship": "Sister",
    "emergency_contact_phone": "(973) 555-0199",
}
"""James's profile: the page shows the others' own, filled in already."""
ARTICLE = {
    "title": "Ketamine and sleep",
    "summary": "What the studies say about sleep during treatment.",
    "body": "## Sleep\n\nMost people sleep well after a session.\n",
    "note": "First draft",
}
CITATION = {
    "key": "fuzz2026",
    "authors": "Doe J, Roe R",
    "title": "A study",
    "journal": "J Pain",
    "year": "2026",
    "volume": "1",
    "issue": "2",
    "pages": "3-4",
    "doi": "10.1000/fuzz.2026",
    "pmid": "12345678",
}
PLAN = {
    "indication": "CRPS type I, right arm",
    "induction_mg_per_session": "100",
    "induction_sessions_per_week": "3",
    "maintenance_mg_per_session": "100",
    "maintenance_sessions_per_week": "2",
    "no_dose_systolic_from": "160",
    "no_dose_diastolic_from": "100",
    "no_dose_heart_rate_above": "100",
    "check_in_every_days": "7",
    "exercise_programme": "gmi_laterality",
}
PRESCRIPTION = {
    "form": "troche",
    "dose_mg": "100",
    "strength_mg": "50",
    "units_per_dose": "2",
    "doses_per_week": "3",
    "hold_minutes": "15",
    "days_supply": "28",
    "refills": "1",
    "pharmacy_name": "Bayshore Compounding Pharmacy",
}
SAFETY_PLAN = {
    "risk": "low",
    "findings": "No thoughts of suicide; no plan; no past attempts.",
    "warning_signs": "Not sleeping; pulling away from family.",
    "coping_steps": "A walk; music; breathing.",
    "people_to_contact": "988, 911, her husband Marco.",
    "means_made_safe": "Medicines locked away.",
}
CHECKLIST = {
    "monitor_present": "on",
    "fasted_2h": "on",
    "no_driving_today": "on",
    "safe_place": "on",
    "no_alcohol_or_sedatives_24h": "on",
    "no_self_harm_thoughts": "on",
    "feeling_well": "on",
    "not_pregnant": "on",
}

TABLE: dict[str, list[Entry]] = {
    # The public site ---------------------------------------------------------------------
    "content:home": [page(*EVERYONE)],
    "content:articles": [page(VISITOR)],
    "content:feed": [page(VISITOR)],
    "content:article": [page(VISITOR, kwargs=article_slug)],
    "content:conditions": [page(VISITOR)],
    "content:condition": [page(VISITOR, kwargs=condition_slug)],
    "content:pricing": [page(VISITOR)],
    "content:how_it_works": [page(VISITOR)],
    "content:faq": [page(VISITOR)],
    "content:safety": [page(VISITOR)],
    "content:privacy": [page(VISITOR)],
    "content:terms": [page(VISITOR)],
    "content:check_inbox": [page(VISITOR)],
    "content:sitemap": [page(VISITOR)],
    "content:robots_txt": [page(VISITOR)],
    "content:service_area": [form(*EVERYONE, sample={"zip_code": "33133", "county": ""})],
    "content:subscribe": [
        form(VISITOR, writes=(content.Subscriber,), sample={"email": "reader@example.com"})
    ],
    "content:join_waitlist": [
        form(
            VISITOR,
            page="content:subscribe",
            writes=(content.Subscriber,),
            sample={"email": "waiting@example.com", "state": "NY"},
        )
    ],
    "content:confirm_subscription": [
        button(VISITOR, kwargs=a_subscription_to_confirm, writes=(content.Subscriber,))
    ],
    "content:unsubscribe": [button(VISITOR, kwargs=a_subscriber, writes=(content.Subscriber,))],
    # The editorial screens ------------------------------------------------------------------
    "content:editorial": [page(*STAFF_CONTENT)],
    "content:editorial_article": [page(*STAFF_CONTENT, kwargs=a_published_article)],
    "content:editorial_history": [page(*STAFF_CONTENT, kwargs=a_published_article)],
    "content:editorial_revision": [
        page(*STAFF_CONTENT, kwargs=lambda w, p: {**a_published_article(w, p), "number": 1})
    ],
    "content:editorial_citations": [page(*STAFF_CONTENT)],
    "content:editorial_article_new": [
        form(
            "editor",
            writes=(content.Article, content.ArticleRevision, content.Article.conditions.through),
            sample={**ARTICLE, "slug": "ketamine-and-sleep"},
            whole=article_with_its_revision,
        )
    ],
    "content:editorial_article_edit": [
        form(
            "editor",
            kwargs=a_published_article,
            writes=(content.Article, content.ArticleRevision, content.Article.conditions.through),
        )
    ],
    "content:editorial_submit": [
        button(
            "editor",
            kwargs=a_draft,
            page="content:editorial_article",
            writes=(content.Article, content.ArticleRevision),
        )
    ],
    "content:editorial_approve": [
        button(
            *CLINICIANS,
            kwargs=an_article_in_review,
            page="content:editorial_article",
            writes=(content.Article, content.ArticleRevision),
        )
    ],
    "content:editorial_request_changes": [
        form(
            *CLINICIANS,
            kwargs=an_article_in_review,
            page="content:editorial_article",
            writes=(content.Article, content.ArticleRevision),
            sample={"note": "Cite the 2004 trial for the second claim."},
        )
    ],
    "content:editorial_restore": [
        button(
            "editor",
            kwargs=an_older_revision,
            page="content:editorial_revision",
            writes=(content.Article, content.ArticleRevision),
        )
    ],
    "content:editorial_citation_new": [form("editor", writes=(content.Citation,), sample=CITATION)],
    "content:editorial_citation_edit": [
        form("editor", kwargs=a_citation, writes=(content.Citation,))
    ],
    # Accounts and sign-in (django-allauth) ------------------------------------------------------
    "accounts:home": [page("patient_fl", "clinician_fl")],
    "accounts:language": [
        form(
            VISITOR,
            "patient_fl",
            page="content:pricing",
            writes=((User, ("language",)),),
            sample={"language": "es", "next": "/pricing/"},
        )
    ],
    "accounts:session_keepalive": [
        button(*EVERYONE, page=NO_PAGE, refused={VISITOR: "no one is signed in to keep alive"})
    ],
    "account_login": [
        form(
            VISITOR,
            writes=((User, ("last_login",)),),
            sample={"login": "maria.gomez@example.com", "password": "ketaclinic-demo-2026"},
        )
    ],
    "account_logout": [button("patient_fl", "clinician_fl")],
    "account_signup": [
        form(
            VISITOR,
            writes=(User, EmailAddress, RoleGrant),
            whole=signed_up_whole,
            sample={
                "email": "new.person@example.com",
                "password1": "a-long-pass-phrase-9",
                "password2": "a-long-pass-phrase-9",
            },
        )
    ],
    "account_reauthenticate": [
        form("patient_fl", "clinician_fl", sample={"password": "ketaclinic-demo-2026"})
    ],
    "account_email": [
        form(
            "patient_fl",
            "clinician_fl",
            writes=(EmailAddress,),
            sample={"email": "x@example.com"},
            refused={"clinician_fl": "an account with a second factor adds no address"},
        )
    ],
    "account_email_verification_sent": [page(VISITOR)],
    "account_change_password": [
        form(
            "patient_fl",
            "clinician_fl",
            writes=((User, ("password",)),),
            sample={
                "oldpassword": "ketaclinic-demo-2026",
                "password1": "another-long-phrase-7",
                "password2": "another-long-phrase-7",
            },
        )
    ],
    "account_set_password": [
        form(
            "patient_fl",
            writes=((User, ("password",)),),
            refused={"patient_fl": "she has a password: the page sends her to change it"},
        )
    ],
    "account_reset_password": [form(VISITOR, sample={"email": "maria.gomez@example.com"})],
    "account_confirm_login_code": [
        form(VISITOR, refused={VISITOR: "no sign-in code was asked for (codes are off)"})
    ],
    "account_confirm_email": [
        button(VISITOR, kwargs=an_email_to_confirm, writes=(EmailAddress, (User, ("last_login",))))
    ],
    "account_reset_password_from_key": [
        form(
            VISITOR,
            kwargs=password_reset_key,
            prepare=follow_the_reset_link,
            writes=((User, ("password", "last_login")),),
            sample={"password1": "another-long-phrase-7", "password2": "another-long-phrase-7"},
        )
    ],
    "mfa_authenticate": [
        form(
            VISITOR,
            prepare=signed_in_with_password("clinician_fl"),
            writes=((User, ("last_login",)), (Authenticator, ("last_used_at", "data"))),
            sample=totp_code,
        )
    ],
    "mfa_reauthenticate": [
        form(
            "clinician_fl",
            writes=((Authenticator, ("last_used_at", "data")),),
            sample=totp_code,
        )
    ],
    "mfa_activate_totp": [
        form(
            "patient_fl",
            recent_auth=True,
            writes=(Authenticator,),
            refused={"patient_fl": "only the code of the secret shown can activate it"},
        )
    ],
    "mfa_deactivate_totp": [
        form(
            "clinician_fl",
            recent_auth=True,
            writes=(Authenticator,),
            refused={"clinician_fl": "staff keep their second factor (accounts.adapters)"},
        )
    ],
    "mfa_generate_recovery_codes": [
        button("clinician_fl", recent_auth=True, writes=(Authenticator,))
    ],
    "mfa_add_webauthn": [
        form(
            "patient_fl",
            recent_auth=True,
            writes=(Authenticator,),
            sample={"name": "My key", "credential": '{"id": "x", "type": "public-key"}'},
            refused={"patient_fl": "only a real security key signs a valid answer"},
        )
    ],
    "mfa_reauthenticate_webauthn": [
        form("clinician_fl", refused={"clinician_fl": "she has no security key to use"})
    ],
    "mfa_remove_webauthn": [button("clinician_fl", kwargs=totp_authenticator, page=NO_PAGE)],
    "mfa_edit_webauthn": [form("clinician_fl", kwargs=totp_authenticator, page=NO_PAGE)],
    # The patient portal -------------------------------------------------------------------------
    "workspace:home": [page(*PATIENT)],
    "workspace:record": [page("coordinator", kwargs=lambda w, p: own_record(w, "patient_fl"))],
    "patients:profile": [
        form(
            "patient_fl",
            "patient_nj",
            "patient_in_treatment",
            writes=(patients.Patient, patients.IdentityDocument, TIMELINE),
            sample=lambda w, p: JAMES if p == "patient_nj" else {},
        )
    ],
    "patients:monitor": [
        form(
            "patient_fl",
            "patient_nj",
            writes=(patients.TreatmentMonitor, TIMELINE),
            sample={
                "name": "Carmen Diaz",
                "relationship": "Friend",
                "phone": "(305) 555-0144",
                "confirmed_adult": "on",
                "guide_read": "on",
            },
        )
    ],
    "patients:identity": [
        form(
            "patient_nj",
            "patient_fl",
            writes=(patients.IdentityDocument, TIMELINE),
            refused={"patient_fl": "Maria's ID is verified: there is nothing to upload"},
        )
    ],
    "patients:identity_review": [
        form(
            "coordinator",
            kwargs=a_submitted_id,
            writes=(patients.IdentityDocument, TIMELINE),
            sample={"decision": "ask_again", "reason": "The ID has expired."},
        )
    ],
    "patients:consent_sign": [
        form(
            "patient_fl",
            kwargs=a_new_consent_version,
            writes=(patients.Consent, TIMELINE),
            sample={"typed_name": "Maria Gomez", "agree": "on"},
        )
    ],
    "patients:message_new": [
        form(
            "patient_fl",
            "patient_nj",
            writes=(patients.MessageThread, patients.Message, TIMELINE),
            sample={"topic": "scheduling", "subject": "Moving my visit", "body": "Can we?"},
            whole=thread_with_its_message,
        )
    ],
    "patients:thread": [
        form(
            "patient_fl",
            "coordinator",
            "clinician_fl",
            kwargs=a_thread,
            writes=(patients.MessageThread, patients.Message, TIMELINE),
            sample={"body": "Thank you."},
        )
    ],
    "patients:thread_triage": [
        form(
            "coordinator",
            kwargs=a_thread,
            page="patients:thread",
            writes=(patients.MessageThread, TIMELINE),
        )
    ],
    # Visits -------------------------------------------------------------------------------
    "care:book": [
        form(
            "patient_fl",
            "patient_nj",
            kwargs=no_visit_booked,
            writes=(care.Consult, TIMELINE),
            refused={"patient_nj": "James has steps to finish first: the page lists them"},
        )
    ],
    "care:reschedule": [
        form(
            "patient_fl",
            "coordinator",
            "clinician_fl",
            kwargs=marias_visit,
            writes=(care.Consult, TIMELINE),
        )
    ],
    "care:cancel": [
        button(
            "patient_fl",
            "coordinator",
            "clinician_fl",
            kwargs=marias_visit,
            writes=(care.Consult, TIMELINE),
        )
    ],
    "care:availability": [
        form(
            *CLINICIANS,
            writes=(care.ClinicianAvailability,),
            sample={
                "day": _day(20),
                "start_time": "09:00",
                "end_time": "12:00",
                "time_zone": "America/New_York",
            },
        )
    ],
    "care:withdraw_availability": [
        button(
            *CLINICIANS,
            kwargs=own_availability,
            page="care:availability",
            page_kwargs=_none,
            writes=(care.ClinicianAvailability,),
        )
    ],
    "care:choose_zone": [
        form(
            "clinician_fl",
            "coordinator",
            page="care:schedule",
            sample={"time_zone": "America/Chicago", "next": "/care/schedule/"},
        )
    ],
    # The clinician's workspace --------------------------------------------------------------
    "workspace:queue": [page(*CLINICIANS)],
    "workspace:chart": [page(*CLINICIANS, kwargs=chart_of)],
    "care:budapest": [form(*CLINICIANS, kwargs=chart_of, writes=(care.BudapestExam, TIMELINE))],
    "care:severity": [
        form(*CLINICIANS, kwargs=chart_of, writes=(care.CrpsSeverityRecord, TIMELINE))
    ],
    "care:diagnosis": [
        form(
            *CLINICIANS,
            kwargs=chart_of,
            writes=(care.Diagnosis, TIMELINE),
            sample=lambda w, p: {"code": "G90.512" if p == "clinician_fl" else "G90.511"},
        )
    ],
    "care:decision": [
        form(
            *CLINICIANS,
            kwargs=chart_of,
            writes=(care.CandidateDecision, patients.Patient, TIMELINE),
            sample={"decision": "approve", "why": "Budapest criteria met."},
        )
    ],
    "care:plan": [
        form(*CLINICIANS, kwargs=chart_of, writes=(care.TreatmentPlan, TIMELINE), sample=PLAN)
    ],
    "care:pdmp": [
        form(
            *CLINICIANS,
            kwargs=chart_of,
            writes=(care.PdmpCheck, TIMELINE),
            sample={"reference": "EF-2026-0042", "summary": "Nothing else.", "attest": "on"},
        )
    ],
    "care:prescribe": [
        form(
            *CLINICIANS,
            kwargs=ready_for_a_new_prescription,
            recent_auth=True,
            writes=(care.Prescription, NewPrescription, TIMELINE),
            sample=PRESCRIPTION,
            refused={"clinician_nj": "James is not approved, weighed or checked in the PDMP"},
        )
    ],
    "care:new_adverse_event": [
        form(
            *CLINICIANS,
            kwargs=chart_of,
            writes=(care.AdverseEvent, care.ClinicianFlag, TIMELINE),
            sample={"grade": "moderate", "description": "Dizzy for an hour, told me by phone."},
        )
    ],
    "care:note": [
        form(
            "clinician_fl",
            kwargs=marias_visit,
            writes=(care.ConsultNote, care.Consult, TIMELINE),
            sample={"subjective": "Pain.", "audio_video_confirmed": "on"},
        )
    ],
    "care:cancel_prescription": [
        form(
            "clinician_fl",
            kwargs=elenas_prescription,
            writes=(care.Prescription, RefillRequest, TIMELINE),
            sample={"reason": "Changing the dose."},
        )
    ],
    "care:review_adverse_event": [
        form(
            "clinician_fl",
            kwargs=an_adverse_event,
            writes=(care.AdverseEvent, TIMELINE),
            sample={"confirm": "on"},
        )
    ],
    "care:clear_hold": [
        form(
            "clinician_fl",
            kwargs=daniel_bladder_hold,
            writes=(care.HoldClearance, care.ClinicianFlag, TIMELINE),
            sample={"note": "Spoke with him; symptoms gone; urine test clear."},
        )
    ],
    "care:weight": [
        form(
            *CLINICIANS,
            kwargs=chart_of,
            writes=(care.BodyWeight, TIMELINE),
            sample={"kg": "68.5", "measured_on": _day(0)},
        )
    ],
    "care:end_plan": [
        form(
            "clinician_fl",
            kwargs=elenas_plan,
            writes=(care.TreatmentPlan, TIMELINE),
            sample={"reason": "Goals met."},
        )
    ],
    "care:plan_review": [
        form(
            "clinician_fl",
            kwargs=elenas_plan,
            writes=(care.PlanReview, TIMELINE),
            sample={
                "objectives_progress": "Pain down from 6 to 3.",
                "drug_screening": "Not needed now.",
                "continue_treatment": "on",
            },
        )
    ],
    "care:suicide_risk": [
        form(
            *CLINICIANS,
            kwargs=chart_of,
            writes=(care.SuicideRiskAssessment, TIMELINE),
            sample=SAFETY_PLAN,
        )
    ],
    "care:acknowledge_flag": [
        button(
            "clinician_fl",
            kwargs=daniels_flag,
            page="workspace:chart",
            page_kwargs=lambda w, p: own_record(w, "patient_on_hold"),
            writes=(care.ClinicianFlag, TIMELINE),
        )
    ],
    "care:in_person": [
        form(
            *CLINICIANS,
            kwargs=chart_of,
            writes=(care.InPersonEvaluation, TIMELINE),
            sample={"evaluated_on": _day(-3), "confirmed": "on"},
        )
    ],
    "workspace:search": [form(*CLINICIANS, sample={"term": "Torres"})],
    "credentials:add_licence": [
        form(
            "admin",
            kwargs=rivera,
            recent_auth=True,
            writes=(credentials.Licence,),
            sample={"state": "NJ", "number": "25MA01234567", "expires_on": _day(400)},
        )
    ],
    "credentials:add_dea_registration": [
        form(
            "admin",
            kwargs=rivera,
            recent_auth=True,
            writes=(credentials.DeaRegistration,),
            sample={
                "number": "BR1234563",
                "state": "NJ",
                "schedules": ["3", "3N"],
                "expires_on": _day(400),
            },
        )
    ],
    "credentials:renew_licence": [
        form(
            "admin",
            kwargs=riveras_licence,
            recent_auth=True,
            writes=(credentials.Licence,),
            sample={"expires_on": _day(800)},
        )
    ],
    "credentials:renew_dea_registration": [
        form(
            "admin",
            kwargs=riveras_registration,
            recent_auth=True,
            writes=(credentials.DeaRegistration,),
            sample={"expires_on": _day(800)},
        )
    ],
    # Billing and the local payment pages ---------------------------------------------------
    "billing:start": [
        button(
            "patient_nj",
            "patient_fl",
            kwargs=standard_plan,
            page="billing:plan",
            page_kwargs=_none,
            writes=(Subscription,),
            refused={"patient_fl": "Maria already has a plan"},
        )
    ],
    "billing:cancel": [button("patient_fl", writes=(Subscription, TIMELINE))],
    "billing:pause": [button("patient_fl", page="billing:plan", writes=(Subscription, TIMELINE))],
    "billing:resume": [
        button(
            "patient_fl",
            kwargs=plan_paused,
            page="billing:plan",
            page_kwargs=_none,
            writes=(Subscription, TIMELINE),
        )
    ],
    "billing:payment_details": [button("patient_fl", page="billing:plan")],
    "payments:local_checkout": [
        form(
            "patient_nj",
            kwargs=a_checkout_link,
            writes=(Subscription, Invoice, PaymentEvent, TIMELINE),
            sample={"card_number": "4242 4242 4242 4242"},
        )
    ],
    "payments:local_payment_details": [
        form(
            "patient_fl",
            kwargs=a_payment_details_link,
            writes=(Subscription, Invoice, PaymentEvent, TIMELINE),
            sample={"card_number": "4242 4242 4242 4242"},
        )
    ],
    "payments:webhook": [
        webhook(
            kwargs=lambda w, p: {"provider": "local"},
            writes=(Subscription, Invoice, PaymentEvent, patients.Patient, TIMELINE),
        )
    ],
    "carrier:webhook": [webhook(writes=(Fill, Shipment, ShipmentEvent, TIMELINE))],
    "accounts:audit_export": [page("admin", recent_auth=True)],
    # Record exports: the patient's own copy, an administrator's of one patient or all.
    "records:my_record": [button("patient_fl", "patient_nj", writes=(RecordExport,))],
    "records:exports": [
        form(
            "admin",
            recent_auth=True,
            writes=(RecordExport,),
            sample=lambda world, persona: {
                "scope": "patient",
                "patient_id": str(world.patient("patient_in_treatment").public_id),
            },
        )
    ],
    # The assessment --------------------------------------------------------------------------
    "assessment:restart": [button(VISITOR, page=NO_PAGE, writes=(AssessmentDraft,))],
    "assessment:staff_list": [page("clinician_fl")],
    "assessment:staff_detail": [page("clinician_fl", kwargs=assessment_of)],
    "assessment:section": [
        form(
            VISITOR,
            kwargs=section(section_id),
            prepare=sections_before(section_id),
            writes=(AssessmentDraft, Assessment),
            sample=answers_to(section_id),
        )
        for section_id in ("location", "safety", "conditions", "health", "support")
    ],
    # The journal -----------------------------------------------------------------------------
    "journal:safety": [
        form(
            "patient_in_treatment",
            "patient_on_hold",
            kwargs=own_record,
            writes=(SafetyCheck, HomeSession, care.ClinicianFlag, TIMELINE),
            # A refused check is recorded: it counts towards "no dose today".
            kept_on_refusal=(SafetyCheck, care.ClinicianFlag, TIMELINE),
            refused={"patient_on_hold": "Daniel's doses are on hold"},
            sample={"systolic": "124", "diastolic": "80", "pulse": "72", **CHECKLIST},
        )
    ],
    "journal:during": [
        form(
            "patient_in_treatment",
            kwargs=an_open_session,
            writes=(
                HomeSession,
                ExerciseLog,
                CheckIn,
                care.ClinicianFlag,
                care.AdverseEvent,
                TIMELINE,
            ),
            sample={"pain_now": "3", "dissociation": "4"},
            whole=session_finished_whole,
        )
    ],
    "journal:exercise": [
        form(
            "patient_in_treatment",
            kwargs=an_exercise_due,
            writes=(ExerciseLog, TIMELINE),
            sample={"completed": "on", "discomfort": "2"},
        )
    ],
    "journal:check_in": [
        form(
            "patient_in_treatment",
            kwargs=check_in(instrument),
            writes=(CheckIn, care.ClinicianFlag, TIMELINE),
        )
        for instrument in ("peg", "phq9", "gad7", "pcl5", "pc_ptsd5", "pain_now")
    ],
    "journal:side_effect": [
        form(
            "patient_in_treatment",
            "patient_on_hold",
            kwargs=own_record,
            writes=(care.AdverseEvent, care.ClinicianFlag, TIMELINE),
            sample={"grade": "mild", "description": "A headache."},
        )
    ],
    # The pharmacy ---------------------------------------------------------------------------------
    "pharmacy:start": [
        button(
            "pharmacist",
            kwargs=rosas_prescription,
            page="pharmacy:queue",
            page_kwargs=_none,
            writes=(Fill, NewPrescription, TIMELINE),
        )
    ],
    "pharmacy:verify": [
        button(
            "pharmacist",
            kwargs=_rosas_fill("queued"),
            page="pharmacy:order",
            writes=(Fill, TIMELINE),
        )
    ],
    "pharmacy:fill": [
        form(
            "pharmacist",
            kwargs=_rosas_fill("verified"),
            page="pharmacy:order",
            writes=(Fill, TIMELINE),
            sample={"lot_number": "KX-2611-07", "beyond_use_date": _day(90), "quantity": "24"},
        )
    ],
    "pharmacy:ship": [
        form(
            "pharmacist",
            kwargs=_rosas_fill("filled"),
            page="pharmacy:order",
            writes=(Fill, Shipment, ShipmentEvent, TIMELINE),
            sample={"carrier_name": "UPS", "tracking_number": "1Z999AA10123456784"},
            whole=fill_shipped_whole,
        )
    ],
    "pharmacy:event": [
        form(
            "pharmacist",
            kwargs=_rosas_fill("shipped"),
            page="pharmacy:order",
            writes=(Fill, Shipment, ShipmentEvent, TIMELINE),
            sample={"kind": "delivered", "signed_by": "Rosa Delgado"},
        )
    ],
    "pharmacy:refill_request": [
        form(
            "clinician_fl",
            kwargs=elenas_refill_request,
            recent_auth=True,
            writes=(RefillRequest, TIMELINE),
            sample={"reason": "Too early: you have four troches left."},
        )
    ],
    "pharmacy:approve_refill": [
        button(
            "clinician_fl",
            kwargs=elenas_refill_request,
            recent_auth=True,
            page="pharmacy:refill_request",
            writes=(RefillRequest, Fill, TIMELINE),
        )
    ],
    "pharmacy:ask_for_refill": [
        button(
            "patient_in_treatment",
            "patient_on_hold",
            kwargs=own_prescription,
            page="pharmacy:orders",
            page_kwargs=_none,
            writes=(RefillRequest, TIMELINE),
            # A refused request is kept with its reasons, so the clinician sees it was asked.
            kept_on_refusal=(RefillRequest, TIMELINE),
            refused={"patient_on_hold": "Daniel's refills are on hold"},
        )
    ],
}

# The admin --------------------------------------------------------------------------------------
#
# Each model the admin shows, with what its forms may write; its pages follow from it. A
# model registered in the admin and missing here fails the table test like any new form.


ANYTHING: tuple[Write, ...] = (models.Model,)
"""A deletion, which may cascade to any row that points at the one deleted."""


@dataclass(frozen=True)
class AdminModel:
    writes: tuple[Write, ...]
    """What its add, change and list forms may write (nothing: the admin shows it read-only)."""
    sample: Any = field(default_factory=dict)
    """A valid new row, for the add form."""
    row: Kwargs | None = None
    """Builds the row its change, delete and history pages open (default: the first)."""
    refused: dict[str, str] = field(default_factory=dict)
    """URL name suffix (add, change, delete, changelist) -> why a valid post is refused."""


READ_ONLY = {
    "add": "the admin shows it read-only",
    "change": "the admin shows it read-only",
    "delete": "the admin shows it read-only",
}
NO_ACTION = "a list post with no row ticked does nothing, and says so"


def a_group(world: World, persona: str) -> dict[str, Any]:
    return {"object_id": str(Group.objects.create(name="Reviewers").pk)}


def a_draft_issue(world: World, persona: str) -> dict[str, Any]:
    issue = content.NewsletterIssue.objects.create(
        subject="December news", body="What changed this month.", created_by=world.user("admin")
    )
    return {"object_id": str(issue.pk)}


def a_task_result(world: World, persona: str) -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.order_by("pk").first()
    return {"object_id": str(row.pk) if row else "00000000-0000-0000-0000-000000000000"}


ADMIN_MODELS: dict[type[models.Model], AdminModel] = {
    Group: AdminModel(
        (Group, Group.permissions.through),
        {"name": "Editors"},
        row=a_group,
        refused={"changelist": NO_ACTION},
    ),
    DBTaskResult: AdminModel(
        (),
        row=a_task_result,
        refused={**READ_ONLY, "changelist": NO_ACTION},
    ),
    EmailAddress: AdminModel(
        (EmailAddress,),
        lambda w, p: {"user": str(w.users["patient_nj"]), "email": "j.walsh@example.com"},
        refused={"changelist": NO_ACTION},
    ),
    AuditEvent: AdminModel((), refused={**READ_ONLY, "changelist": NO_ACTION}),
    User: AdminModel(
        (User, RoleGrant),
        {"email": "new.staff@example.com", "full_name": "New Staff", "is_active": "on"},
        refused={"changelist": NO_ACTION},
    ),
    patients.ConsentDocument: AdminModel(
        (patients.ConsentDocument,),
        {"kind": "privacy", "title": "Privacy notice", "body": "We keep your data safe.\n"},
        refused={
            "change": "a published consent is read-only: a change is a new version",
            "delete": "a consent patients may have signed is never deleted",
            "changelist": NO_ACTION,
        },
    ),
    content.Article: AdminModel((), refused={**READ_ONLY, "changelist": NO_ACTION}),
    content.Condition: AdminModel(
        (content.Condition,),
        {
            "slug": "fibromyalgia",
            "name": "Fibromyalgia",
            "short_name": "fibromyalgia",
            "summary": "Widespread pain.",
            "body": "## Fibromyalgia\n\nWidespread pain.\n",
            "order": "9",
        },
        refused={"changelist": NO_ACTION},
    ),
    content.Page: AdminModel(
        (content.Page,),
        {"slug": "press", "title": "Press", "summary": "For journalists.", "body": "Ask us.\n"},
        refused={"changelist": NO_ACTION},
    ),
    content.Citation: AdminModel((content.Citation,), CITATION, refused={"changelist": NO_ACTION}),
    content.Subscriber: AdminModel(
        (),
        row=lambda w, p: {"object_id": str(a_subscriber_row(w))},
        refused={
            "add": "sign-ups come only from their owners",
            "change": "sign-ups are changed only by their owners' links",
            "changelist": NO_ACTION,
        },
    ),
    content.NewsletterDelivery: AdminModel((), refused={**READ_ONLY, "changelist": NO_ACTION}),
    content.NewsletterIssue: AdminModel(
        (content.NewsletterIssue, content.NewsletterDelivery),
        {"subject": "January news", "body": "What changed.", "audience": "newsletter"},
        row=a_draft_issue,
        refused={"changelist": NO_ACTION},
    ),
    Plan: AdminModel(
        (Plan,),
        {
            "name": "Yearly",
            "slug": "yearly",
            "price_cents": "250000",
            "interval": "year",
            "active": "on",
            "order": "2",
        },
        refused={"changelist": NO_ACTION},
    ),
}


def a_subscriber_row(world: World) -> int:
    from content.actions import do_subscribe

    do_subscribe("admin.reader@example.com")
    return content.Subscriber.objects.get(email="admin.reader@example.com").pk


def first_row(model: type[models.Model]) -> Kwargs:
    def build(world: World, persona: str) -> dict[str, Any]:
        row = model._base_manager.order_by("pk").first()
        return {"object_id": str(row.pk) if row is not None else "1"}

    return build


def _admin_entries(model: type[models.Model], known: AdminModel) -> dict[str, list[Entry]]:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    route = f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"
    logged = (*known.writes, LogEntry) if known.writes else ()
    row = known.row or first_row(model)

    def why(page: str) -> dict[str, str]:
        return {"admin": known.refused[page]} if page in known.refused else {}

    return {
        f"{name}_changelist": [form("admin", writes=logged, refused=why("changelist"))],
        f"{name}_add": [form("admin", writes=logged, sample=known.sample, refused=why("add"))],
        f"{name}_change": [form("admin", kwargs=row, writes=logged, refused=why("change"))],
        f"{name}_delete": [button("admin", kwargs=row, writes=ANYTHING, refused=why("delete"))],
        f"{name}_history": [page("admin", kwargs=row)],
        route: [page("admin", kwargs=row)],
    }


def _view_on_site(world: World, persona: str) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType

    page_type = ContentType.objects.get_for_model(content.Page)
    return {"content_type_id": str(page_type.pk), "object_id": "1"}


TABLE.update(
    {
        "admin:index": [page("admin")],
        "admin:login": [
            form(
                VISITOR,
                "admin",
                writes=((User, ("last_login",)),),
                sample={"username": "admin@example.com", "password": "ketaclinic-demo-2026"},
                refused={
                    "admin": "already signed in: the page sends the admin on",
                    VISITOR: "the admin signs in through allauth's page, with a second factor",
                },
            )
        ],
        "admin:logout": [button("admin")],
        "admin:password_change": [
            form(
                "admin",
                writes=((User, ("password",)),),
                sample={
                    "old_password": "ketaclinic-demo-2026",
                    "new_password1": "another-long-phrase-7",
                    "new_password2": "another-long-phrase-7",
                },
            )
        ],
        "admin:password_change_done": [page("admin")],
        "admin:autocomplete": [page("admin")],
        "admin:jsi18n": [page("admin")],
        "admin:view_on_site": [page("admin", kwargs=_view_on_site)],
        "admin:app_list": [page("admin", kwargs=lambda w, p: {"app_label": "content"})],
        "admin/(?P<url>.*)$": [page("admin", kwargs=lambda w, p: {"url": "nothing/"})],
    }
)
for _model, _known in ADMIN_MODELS.items():
    TABLE.update(_admin_entries(_model, _known))
