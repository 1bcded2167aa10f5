"""Every page that shows or changes health data is kept out of every cache and leaves an
audit event; every other URL says, in a list of its own, that it carries none.

A URL in neither list fails: decide which it is and add it. The addresses come from the
walk's table (test_url_walk.ROUTES), so each page opens on the same real records.
"""

import logging
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Max
from django.http import HttpResponse

from assessment.tests.answering import ELIGIBLE_FL_CRPS, complete, post_section
from audit.models import AuditEvent
from questionnaires.assessment import QUESTIONNAIRE
from tests.security.test_url_walk import (
    ADMIN_MODELS,
    ADMIN_PAGES,
    ROUTES,
    Pattern,
    address,
    body,
    post_as,
    url_patterns,
)
from tests.security.world import ANONYMOUS, ELENA_MESSAGE, ELENA_SIDE_EFFECT, VISIT_NOTE, World

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Fetch:
    who: str
    """Someone allowed to see it (the walk's table says so)."""
    method: str = "GET"
    data: dict[str, Any] | None = None
    status: int | None = None
    """What it answers, where not what the walk's table says (the walk has no assessment)."""


ELENA = "patient_in_treatment"

HEALTH_DATA: dict[str, Fetch] = {
    # The patient's own record.
    "workspace:home": Fetch(ELENA),
    "patients:profile": Fetch(ELENA),
    "patients:monitor": Fetch(ELENA),
    "patients:identity": Fetch(ELENA),
    "patients:identity_file": Fetch("coordinator"),
    "patients:identity_queue": Fetch("coordinator"),
    "patients:identity_review": Fetch("coordinator"),
    "patients:consents": Fetch(ELENA),
    "patients:consent_sign": Fetch(ELENA),
    "patients:messages": Fetch("clinician_fl"),
    "patients:message_new": Fetch(ELENA),
    "patients:thread": Fetch("clinician_fl"),
    "patients:thread_triage": Fetch(
        "coordinator", "POST", data={"topic": "clinical", "is_open": "1"}
    ),
    "workspace:record": Fetch("coordinator"),
    # Visits.
    "care:book": Fetch("patient_on_hold"),
    "care:consult": Fetch("coordinator"),
    "care:reschedule": Fetch("patient_fl"),
    "care:cancel": Fetch("clinician_fl"),
    "care:join": Fetch("clinician_fl"),
    "care:availability": Fetch("clinician_fl"),
    "care:schedule": Fetch("coordinator"),
    # The clinician's workspace.
    "workspace:queue": Fetch("clinician_fl"),
    "workspace:chart": Fetch("clinician_fl"),
    "care:budapest": Fetch("clinician_fl"),
    "care:severity": Fetch("clinician_fl"),
    "care:diagnosis": Fetch("clinician_fl"),
    "care:decision": Fetch("clinician_fl"),
    "care:plan": Fetch("clinician_fl"),
    "care:pdmp": Fetch("clinician_fl"),
    "care:prescribe": Fetch("clinician_fl"),
    "care:new_adverse_event": Fetch("clinician_fl"),
    "care:note": Fetch("clinician_fl"),
    "care:cancel_prescription": Fetch("clinician_fl"),
    "care:review_adverse_event": Fetch("clinician_fl"),
    "care:clear_hold": Fetch("clinician_fl"),
    "care:weight": Fetch("clinician_fl"),
    "care:end_plan": Fetch("clinician_fl"),
    "care:plan_review": Fetch("clinician_fl"),
    "care:suicide_risk": Fetch("clinician_fl"),
    "care:acknowledge_flag": Fetch("clinician_fl", "POST"),
    "workspace:practice": Fetch("admin"),
    "care:in_person": Fetch("clinician_fl"),
    "workspace:search": Fetch("clinician_fl", "POST", data={"term": "Torres"}),
    # Billing.
    "billing:plan": Fetch(ELENA),
    "billing:start": Fetch("patient_nj", "POST"),
    "billing:welcome": Fetch(ELENA),
    "billing:cancel": Fetch(ELENA),
    "billing:pause": Fetch(ELENA, "POST"),
    "billing:resume": Fetch("patient_fl", "POST"),
    "billing:payment_details": Fetch(ELENA, "POST"),
    "billing:patient_billing": Fetch("coordinator"),
    # The audit log names every patient.
    "accounts:audit_export": Fetch("admin"),
    # The assessment: a visitor's answers and outcome, and the clinicians' view of them.
    "assessment:section": Fetch(ANONYMOUS),
    "assessment:result": Fetch(ANONYMOUS, status=200),
    "assessment:staff_list": Fetch("clinician_fl"),
    "assessment:staff_detail": Fetch("clinician_fl"),
    "patients:join": Fetch(ANONYMOUS),
    # The journal.
    "journal:home": Fetch(ELENA),
    "journal:overview": Fetch(ELENA),
    "journal:safety": Fetch(ELENA),
    "journal:during": Fetch(ELENA),
    "journal:after": Fetch(ELENA),
    "journal:exercise": Fetch(ELENA),
    "journal:check_in": Fetch(ELENA),
    "journal:check_in_done": Fetch(ELENA),
    "journal:side_effect": Fetch(ELENA),
    "journal:progress": Fetch("clinician_fl"),
    "journal:summary": Fetch("clinician_fl"),
    "journal:download": Fetch(ELENA),
    # Record exports.
    "records:my_record": Fetch(ELENA),
    "records:my_record_file": Fetch(ELENA),
    "records:exports": Fetch("admin"),
    "records:export_file": Fetch("admin"),
    # The pharmacy.
    "pharmacy:queue": Fetch("pharmacist"),
    "pharmacy:start": Fetch("pharmacist", "POST"),
    "pharmacy:order": Fetch("pharmacist"),
    "pharmacy:verify": Fetch("pharmacist", "POST"),
    "pharmacy:fill": Fetch("pharmacist", "POST", data={"lot_number": ""}),
    "pharmacy:ship": Fetch("pharmacist", "POST", data={"tracking_number": ""}),
    "pharmacy:event": Fetch("pharmacist", "POST", data={"kind": "delivered"}),
    "pharmacy:label": Fetch("pharmacist"),
    "pharmacy:dispensing": Fetch("admin"),
    "pharmacy:patient_dispensing": Fetch("pharmacist"),
    "pharmacy:refills": Fetch("clinician_fl"),
    "pharmacy:refill_request": Fetch("clinician_fl"),
    "pharmacy:approve_refill": Fetch("clinician_fl", "POST"),
    "pharmacy:orders": Fetch(ELENA),
    "pharmacy:ask_for_refill": Fetch(ELENA, "POST"),
    # The admin: accounts, the audit log, the task queue. Every page is the administrator's.
    "admin:index": Fetch("admin"),
    "admin:app_list": Fetch("admin"),
    "admin:view_on_site": Fetch("admin"),
    **{
        key: Fetch("admin")
        for prefix in ADMIN_MODELS
        for key in (
            *(f"admin:{prefix.replace('/', '_')}_{page}" for page in ADMIN_PAGES),
            f"admin/{prefix}/<path:object_id>/",
        )
    },
}

