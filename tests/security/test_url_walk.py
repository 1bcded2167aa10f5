"""Every URL in the URL conf, as every identity: a visitor, each patient, each staff role.

The table below says, for each URL, how to fill its address with someone else's real
records (mostly Elena Torres's: Florida, in treatment) and who may open it. Everyone
the table does not name must be turned away (sent to sign in or home, or a 403, 404 or
405) and must not see the record. Those allowed must see it: the page shows the record
it is for, so the walk cannot pass by everything answering 404. A view that changes
state is also POSTed to, with a real CSRF token, by everyone turned away, and nothing
in the database may change.

A URL added to the URL conf without a row here fails the walk: add the row.
"""

import hashlib
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.crypto import get_random_string

from content.models import Article
from patients.forms import ASK_AGAIN_REASONS
from tests.security.world import (
    ANONYMOUS,
    ELENA_MESSAGE,
    IDENTITIES,
    PATIENTS,
    STAFF,
    World,
)

pytestmark = pytest.mark.django_db

SIGNED_IN = (*PATIENTS, *STAFF)
CLINICIANS = ("clinician_fl", "clinician_nj")
EDITORIAL_STAFF = ("clinician_fl", "clinician_nj", "editor", "admin")

Ids = Callable[[World], dict[str, Any]]
Text = Callable[[World], str | bytes]
Data = Callable[[World], dict[str, Any]]


def allow(*identities: str, status: int = 200) -> dict[str, int]:
    """These identities get `status`."""
    return dict.fromkeys(identities, status)


def ids(**names: str) -> Ids:
    """The URL's kwargs, each one of the world's ids by name: ``ids(public_id="elena")``."""
    return lambda world: {kwarg: world.ids[name] for kwarg, name in names.items()}


def no_ids(world: World) -> dict[str, Any]:
    return {}


def empty(world: World) -> dict[str, Any]:
    return {}


def elena_name(world: World) -> str:
    return world.elena.legal_name


@dataclass(frozen=True)
class Route:
    see: Mapping[str, int]
    """Who may open it, and what they get; everyone else is turned away."""
    kwargs: Ids = no_ids
    query: str = ""
    """Added to the address, filled from the world's ids (``month={dispensed_month}``)."""
    shows: Text | None = None
    """What the page is for, from the other patient's record: those who get a 200 see it,
    no one turned away does."""
    post: Data | None = None
    """The view changes state: everyone turned away also POSTs this, and nothing changes."""
    refusals: frozenset[int] = frozenset({403, 404, 405})
    key_in_address: bool = False
    """The address is itself the key, emailed to its owner (a password reset, a newsletter
    confirmation): whoever holds it may open it, so a stranger's name may show."""
    hides: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """What an identity allowed to open the page must not find on it."""
    also_post_as: tuple[str, ...] = ()
    """Allowed identities who POST too (a search), their answers held to the rule that no
    one sees a stranger's record."""


EVERYONE = allow(*IDENTITIES)
PUBLIC = Route(EVERYONE)
POST_ONLY_FOR_EVERYONE = Route(allow(*IDENTITIES, status=405))
OWN_ACCOUNT = Route(allow(*SIGNED_IN))
OWN_RECORD = Route(allow(*PATIENTS))
"""A page of the signed-in patient's own record: every patient, no one else."""


def own_record(post: Data = empty, status: int = 200, kwargs: Ids = no_ids) -> Route:
    return Route(allow(*PATIENTS, status=status), kwargs, post=post)


def elena_public_id(world: World) -> str:
    return str(world.elena.public_id)


def elena_page(*others: str, shows: Text = elena_public_id, **kwargs: str) -> Route:
    """A page of Elena's own journal: Elena, and `others`."""
    return Route(
        allow("patient_in_treatment", *others), ids(public_id="elena", **kwargs), shows=shows
    )


def chart_form(kwargs: Ids | None = None, *, post: Data = empty) -> Route:
    """A form on Elena's chart: the clinician licensed in Florida only."""
    return Route(
        allow("clinician_fl"), kwargs or ids(public_id="elena"), shows=elena_name, post=post
    )


def today(world: World) -> str:
    return world.ids["today"].isoformat()


