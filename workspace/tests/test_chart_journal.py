"""The chart shows the course at home: sessions, check-ins and their charts, exercises and
the graded motor imagery phase, fills and shipments, messages and flags."""

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from care import actions
from care.models import FlagReason
from care.tests.course import (
    bladder_flag,
    gad7,
    missed_check_in,
    peg,
    phq9,
    red_flag_session,
    send_messages,
    treated,
)
from clinical.exercises import GmiPhase, PhaseProgress
from journal import actions as journal_actions
from journal.progress import stored_score
from questionnaires.instruments import InstrumentCode
from tests.personas import client_for
from workspace.chartpage import describe_for_clinician, describe_gmi


@pytest.fixture
def patient(clinician_fl: Any) -> Any:
    return treated(clinician_fl)


def chart(clinician: Any, patient: Any) -> str:
    response = client_for(clinician).get(reverse("workspace:chart", args=[patient.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_chart_draws_each_instrument_with_its_baseline_change_and_table(
    patient: Any, clinician_fl: Any
) -> None:
    peg(patient, 6, days_ago=28)
    peg(patient, 4, days_ago=14)
    peg(patient, 3)
    gad7(patient, 2, days_ago=14)
    page = chart(clinician_fl, patient)
    assert page.count('<svg class="chart"') == 2
    assert 'id="chart-peg"' in page and 'id="chart-phq9"' in page
    assert "50.0% below the baseline of 6.0" in page
    assert "A substantial response (a fall of 50% or more)." in page
    assert "scores, out of 10</caption>" in page and "scores, out of 21</caption>" in page
    assert page.count("(baseline)") == 2  # PEG's first, and the single GAD-7
    assert "No scores yet." in page  # no PHQ-9


def test_the_chart_lists_home_sessions_with_their_red_flags(
    patient: Any, clinician_fl: Any
) -> None:
    red_flag_session(patient)
    page = chart(clinician_fl, patient)
    assert "100 mg (2 units)" in page
    assert "self harm" in page
    assert "Thoughts of self-harm after a session" in page
    assert "Mark as seen to" in page
    assert 'data-hold="suicidality"' in page and "Clear this hold" in page


def test_the_chart_lists_check_ins_with_scores_and_marks_a_missed_one(
    patient: Any, clinician_fl: Any
) -> None:
    phq9(patient, {f"phq9_{n}": 2 for n in range(1, 10)} | {"phq9_9": 1})
    missed_check_in(patient)
    page = chart(clinician_fl, patient)
    assert "17, moderately severe" in page
    assert "(thoughts of self-harm)" in page
    assert "<strong>missed</strong>" in page
    assert "Thoughts of death or self-harm on a PHQ-9" in page


def test_the_chart_shows_progress_through_the_gmi_phases(patient: Any, clinician_fl: Any) -> None:
    assert "Phase 1 of 3, left or right?: 0 of 10" in chart(clinician_fl, patient)
    for _ in range(10):
        journal_actions.do_log_exercise(
            patient, by=patient.user, exercise="limb_recognition", completed=True, discomfort=2
        )
    journal_actions.do_log_exercise(
        patient, by=patient.user, exercise="imagined_movement", completed=True, discomfort=5
    )
    page = chart(clinician_fl, patient)
    assert "Phase 2 of 3, imagined movements: 0 of 10" in page
    assert "Left or right?" in page and "Imagined movements" in page


def test_the_chart_shows_fills_and_shipment_events(patient: Any, clinician_fl: Any) -> None:
    page = chart(clinician_fl, patient)
    assert "Original fill" in page
    assert "lot KX-2611-07" in page
    assert "UPS" in page and "signed by Rosa Delgado" in page


def test_the_chart_shows_treatment_messages_only(patient: Any, clinician_fl: Any) -> None:
    threads = send_messages(patient, clinician_fl)
    page = chart(clinician_fl, patient)
    assert "Question 1 about my sessions" in page
    assert "Yes, both are common." in page
    assert reverse("patients:thread", args=[threads[0].public_id]) in page
    assert "My invoice" not in page


def test_a_flag_seen_to_says_by_whom(patient: Any, clinician_fl: Any) -> None:
    flag = bladder_flag(patient)
    actions.do_acknowledge_flag(flag, by=clinician_fl)
    page = chart(clinician_fl, patient)
    assert f"by {clinician_fl}" in page
    assert "Mark as seen to" not in page


def test_opening_the_chart_is_audited_and_refused_outside_the_state(
    patient: Any, clinician_fl: Any, clinician_nj: Any
) -> None:
    chart(clinician_fl, patient)
    assert AuditEvent.objects.filter(
        action="care.chart_viewed", actor=clinician_fl, patient=patient
    ).exists()
    url = reverse("workspace:chart", args=[patient.public_id])
    assert client_for(clinician_nj).get(url).status_code == 404


def test_the_patients_own_progress_page_still_draws_its_charts(patient: Any) -> None:
    peg(patient, 6, days_ago=14)
    peg(patient, 3)
    url = reverse("journal:progress", args=[patient.public_id])
    page = client_for(patient.user).get(url).content.decode()
    assert page.count('<svg class="chart"') == 1
    assert "(baseline)" in page and "<h2" in page


# The words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "baseline", "current", "words"),
    [
        (InstrumentCode.PEG, Decimal("6.0"), Decimal("4.2"), "A meaningful response"),
        (InstrumentCode.PEG, Decimal("6.0"), Decimal("4.3"), "Not yet a meaningful response"),
        (InstrumentCode.PEG, Decimal("6.0"), Decimal("3.0"), "A substantial response"),
        (InstrumentCode.PHQ9, 18, 9, "A response (a fall of 50% or more)."),
        (InstrumentCode.PHQ9, 8, 4, "and in remission"),
        (InstrumentCode.PHQ9, 6, 4, "In remission (under 5)."),
        (InstrumentCode.PHQ9, 18, 10, "No response yet"),
        (InstrumentCode.GAD7, 14, 7, "A response (a fall of 50% or more, the practice's rule)."),
        (InstrumentCode.GAD7, 14, 8, "No response yet"),
    ],
)
def test_what_the_change_means(code: Any, baseline: Any, current: Any, words: str) -> None:
    assert words in describe_for_clinician(code, baseline, current)


def test_the_change_in_numbers() -> None:
    assert describe_for_clinician(InstrumentCode.PHQ9, 18, 9).startswith(
        "Latest 9, 50.0% below the baseline of 18."
    )
    assert describe_for_clinician(InstrumentCode.GAD7, 10, 12).startswith(
        "Latest 12, 20.0% above the baseline of 10."
    )
    assert "baseline was 0" in describe_for_clinician(InstrumentCode.GAD7, 0, 3)
    assert "unchanged" in describe_for_clinician(InstrumentCode.GAD7, 5, 5)


def test_stored_scores_keep_their_kind() -> None:
    assert stored_score("12") == 12 and isinstance(stored_score("12"), int)
    assert stored_score("4.3") == Decimal("4.3")


def test_gmi_in_words() -> None:
    assert describe_gmi(PhaseProgress(GmiPhase.MIRROR_THERAPY, 10, 10, True)).startswith(
        "All three phases"
    )
    assert describe_gmi(PhaseProgress(GmiPhase.IMAGINED_MOVEMENT, 4, 10, False)) == (
        "Phase 2 of 3, imagined movements: 4 of 10 comfortable exercises towards the next phase."
    )


def test_a_flag_reason_reads_in_words() -> None:
    assert FlagReason.SEVERE_REACTION.label == "Severe reaction after a session"


# In a real browser ----------------------------------------------------------------------


@pytest.mark.browser
def test_queue_chart_and_practice_view_in_a_browser(page: Any, live_server: Any) -> None:
    from care.tests.course import everything
    from tests.browser import assert_accessible, assert_fits_width, sign_in_with_code
    from tests.personas import make

    patient = everything(make("clinician_fl"), "rosa.delgado@example.com")
    peg(patient, 8, days_ago=28)
    send_messages(patient, make("clinician_fl"))
    sign_in_with_code(page, "clinician_fl")
    for url in [
        "/care/queue/",
        reverse("workspace:chart", args=[patient.public_id]),
        "/care/practice/",
    ]:
        page.goto(url)
        assert_accessible(page)
        assert_fits_width(page)
    page.goto("/care/queue/")
    assert page.get_by_text("Thoughts of self-harm after a session").count() == 1
    page.get_by_role("link", name="See to the flag").first.click()
    page.wait_for_url("**/care/patients/*/#flags")
    before = page.get_by_role("button", name="Mark as seen to").count()
    page.get_by_role("button", name="Mark as seen to").first.click()
    page.get_by_text("The flag is marked as seen to.").wait_for()
    assert page.get_by_role("button", name="Mark as seen to").count() == before - 1
    assert_accessible(page)


def test_the_chart_takes_the_same_baseline_as_the_patients_own_page(
    patient: Any, clinician_fl: Any
) -> None:
    # No check-in came before the assessment, so its PEG of 5.7 is the baseline on both.
    peg(patient, 3)
    page = chart(clinician_fl, patient)
    assert "baseline (assessment," in page
    assert "47.4% below the baseline of 5.7" in page