NO_HEALTH_DATA: dict[str, str] = {
    # Public pages and the newsletter.
    **{
        key: "public content"
        for key in ROUTES
        if key.startswith("content:") and not key.startswith("content:editorial")
    },
    **{key: "articles and references, written by staff" for key in ROUTES if "editorial" in key},
    "patients:monitor_guide": "the guide for treatment monitors, the same for everyone",
    "records:format": "how a record export is laid out, the same for everyone",
    # Signing in, and one's own account and second factors.
    "accounts:home": "the staff member's list of work areas",
    "accounts:session_status": "seconds left before idle sign-out",
    "accounts:session_keepalive": "keeps the session alive",
    "accounts:language": "switches the language pages speak",
    **{key: "signing in and one's own account" for key in ROUTES if key.startswith("account_")},
    **{key: "one's own second factors" for key in ROUTES if key.startswith("mfa_")},
    "admin:login": "signing in to the admin",
    "admin:logout": "signing out",
    "admin:password_change": "the administrator's own password",
    "admin:password_change_done": "the administrator's own password",
    "admin:jsi18n": "the admin's translations",
    "admin:autocomplete": "answers only with a model and field named in the query",
    "admin/(?P<url>.*)$": "the admin's not-found page",
    # Clinicians' own time and credentials.
    "care:withdraw_availability": "a clinician's free time",
    "care:choose_zone": "the time zone a staff member reads times in",
    "credentials:profile": "a clinician's own licences",
    "credentials:credentials": "clinicians' licences and registrations",
    "credentials:add_licence": "clinicians' licences and registrations",
    "credentials:add_dea_registration": "clinicians' licences and registrations",
    "credentials:renew_licence": "clinicians' licences and registrations",
    "credentials:renew_dea_registration": "clinicians' licences and registrations",
    # The assessment's questions, before anyone answers them.
    "assessment:start": "the assessment's introduction",
    "assessment:restart": "forgets the visitor's draft and starts again",
    "assessment:fhir_questionnaire": "the questions as a FHIR Questionnaire, no answers",
    # Machines and the local stand-in for the payment provider's own pages.
    "payments:webhook": "answers the provider with no health data; billing.webhooks audits",
    "carrier:webhook": "answers the carrier with no health data; pharmacy.actions audits",
    "payments:local_checkout": "the local stand-in for the provider's card page: plan and price",
    "payments:local_payment_details": "the local stand-in for the provider's card page",
}