# The admin: every registered model, its six pages, for the administrator only. A model
# registered later has no row here and fails the walk.
ADMIN_MODELS: dict[str, tuple[str, dict[str, int]]] = {
    # admin URL prefix: (the world's id of one row, what the administrator gets if not 200)
    "auth/group": ("group", {}),
    "django_tasks_database/dbtaskresult": ("task_result", {"add": 403, "delete": 403}),
    "account/emailaddress": ("elena_email_address", {}),
    "audit/auditevent": ("audit_event", {"add": 403, "delete": 403}),
    "accounts/user": ("elena_user", {}),
    "patients/consentdocument": ("consent_document", {"delete": 403}),
    "content/article": ("article", {"add": 403, "delete": 403}),
    "content/condition": ("condition", {}),
    "content/page": ("page", {}),
    "content/citation": ("citation", {}),
    "content/subscriber": ("subscriber", {"add": 403}),
    "content/newsletterdelivery": ("newsletter_delivery", {"add": 403, "delete": 403}),
    "content/newsletterissue": ("newsletter_issue", {"delete": 403}),
    "billing/plan": ("plan", {}),
}
ADMIN_PAGES = ("changelist", "add", "history", "delete", "change")
ADMIN_SHOWS: dict[str, Text] = {
    "accounts/user": lambda world: world.elena.user.email,
    "account/emailaddress": lambda world: world.elena.user.email,
}


def _admin_routes() -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for prefix, (id_name, statuses) in ADMIN_MODELS.items():
        name = prefix.replace("/", "_")
        one = ids(object_id=id_name)
        shows = ADMIN_SHOWS.get(prefix)
        routes[f"admin:{name}_changelist"] = Route(allow("admin"), post=empty)
        routes[f"admin:{name}_add"] = Route(
            allow("admin", status=statuses.get("add", 200)), post=empty
        )
        for page in ("history", "delete", "change"):
            routes[f"admin:{name}_{page}"] = Route(
                allow("admin", status=statuses.get(page, 200)),
                one,
                shows=shows if page == "change" else None,
                post=empty if page != "history" else None,
            )
        routes[f"admin/{prefix}/<path:object_id>/"] = Route(allow("admin", status=302), one)
    return routes


def _view_on_site(world: World) -> dict[str, Any]:
    kind = ContentType.objects.get_for_model(Article)
    return {"content_type_id": kind.pk, "object_id": world.ids["article"]}


