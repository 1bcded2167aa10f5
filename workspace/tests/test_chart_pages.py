"""The chart leads with a summary and a contents list, and its long sections come in pages
reached by plain links that carry page numbers only."""

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from care import actions
from care.consults import do_book_consult, open_slots
from care.tests.course import quiet_sessions, treated
from care.tests.workspace import candidate
from journal.models import HomeSession
from patients.tests.helpers import offer_time
from patients.timeline import add_timeline_event
from tests.personas import client_for
from workspace.chartpage import HIGHEST_PAGE, SESSIONS, TIMELINE, page_numbers


def chart_url(patient: Any) -> str:
    return reverse("workspace:chart", args=[patient.public_id])


def chart(clinician: Any, patient: Any, query: str = "") -> str:
    response = client_for(clinician).get(chart_url(patient) + query)
    assert response.status_code == 200
    return response.content.decode()


def session_times(page: str) -> list[str]:
    """The start times in the home-sessions table, as the page prints them."""
    table = page[page.index('id="sessions"') : page.index('id="check-ins"')]
    return re.findall(r"<tr>\s*<td>([^<]+)</td>", table)


@pytest.fixture
def long_course(clinician_fl: Any) -> Any:
    patient = treated(clinician_fl)
    quiet_sessions(patient, SESSIONS.size + 1)
    return patient


def test_page_2_of_the_home_sessions_shows_the_older_ones(
    long_course: Any, clinician_fl: Any
) -> None:
    zone = timezone.get_current_timezone()
    newest_first = [
        f"{s.started_at.astimezone(zone):%b %-d, %Y %H:%M}"
        for s in HomeSession.objects.filter(patient=long_course).order_by("-started_at")
    ]
    first = chart(clinician_fl, long_course)
    assert session_times(first) == newest_first[: SESSIONS.size]
    assert 'href="?sessions_page=2#sessions"' in first
    second = chart(clinician_fl, long_course, "?sessions_page=2")
    assert session_times(second) == newest_first[SESSIONS.size :]
    assert 'href="?#sessions"' in second and "sessions_page=3" not in second


def test_the_timeline_pages_newest_first_and_keeps_the_other_sections_pages(
    clinician_fl: Any, db: Any
) -> None:
    patient = candidate()
    for number in range(TIMELINE.size + 5):
        add_timeline_event(patient, "note", summary=f"Step number {number:02d}")
    first = chart(clinician_fl, patient)
    assert "Step number 24" in first and "Step number 05" in first
    assert "Step number 04" not in first
    second = chart(clinician_fl, patient, "?timeline_page=2&sessions_page=3")
    assert "Step number 04" in second and "Step number 05" not in second
    assert 'href="?sessions_page=3#timeline"' in second


def test_a_later_page_reads_no_more_queries_than_the_first(
    long_course: Any, clinician_fl: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(clinician_fl)
    client.get(chart_url(long_course))
    with CaptureQueriesContext(connection) as first:
        assert client.get(chart_url(long_course)).status_code == 200
    with django_assert_max_num_queries(len(first.captured_queries)):
        later = client.get(chart_url(long_course) + "?sessions_page=2&timeline_page=2")
    assert later.status_code == 200


@pytest.mark.parametrize(
    "asked", ["0", "-1", "abc", "2.5", "", "\u0661", str(HIGHEST_PAGE + 1), "9" * 40, "99"]
)
def test_a_bad_or_past_the_end_page_number_shows_the_first_page(
    long_course: Any, clinician_fl: Any, asked: str
) -> None:
    first = chart(clinician_fl, long_course)
    bad = chart(clinician_fl, long_course, f"?sessions_page={asked}&timeline_page={asked}")
    assert session_times(bad) == session_times(first)
    assert "Page 1" in bad


def test_page_numbers_read_only_the_chart_sections() -> None:
    numbers = page_numbers({"sessions_page": "3", "timeline_page": "x", "name": "Rosa"})
    assert numbers["sessions"] == 3 and numbers["timeline"] == 1
    assert "name" not in numbers


def test_the_summary_comes_first_with_the_plan_prescription_readings_and_next_visit(
    clinician_fl: Any, db: Any
) -> None:
    patient = treated(clinician_fl)
    quiet_sessions(patient, 1)
    offer_time(clinician_fl, days_ahead=9, hour=10)
    follow_up = do_book_consult(patient, open_slots(patient)[0].value, by=patient.user)
    actions.do_report_adverse_event(patient, by=patient.user, grade="mild", description="Dizzy.")
    page = chart(clinician_fl, patient)
    summary = page[page.index("data-chart-summary") : page.index('aria-label="Sections')]
    assert "No hold is open." in summary
    assert "1 adverse event to review" in summary
    assert "induction phase, 100 mg" in summary
    assert "data-current-prescription" in summary
    assert "Blood pressure " in summary and "Weight 68.5 kg" in summary
    local = timezone.localtime(follow_up.starts_at)
    assert f"{local:%b %-d, %Y %H:%M}" in summary
    contents = page[page.index('aria-label="Sections') : page.index('id="flags"')]
    for anchor in ["flags", "sessions", "check-ins", "messages", "timeline"]:
        assert f'href="#{anchor}"' in contents
        assert f'id="{anchor}"' in page


def test_an_ended_plan_and_a_past_visit_are_not_in_the_summary(clinician_fl: Any, db: Any) -> None:
    patient = treated(clinician_fl)
    plan = patient.treatment_plans.get()
    actions.do_end_treatment_plan(plan, by=clinician_fl, reason="Pain settled.")
    patient.consults.update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, minutes=-30),
    )
    page = chart(clinician_fl, patient)
    summary = page[page.index("data-chart-summary") : page.index('aria-label="Sections')]
    assert "No plan in force." in summary
    assert "None booked." in summary