SUMMARY: dict[str, int] = {}


def test_every_url_pattern_is_in_one_list_or_the_other() -> None:
    both = set(HEALTH_DATA) & set(NO_HEALTH_DATA)
    assert not both, f"In both lists: {sorted(both)}"
    unlisted = [
        pattern.key
        for pattern in url_patterns()
        if pattern.key not in HEALTH_DATA and pattern.key not in NO_HEALTH_DATA
    ]
    SUMMARY.update(health=len(HEALTH_DATA), none=len(NO_HEALTH_DATA))
    assert not unlisted, (
        "Add each to HEALTH_DATA or NO_HEALTH_DATA in tests/security/test_health_data_views.py: "
        + ", ".join(unlisted)
    )


def test_each_health_data_view_opens_to_someone_the_walk_allows() -> None:
    for key, fetch in HEALTH_DATA.items():
        assert fetch.who in ROUTES[key].see, f"{key}: the walk does not let {fetch.who} open it"


def _visitor_answers_the_first_section(world: World) -> None:
    first = QUESTIONNAIRE.sections[0]
    response = post_section(world.client(ANONYMOUS), first.id, ELIGIBLE_FL_CRPS)
    assert response.status_code == 302, response.content.decode()[:500]


def _fetch(world: World, pattern: Pattern, fetch: Fetch) -> Any:
    route = ROUTES[pattern.key]
    url = address(pattern, route.kwargs(world))
    if route.query:
        url += "?" + route.query.format(**world.ids)
    if fetch.method == "POST":
        return post_as(world, fetch.who, url, fetch.data or {})
    return world.client(fetch.who).get(url)


def test_every_health_data_view_is_no_store_and_audited(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Fetched by someone allowed to see it, each page tells every cache not to keep it and
    writes at least one audit event in that person's name. Every failure is listed at once."""
    _visitor_answers_the_first_section(world)
    by_key = {pattern.key: pattern for pattern in url_patterns()}
    failures: list[str] = []
    order = sorted(HEALTH_DATA, key=lambda key: HEALTH_DATA[key].method == "POST")
    caplog.set_level(logging.INFO)
    for key in order:
        fetch = HEALTH_DATA[key]
        if key == "assessment:result":
            complete(world.client(ANONYMOUS), ELIGIBLE_FL_CRPS)
        actor = world.users.get(fetch.who)
        last = AuditEvent.objects.aggregate(last=Max("seq"))["last"] or 0
        response = _fetch(world, by_key[key], fetch)
        where = f"{fetch.method} {key} as {fetch.who}"
        if response.status_code >= 500:
            failures.append(f"{where}: {response.status_code}")
            continue
        expected = fetch.status or ROUTES[key].see[fetch.who]
        if fetch.method == "GET" and response.status_code != expected:
            failures.append(f"{where}: expected {expected}, got {response.status_code}")
        if "no-store" not in response.get("Cache-Control", ""):
            failures.append(f"{where}: Cache-Control is {response.get('Cache-Control')!r}")
        written = AuditEvent.objects.filter(seq__gt=last, actor=actor)
        if not written.exists():
            failures.append(f"{where}: no audit event")
        _no_health_data_outside_the_page(world, where, response, failures)
        body(response)  # a streamed answer is read to its end, as a browser would
    for record in caplog.records:
        for secret in _secrets(world):
            if secret in record.getMessage():
                failures.append(f"a log line holds health data: {record.getMessage()[:200]}")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


def _secrets(world: World) -> list[str]:
    return [ELENA_MESSAGE, ELENA_SIDE_EFFECT, VISIT_NOTE, world.elena.legal_name]


def _no_health_data_outside_the_page(
    world: World, where: str, response: HttpResponse, failures: list[str]
) -> None:
    """Where a page sends the browser next is an address, and addresses carry ids only."""
    location = response.get("Location", "")
    for secret in _secrets(world):
        if secret.replace(" ", "+") in location or secret.replace(" ", "%20") in location:
            failures.append(f"{where}: health data in the address it sends to: {location}")


def test_no_email_the_practice_sent_carries_health_data(world: World) -> None:
    """Building the world sent every notice a patient's course sends (a message, a flag for
    her clinician, a shipment): none holds what was written or reported."""
    to_elena = [m.subject for m in world.mail if world.elena.user.email in m.to]
    assert "You have a new message" in to_elena, "no notice of her conversation went out"
    for message in world.mail:
        text = f"{message.subject}\n{message.body}"
        for secret in _secrets(world):
            assert secret not in text, f"{message.subject!r} holds {secret!r}"