ROUTES: dict[str, Route] = {
    # Public pages: the same for everyone.
    "content:home": PUBLIC,
    "content:articles": PUBLIC,
    "content:feed": PUBLIC,
    "content:article": Route(EVERYONE, ids(slug="article_slug")),
    "content:conditions": PUBLIC,
    "content:condition": Route(EVERYONE, ids(slug="condition_slug")),
    "content:pricing": PUBLIC,
    "content:service_area": PUBLIC,
    "content:how_it_works": PUBLIC,
    "content:faq": PUBLIC,
    "content:safety": PUBLIC,
    "content:privacy": PUBLIC,
    "content:terms": PUBLIC,
    "content:subscribe": PUBLIC,
    "content:join_waitlist": POST_ONLY_FOR_EVERYONE,
    "content:check_inbox": PUBLIC,
    # The link in a subscriber's email is the key: whoever holds it may use it.
    "content:confirm_subscription": Route(
        EVERYONE, ids(code="subscriber_code"), key_in_address=True
    ),
    "content:unsubscribe": Route(EVERYONE, ids(token="subscriber_token"), key_in_address=True),
    "content:sitemap": PUBLIC,
    "content:robots_txt": PUBLIC,
    # Editorial screens: editors write, clinicians review, administrators read.
    "content:editorial": Route(allow(*EDITORIAL_STAFF)),
    "content:editorial_article_new": Route(allow("editor"), post=empty),
    "content:editorial_article": Route(allow(*EDITORIAL_STAFF), ids(pk="article")),
    "content:editorial_article_edit": Route(allow("editor"), ids(pk="article"), post=empty),
    "content:editorial_submit": Route(allow("editor", status=405), ids(pk="article"), post=empty),
    "content:editorial_approve": Route(
        allow(*CLINICIANS, status=405), ids(pk="article"), post=empty
    ),
    "content:editorial_request_changes": Route(
        allow(*CLINICIANS, status=405),
        ids(pk="article"),
        post=lambda world: {"note": "Please cite the trial."},
    ),
    "content:editorial_history": Route(allow(*EDITORIAL_STAFF), ids(pk="article")),
    "content:editorial_revision": Route(
        allow(*EDITORIAL_STAFF), ids(pk="article", number="revision")
    ),
    "content:editorial_restore": Route(
        allow("editor", status=405), ids(pk="article", number="revision"), post=empty
    ),
    "content:editorial_citations": Route(allow(*EDITORIAL_STAFF)),
    "content:editorial_citation_new": Route(allow("editor"), post=empty),
    "content:editorial_citation_edit": Route(allow("editor"), ids(pk="citation"), post=empty),
    # Signing in and one's own account (django-allauth): each person's own.
    "accounts:home": Route(allow(*PATIENTS, status=302) | allow(*STAFF)),
    "accounts:session_status": PUBLIC,
    "accounts:session_keepalive": POST_ONLY_FOR_EVERYONE,
    "accounts:language": POST_ONLY_FOR_EVERYONE,
    "account_login": Route(allow(ANONYMOUS) | allow(*SIGNED_IN, status=302)),
    "account_logout": Route(allow(ANONYMOUS, status=302) | allow(*SIGNED_IN)),
    "account_inactive": PUBLIC,
    "account_signup": Route(allow(ANONYMOUS) | allow(*SIGNED_IN, status=302)),
    "account_reauthenticate": OWN_ACCOUNT,
    "account_email": Route(allow(*SIGNED_IN), post=empty),
    "account_email_verification_sent": PUBLIC,
    "account_change_password": Route(allow(*SIGNED_IN), post=empty),
    "account_set_password": Route(allow(*SIGNED_IN, status=302), post=empty),
    "account_reset_password": PUBLIC,
    "account_confirm_login_code": Route(allow(*IDENTITIES, status=302)),
    # The emailed key is the credential: it opens to whoever holds it.
    "account_confirm_email": Route(EVERYONE, ids(key="elena_email_key"), key_in_address=True),
    "account_reset_password_from_key_done": PUBLIC,
    "account_reset_password_from_key": Route(
        EVERYONE, ids(uidb36="elena_reset_uidb36", key="elena_reset_key"), key_in_address=True
    ),
    "account_reset_password_done": PUBLIC,
    "mfa_index": OWN_ACCOUNT,
    "mfa_authenticate": Route(allow(*IDENTITIES, status=302)),
    "mfa_reauthenticate": Route(allow(*PATIENTS, status=302) | allow(*STAFF), post=empty),
    "mfa_activate_totp": Route(allow(*PATIENTS) | allow(*STAFF, status=302), post=empty),
    "mfa_deactivate_totp": Route(allow(*PATIENTS, status=404) | allow(*STAFF), post=empty),
    "mfa_view_recovery_codes": Route(allow(*SIGNED_IN, status=404)),
    "mfa_generate_recovery_codes": Route(allow(*SIGNED_IN), post=empty),
    "mfa_download_recovery_codes": Route(allow(*SIGNED_IN, status=404)),
    "mfa_list_webauthn": OWN_ACCOUNT,
    "mfa_add_webauthn": Route(allow(*SIGNED_IN), post=empty),
    "mfa_reauthenticate_webauthn": Route(allow(*SIGNED_IN, status=302), post=empty),
    # Someone's second factor (the administrator's app, not a key: a 404 even to her):
    # no one else reaches it.
    "mfa_remove_webauthn": Route(allow("admin", status=404), ids(pk="admin_totp"), post=empty),
    "mfa_edit_webauthn": Route(allow("admin", status=404), ids(pk="admin_totp"), post=empty),
    # The patient portal: each patient's own record.
    "workspace:home": OWN_RECORD,
    "patients:join": Route(allow(ANONYMOUS, *STAFF) | allow(*PATIENTS, status=302)),
    "patients:profile": own_record(),
    "patients:monitor": own_record(),
    "patients:monitor_guide": PUBLIC,
    "patients:identity": own_record(),
    "patients:identity_file": Route(
        allow("patient_in_treatment", "coordinator"),
        ids(document_id="elena_document"),
        shows=lambda world: b"\x89PNG",
    ),
    "patients:identity_queue": Route(allow("coordinator")),
    "patients:identity_review": Route(
        allow("coordinator"),
        ids(document_id="elena_document"),
        shows=elena_name,
        post=lambda world: {"decision": "ask_again", "reason": ASK_AGAIN_REASONS[1][0]},
    ),
    "patients:consents": OWN_RECORD,
    "patients:consent_sign": Route(allow(*PATIENTS), ids(kind="consent_kind"), post=empty),
    "patients:messages": Route(allow(*PATIENTS, *CLINICIANS, "coordinator")),
    "patients:message_new": own_record(),
    "patients:thread": Route(
        allow("patient_in_treatment", "clinician_fl", "coordinator"),
        ids(thread_id="elena_thread"),
        shows=lambda world: ELENA_MESSAGE,
        post=lambda world: {"body": "Someone else's words in Elena's conversation."},
    ),
    "patients:thread_triage": Route(
        allow("coordinator", status=405),
        ids(thread_id="elena_thread"),
        post=lambda world: {"topic": "billing", "is_open": "0"},
    ),
    # Who she is and where she stands; her clinical course is for her and her clinician.
    "workspace:record": Route(
        allow("patient_in_treatment", "clinician_fl", "coordinator"),
        ids(public_id="elena"),
        shows=elena_name,
        hides={"coordinator": ("Adverse event", "Home session", "Check-in", "Diagnosis")},
    ),
    # Visits: Maria's booked visit, with Dr Rivera.
    "care:book": Route(
        allow("patient_fl", status=302)  # her visit is booked: to it
        | allow("patient_nj", "patient_in_treatment", "patient_on_hold"),
        post=empty,
    ),
    "care:consult": Route(
        allow("patient_fl", "clinician_fl", "coordinator"),
        ids(consult_id="maria_consult"),
        shows=lambda world: world.users["clinician_fl"].display_name,
    ),
    "care:reschedule": Route(
        allow("patient_fl", "clinician_fl", "coordinator"),
        ids(consult_id="maria_consult"),
        post=empty,
    ),
    "care:cancel": Route(
        allow("patient_fl", "clinician_fl", "coordinator"),
        ids(consult_id="maria_consult"),
        post=empty,
    ),
    # Outside the visit's window its two participants are told when the room opens.
    "care:join": Route(
        allow("patient_fl", "clinician_fl", status=403), ids(consult_id="maria_consult")
    ),
    "care:availability": Route(allow(*CLINICIANS), post=empty),
    "care:withdraw_availability": Route(
        allow("clinician_fl", status=405), ids(block_id="availability_fl"), post=empty
    ),
    "care:schedule": Route(allow(*CLINICIANS, "coordinator")),
    "care:choose_zone": Route(
        allow(*CLINICIANS, "coordinator", status=405),
        post=lambda world: {"time_zone": "America/Chicago"},
    ),
    # The clinician's workspace: Elena's chart, for the clinician licensed in Florida.
    "workspace:queue": Route(allow(*CLINICIANS)),
    "workspace:chart": chart_form(),
    "care:budapest": chart_form(),
    "care:severity": chart_form(),
    "care:diagnosis": chart_form(post=lambda world: {"code": "G90.512"}),
    "care:decision": chart_form(),
    "care:plan": chart_form(),
    "care:pdmp": chart_form(),
    "care:prescribe": chart_form(),
    "care:new_adverse_event": chart_form(
        post=lambda world: {"grade": "mild", "description": "Told us by phone: a headache."}
    ),
    "care:note": chart_form(ids(consult_id="elena_consult")),
    "care:cancel_prescription": chart_form(
        ids(prescription_id="elena_prescription"),
        post=lambda world: {"reason": "Cancelled by someone else."},
    ),
    "care:review_adverse_event": chart_form(
        ids(event_id="elena_adverse_event"), post=lambda world: {"confirm": "on"}
    ),
    "care:clear_hold": Route(
        allow("clinician_fl"),
        ids(public_id="daniel", hold="daniel_hold"),
        shows=lambda world: world.daniel.legal_name,
        post=lambda world: {"note": "Spoke with him; doses may go on."},
    ),
    "care:weight": chart_form(post=lambda world: {"kg": "70.5", "measured_on": today(world)}),
    "care:end_plan": chart_form(
        ids(plan_id="elena_plan"), post=lambda world: {"reason": "Ended by someone else."}
    ),
    "care:plan_review": chart_form(
        ids(plan_id="elena_plan"),
        post=lambda world: {
            "objectives_progress": "Pain down by half.",
            "drug_screening": "Not needed now.",
            "continue_treatment": "on",
        },
    ),
    "care:suicide_risk": chart_form(),
    "care:acknowledge_flag": Route(
        allow("clinician_fl", status=405), ids(flag_id="daniel_flag"), post=empty
    ),
    "workspace:practice": Route(allow(*CLINICIANS, "admin")),
    "care:in_person": chart_form(
        post=lambda world: {"evaluated_on": today(world), "confirmed": "on"}
    ),
    # Dr Okafor (New Jersey) searching for Elena must find no one.
    "workspace:search": Route(
        allow(*CLINICIANS), post=lambda world: {"term": "Elena"}, also_post_as=CLINICIANS
    ),
    "credentials:profile": Route(allow(*CLINICIANS)),
    "credentials:credentials": Route(allow("admin")),
    "credentials:add_licence": Route(
        allow("admin"),
        ids(clinician_id="clinician_fl"),
        post=lambda world: {"state": "NJ", "number": "NJME999", "expires_on": "2030-01-31"},
    ),
    "credentials:add_dea_registration": Route(
        allow("admin"), ids(clinician_id="clinician_fl"), post=empty
    ),
    "credentials:renew_licence": Route(
        allow("admin"),
        ids(licence_id="licence_fl"),
        post=lambda world: {"expires_on": "2031-01-31"},
    ),
    "credentials:renew_dea_registration": Route(
        allow("admin"),
        ids(registration_id="dea_fl"),
        post=lambda world: {"expires_on": "2031-01-31"},
    ),
    # Billing: each patient's own plan; a coordinator answering a question about Elena's.
    "billing:plan": OWN_RECORD,
    "billing:start": own_record(status=405, kwargs=ids(slug="plan_slug")),
    "billing:welcome": OWN_RECORD,
    "billing:cancel": own_record(),
    "billing:pause": own_record(status=405),
    "billing:resume": own_record(status=405),
    "billing:payment_details": own_record(status=405),
    "billing:patient_billing": Route(
        allow("coordinator"), ids(public_id="elena"), shows=elena_name
    ),
    # Outside systems: only a request signed with the shared secret is heard, so everyone
    # here is turned away (a 405 to a GET, a 400, 403 or 404 to an unsigned POST).
    "payments:webhook": Route(
        {},
        lambda world: {"provider": "local"},
        post=lambda world: {"type": "invoice.paid"},
        refusals=frozenset({400, 403, 404, 405}),
    ),
    "payments:local_checkout": Route(
        allow("patient_in_treatment"),
        ids(token="elena_checkout_token"),
        post=lambda world: {"card_number": "4242 4242 4242 4242"},
    ),
    "payments:local_payment_details": Route(
        allow("patient_in_treatment"),
        ids(token="elena_payment_token"),
        post=lambda world: {"card_number": "4242 4242 4242 4242"},
    ),
    "carrier:webhook": Route(
        {},
        post=lambda world: {"tracking_number": "1Z"},
        refusals=frozenset({400, 403, 404, 405}),
    ),
    # The whole log: the seeded world's clinical steps, each with its clinician's address.
    "accounts:audit_export": Route(
        allow("admin"), shows=lambda world: world.users["clinician_fl"].email
    ),
    # The assessment: each visitor's own answers, in their own session.
    "assessment:start": PUBLIC,
    "assessment:result": Route(allow(*IDENTITIES, status=302)),
    "assessment:restart": POST_ONLY_FOR_EVERYONE,
    "assessment:fhir_questionnaire": PUBLIC,
    "assessment:staff_list": Route(allow(*CLINICIANS)),
    "assessment:staff_detail": Route(
        allow("clinician_fl"),
        ids(public_id="elena_assessment"),
        shows=lambda world: world.elena.date_of_birth.isoformat(),  # type: ignore[union-attr]
    ),
    "assessment:section": Route(EVERYONE, lambda world: {"section_id": "location"}),
    # Elena's journal: hers alone; her progress and summary for her Florida clinician too.
    "journal:home": Route(allow(*PATIENTS, status=302)),
    "journal:overview": elena_page(),
    "journal:safety": elena_page(),
    "journal:during": elena_page(
        session_id="elena_open_session", shows=lambda world: "Today you are taking"
    ),
    "journal:after": elena_page(session_id="elena_finished_session"),
    "journal:exercise": elena_page(log_id="elena_exercise"),
    "journal:check_in": elena_page(instrument="peg_instrument"),
    "journal:check_in_done": elena_page(check_in_id="elena_check_in"),
    "journal:side_effect": Route(
        allow("patient_in_treatment"),
        ids(public_id="elena"),
        query="reported={elena_adverse_event}",
        shows=lambda world: "Thank you for telling us",
    ),
    "journal:progress": elena_page("clinician_fl", shows=lambda world: "lower than at the start"),
    "journal:summary": elena_page("clinician_fl", shows=elena_name),
    "journal:download": elena_page(shows=lambda world: "home session"),
    # Record exports: Elena's own copy, to Elena; an administrator's export, to that
    # administrator (after "confirm it's you").
    "records:format": PUBLIC,
    "records:my_record": own_record(),
    "records:my_record_file": Route(
        allow("patient_in_treatment"),
        ids(export_id="elena_own_export", file="readable_file"),
        shows=lambda world: "Health record of",
    ),
    "records:exports": Route(allow("admin"), post=empty),
    "records:export_file": Route(
        # The zip's own list of its files, the format document among them ("PK", its
        # first bytes, can turn up in any page's random nonce).
        allow("admin"),
        ids(export_id="elena_admin_export"),
        shows=lambda world: b"ehi-export.md",
    ),
    # The pharmacy: Elena's fill, for the pharmacist.
    "pharmacy:queue": Route(allow("pharmacist")),
    "pharmacy:start": Route(
        allow("pharmacist", status=405), ids(prescription_id="elena_prescription"), post=empty
    ),
    "pharmacy:order": Route(allow("pharmacist"), ids(fill_id="elena_fill"), shows=elena_name),
    "pharmacy:verify": Route(
        allow("pharmacist", status=405), ids(fill_id="elena_fill"), post=empty
    ),
    "pharmacy:fill": Route(
        allow("pharmacist", status=405),
        ids(fill_id="elena_fill"),
        post=lambda world: {
            "lot_number": "KX-OTHER",
            "beyond_use_date": "2031-01-31",
            "quantity": "24",
        },
    ),
    "pharmacy:ship": Route(
        allow("pharmacist", status=405),
        ids(fill_id="elena_fill"),
        post=lambda world: {"carrier_name": "UPS", "tracking_number": "1Z999OTHER"},
    ),
    "pharmacy:event": Route(
        allow("pharmacist", status=405),
        ids(fill_id="elena_fill"),
        post=lambda world: {"kind": "returned", "detail": "Returned by someone else."},
    ),
    "pharmacy:label": Route(allow("pharmacist"), ids(fill_id="elena_fill"), shows=elena_name),
    # The controlled-substance dispensing record, as CSV for the month of Elena's fill.
    "pharmacy:dispensing": Route(
        allow("pharmacist", "admin"), query="month={dispensed_month}", shows=elena_name
    ),
    "pharmacy:patient_dispensing": Route(
        allow("pharmacist", "admin"),
        ids(patient_id="elena"),
        query="month={dispensed_month}",
        shows=elena_name,
    ),
    "pharmacy:refills": Route(allow(*CLINICIANS)),
    "pharmacy:refill_request": Route(
        allow("clinician_fl"),
        ids(request_id="elena_refill_request"),
        shows=elena_name,
        post=lambda world: {"reason": "Declined by someone else."},
    ),
    "pharmacy:approve_refill": Route(
        allow("clinician_fl", status=405), ids(request_id="elena_refill_request"), post=empty
    ),
    "pharmacy:orders": OWN_RECORD,
    "pharmacy:ask_for_refill": Route(
        allow("patient_in_treatment", status=405),
        ids(prescription_id="elena_prescription"),
        post=empty,
    ),
    # The Django admin: the administrator alone.
    "admin:index": Route(allow("admin")),
    "admin:login": Route(allow("admin", status=302)),
    "admin:logout": Route(allow(ANONYMOUS, *SIGNED_IN, status=302) | allow("admin", status=405)),
    "admin:password_change": Route(allow("admin"), post=empty),
    "admin:password_change_done": Route(allow("admin")),
    "admin:autocomplete": Route(allow("admin", status=403)),
    "admin:jsi18n": Route(allow("admin")),
    "admin:view_on_site": Route(allow("admin", status=302), _view_on_site),
    "admin:app_list": Route(allow("admin"), lambda world: {"app_label": "audit"}),
    "admin/(?P<url>.*)$": Route(allow("admin", status=404), lambda world: {"url": "nothing/"}),
    **_admin_routes(),
}


# Walking the URL conf -------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str
    """The URL's name with its namespace, or its route where it has no name."""
    route: str
    name: str | None
    converters: Mapping[str, str] = field(default_factory=dict)
    """Each kwarg's converter ("uuid", "int", "slug", ...); regex kwargs are "string"."""


def url_patterns(
    resolver: URLResolver | None = None,
    prefix: str = "",
    space: str = "",
    outer: Mapping[str, str] | None = None,
) -> list[Pattern]:
    """Every pattern in the URL conf, however deeply included."""
    found: list[Pattern] = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        converters = {
            **(outer or {}),
            **{
                kwarg: type(converter).__name__.removesuffix("Converter").lower()
                for kwarg, converter in getattr(entry.pattern, "converters", {}).items()
            },
        }
        if isinstance(entry, URLResolver):
            inner = (
                f"{space}:{entry.namespace}"
                if space and entry.namespace
                else (entry.namespace or space)
            )
            found += url_patterns(entry, route, inner or "", converters)
        elif isinstance(entry, URLPattern):
            name = f"{space}:{entry.name}" if space and entry.name else entry.name
            found.append(Pattern(name or route, route, name, converters))
    return found


def address(pattern: Pattern, kwargs: dict[str, Any]) -> str:
    if pattern.name is not None:
        return reverse(pattern.name, kwargs=kwargs)
    # The admin's unnamed patterns: a redirect to a row's change page, and the catch-all.
    path = pattern.route
    for kwarg, value in kwargs.items():
        path = path.replace(f"<path:{kwarg}>", str(value)).replace(f"(?P<{kwarg}>.*)$", str(value))
    assert "<" not in path and "(" not in path, f"fill {pattern.route} by hand"
    return "/" + path


# Judging an answer ---------------------------------------------------------------------

TURNED_AWAY_TO = ("/accounts/login/", "/admin/login/", "/accounts/home/", "/patients/join/")
"""Where someone is sent who may not open a page: to sign in, or to their own home."""


def body(response: HttpResponse) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content


def contains(content: bytes, text: str | bytes) -> bool:
    return (text if isinstance(text, bytes) else text.encode()) in content


def turned_away(response: HttpResponse, route: Route) -> bool:
    if response.status_code in route.refusals:
        return True
    return response.status_code == 302 and response["Location"].startswith(TURNED_AWAY_TO)


def csrf_refused(response: HttpResponse) -> bool:
    return response.status_code == 403 and b"CSRF" in response.content


def judge(
    world: World, key: str, route: Route, identity: str, method: str, response: HttpResponse
) -> list[str]:
    where = f"{method} {key} as {identity}"
    content = body(response)
    if not route.key_in_address:
        for stranger, marks in world.strangers_to(identity).items():
            seen = [mark for mark in marks if contains(content, mark)]
            if seen:
                return [f"LEAK {where}: shows {stranger}'s record ({', '.join(seen)})"]
        secrets = [secret for secret in world.secrets_from(identity) if contains(content, secret)]
        secrets += [hidden for hidden in route.hides.get(identity, ()) if contains(content, hidden)]
        if secrets:
            return [f"LEAK {where}: shows {', '.join(map(repr, secrets))}"]
    shown = route.shows(world) if route.shows else None
    if identity in route.also_post_as and method == "POST":
        return []
    if identity in route.see and method == "GET":
        expected = route.see[identity]
        if response.status_code != expected:
            return [f"{where}: expected {expected}, got {response.status_code}"]
        if expected == 200 and shown is not None and not contains(content, shown):
            return [f"{where}: the page does not show what it is for ({shown!r})"]
        return []
    if csrf_refused(response):
        return [f"{where}: CSRF refused the walk's POST, so it proves nothing"]
    if not turned_away(response, route):
        went = f" to {response['Location']}" if response.status_code in (301, 302) else ""
        return [f"LEAK {where}: got {response.status_code}{went}, should be turned away"]
    if shown is not None and contains(content, shown):
        return [f"LEAK {where}: turned away, but the answer shows {shown!r}"]
    return []


# What a refused POST must leave alone -----------------------------------------------------

UNWATCHED = {"audit.auditevent", "sessions.session"}
"""Written by a refusal on purpose (the audit log) or by signing in (sessions)."""
UNWATCHED_FIELDS = {"last_login"}


def database_fingerprint() -> dict[str, str]:
    """A digest of every row of every table, but the audit log and the sessions."""
    digests = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in UNWATCHED or model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if field.attname not in UNWATCHED_FIELDS
        ]
        rows = model._base_manager.order_by("pk").values_list(*fields)
        digests[label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return digests


def csrf_client(world: World, identity: str) -> Client:
    """A client that passes Django's CSRF check honestly: the token cookie and the same
    token in the header, as a page's form would send."""
    client = world.client(identity)
    client.handler.enforce_csrf_checks = True
    token = client.cookies.get(settings.CSRF_COOKIE_NAME)
    if token is None:
        client.cookies[settings.CSRF_COOKIE_NAME] = get_random_string(
            CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS
        )
    return client


def post_as(world: World, identity: str, url: str, data: dict[str, Any]) -> Any:
    client = csrf_client(world, identity)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(url, data, headers={"X-CSRFToken": token})
    if identity != ANONYMOUS and "_auth_user_id" not in client.session:
        del world.clients[identity]  # signed out by the POST: sign in afresh next time
    return response


# The walk ----------------------------------------------------------------------------------

SUMMARY: dict[str, int] = {}


def test_every_url_pattern_has_a_row_in_the_table() -> None:
    """A new URL cannot slip past the walk: without a row it fails here, and in the walk."""
    missing = [pattern.key for pattern in url_patterns() if pattern.key not in ROUTES]
    assert not missing, "Add a row to ROUTES in tests/security/test_url_walk.py for: " + ", ".join(
        missing
    )


def test_the_table_has_no_row_for_a_url_that_is_gone() -> None:
    keys = {pattern.key for pattern in url_patterns()}
    assert set(ROUTES) <= keys, f"No such URL pattern: {sorted(set(ROUTES) - keys)}"


def test_no_one_sees_or_changes_what_is_not_theirs(world: World) -> None:
    """Every URL pattern, as every identity: the allowed see the record, everyone else is
    turned away and, posting, changes nothing. Every failure is listed at once."""
    failures: list[str] = []
    patterns = url_patterns()
    gets = posts = 0
    for pattern in patterns:
        route = ROUTES.get(pattern.key)
        if route is None:
            failures.append(f"{pattern.key} ({pattern.route}) has no row: add it to ROUTES")
            continue
        url = address(pattern, route.kwargs(world))
        if route.query:
            url += "?" + route.query.format(**world.ids)
        for identity in IDENTITIES:
            gets += 1
            failures += _fetch(world, pattern.key, route, identity, "GET", url, None)
        turned = [identity for identity in IDENTITIES if identity not in route.see]
        for identity in route.also_post_as:
            posts += 1
            data = route.post(world) if route.post else {}
            failures += _fetch(world, pattern.key, route, identity, "POST", url, data)
        if route.post is None or not turned:
            continue
        data = route.post(world)
        for identity in turned:  # sign in before the fingerprint: signing in writes rows
            csrf_client(world, identity)
        before = database_fingerprint()
        for identity in turned:
            posts += 1
            failures += _fetch(world, pattern.key, route, identity, "POST", url, data)
        changed = [
            label for label, digest in database_fingerprint().items() if before[label] != digest
        ]
        if changed:
            failures.append(
                f"LEAK POST {pattern.key} by {', '.join(turned)} changed {', '.join(changed)}"
            )
    SUMMARY.update(patterns=len(patterns), identities=len(IDENTITIES), gets=gets, posts=posts)
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


def _fetch(
    world: World,
    key: str,
    route: Route,
    identity: str,
    method: str,
    url: str,
    data: dict[str, Any] | None,
) -> list[str]:
    response: Any
    try:
        if method == "GET":
            response = world.client(identity).get(url)
        else:
            response = post_as(world, identity, url, data or {})
    except Exception as error:  # a 500: the walk goes on and reports it with the rest
        world.clients.pop(identity, None)
        return [f"ERROR {method} {key} as {identity}: {type(error).__name__}: {error}"]
    return judge(world, key, route, identity, method, response)


NOTHING: dict[str, Callable[[], Any]] = {
    "uuid": uuid.uuid4,
    "int": lambda: 2_000_000_000,
    "path": lambda: "2000000000",
    "slug": lambda: "no-such-thing",
    "string": lambda: "no-such-thing",
}
"""A value of each kind of URL kwarg that names nothing in the world."""
ONLY_REAL_VALUES = {"app_label", "uidb36"}
"""Kwargs whose pattern admits only real values (the admin's app labels) or letters and
digits (allauth's user id in a reset link, whose key names nothing anyway)."""


def test_an_address_that_names_nothing_is_never_a_500(world: World) -> None:
    """Every pattern with kwargs, each filled with an id that names nothing, as everyone
    the table lets open it: a 404 (or a page that says so), never a server error."""
    failures: list[str] = []
    asked = 0
    for pattern in url_patterns():
        route = ROUTES.get(pattern.key)
        kwargs = route.kwargs(world) if route else {}
        if route is None or not kwargs:
            continue
        nothing = {
            kwarg: NOTHING[pattern.converters.get(kwarg, "string")]()
            for kwarg in kwargs
            if kwarg not in ONLY_REAL_VALUES
        }
        url = address(pattern, {**kwargs, **nothing})
        for identity in route.see:
            asked += 1
            try:
                status = world.client(identity).get(url).status_code
            except Exception as error:
                world.clients.pop(identity, None)
                failures.append(f"ERROR {pattern.key} as {identity}: {type(error).__name__}")
                continue
            if status >= 500:
                failures.append(f"{pattern.key} as {identity}: {status}")
    SUMMARY["nothing"] = asked
    assert asked > 100, "too few addresses naming nothing were asked for"
    assert not failures, "\n".join(failures)
