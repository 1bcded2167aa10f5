"""The journal's pages: the session flow, check-ins, progress, the CSV, and who may open them."""

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from care.models import ClinicianFlag
from journal.models import CheckIn, ExerciseLog, HomeSession, SafetyCheck
from journal.tests.helpers import SAFETY_FORM, treated
from tests.personas import client_for

NORMAL = SAFETY_FORM
HIGH = {**SAFETY_FORM, "systolic": "168", "diastolic": "96"}
CALM_AFTER = {"pain_now": "3", "dissociation": "4", "note": "Felt floaty, then fine."}


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Any:
    return treated(clinician_fl)


def url(name: str, patient: Any, *args: Any) -> str:
    return reverse(f"journal:{name}", args=[patient.public_id, *args])


def start_session(client: Any, patient: Any) -> HomeSession:
    started = client.post(url("safety", patient), NORMAL)
    session = HomeSession.objects.get(safety_check__passed=True, finished_at__isnull=True)
    assert started["Location"] == url("during", patient, session.public_id)
    return session


def test_the_journal_home_sends_the_patient_to_their_own_journal(patient: Any) -> None:
    response = client_for(patient.user).get(reverse("journal:home"))
    assert response["Location"] == url("overview", patient)
    page = client_for(patient.user).get(response["Location"])
    assert "Start a home session" in page.content.decode()
    assert 'href="tel:911"' in page.content.decode()


def test_a_high_blood_pressure_refuses_the_session_and_says_when_to_measure_again(
    patient: Any,
) -> None:
    client = client_for(patient.user)
    blocked = client.post(url("safety", patient), HIGH)
    body = blocked.content.decode()
    assert blocked.status_code == 409
    assert "Do not take a dose now" in body
    assert "blood pressure or pulse is too high" in body
    assert "168/96" in body  # the reading refused is shown back
    assert "data-recheck" in body and "Check and start my session" not in body
    assert not HomeSession.objects.exists()
    shown_again = client.get(url("safety", patient)).content.decode()
    assert 'data-refusal="recheck_too_soon"' in shown_again
    assert "Check and start my session" not in shown_again


def test_a_normal_reading_starts_the_session_and_shows_the_directions(patient: Any) -> None:
    client = client_for(patient.user)
    page = client.get(url("safety", patient)).content.decode()
    assert "Check and start my session" in page and "data-directions" in page
    session = start_session(client, patient)
    during = client.get(url("during", patient, session.public_id)).content.decode()
    assert session.prescription is not None
    assert session.prescription.directions in during
    assert "Started at" in during and 'href="tel:988"' in during
    assert "what to watch for" in during


def test_a_missing_number_is_shown_in_the_error_summary_with_everything_kept(
    patient: Any,
) -> None:
    response = client_for(patient.user).post(url("safety", patient), {**NORMAL, "systolic": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in body and 'tabindex="-1"' in body
    assert "Enter the top number." in body
    assert 'value="78"' in body
    assert not SafetyCheck.objects.exists()


def test_nonsense_in_a_number_is_a_form_error_not_a_500(patient: Any) -> None:
    response = client_for(patient.user).post(url("safety", patient), {**NORMAL, "pulse": "x"})
    assert response.status_code == 400


def test_the_after_log_schedules_the_window_and_a_gmi_exercise_can_be_logged(
    patient: Any,
) -> None:
    client = client_for(patient.user)
    session = start_session(client, patient)
    saved = client.post(url("during", patient, session.public_id), CALM_AFTER)
    assert saved["Location"] == url("after", patient, session.public_id)
    page = client.get(saved["Location"]).content.decode()
    assert "Left or right?" in page
    slot = ExerciseLog.objects.filter(session=session).order_by("scheduled_for").first()
    assert slot is not None
    shown = client.get(url("exercise", patient, slot.public_id)).content.decode()
    assert "Do not move your own hand or foot" in shown
    done = client.post(
        url("exercise", patient, slot.public_id), {"completed": "on", "discomfort": "2"}
    )
    assert done.status_code == 302
    slot.refresh_from_db()
    assert slot.done_at is not None and slot.discomfort == 2


def test_an_after_log_with_a_missing_answer_keeps_what_was_typed(patient: Any) -> None:
    client = client_for(patient.user)
    session = start_session(client, patient)
    response = client.post(url("during", patient, session.public_id), {"note": "Dizzy at first"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose a number for your pain now." in body
    assert "Dizzy at first" in body


def test_a_red_flag_shows_what_to_do_and_reaches_the_clinicians_queue(
    patient: Any, clinician_fl: Any
) -> None:
    client = client_for(patient.user)
    session = start_session(client, patient)
    saved = client.post(
        url("during", patient, session.public_id),
        {**CALM_AFTER, "side_effects": ["confusion", "vomiting"]},
    )
    page = client.get(saved["Location"]).content.decode()
    assert "What to do now" in page and "Lie on your side" in page
    assert sorted(ClinicianFlag.objects.values_list("reason", flat=True)) == [
        "severe_reaction",
        "vomiting",
    ]
    queue = client_for(clinician_fl).get(reverse("workspace:queue")).content.decode()
    assert "Severe reaction after a session" in queue and patient.legal_name in queue
    journal = client.get(url("overview", patient)).content.decode()
    assert "data-holds" in journal and "Start a home session" not in journal


def test_phq9_item_9_shows_the_crisis_resources(patient: Any) -> None:
    client = client_for(patient.user)
    form = client.get(url("check_in", patient, "phq9")).content.decode()
    assert "phq9_9" in form
    answers = {f"phq9_{n}": "1" for n in range(1, 10)}
    done = client.post(url("check_in", patient, "phq9"), answers)
    page = client.get(done["Location"]).content.decode()
    assert "data-crisis-resources" in page and 'href="tel:988"' in page


def test_a_calm_check_in_shows_no_crisis_box(patient: Any) -> None:
    client = client_for(patient.user)
    answers = {f"gad7_{n}": "1" for n in range(1, 8)}
    done = client.post(url("check_in", patient, "gad7"), answers)
    page = client.get(done["Location"]).content.decode()
    assert "data-crisis-resources" not in page
    assert "GAD-7" in page


def test_an_incomplete_check_in_lists_every_missing_answer(patient: Any) -> None:
    response = client_for(patient.user).post(url("check_in", patient, "peg"), {"peg_1": "6"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Answer question 2." in body and "Answer question 3." in body
    assert not CheckIn.objects.exists()


def test_an_unknown_instrument_is_a_404(patient: Any) -> None:
    assert client_for(patient.user).get(url("check_in", patient, "mmpi")).status_code == 404


def test_the_progress_page_charts_the_scores_with_a_table_and_the_change_in_words(
    patient: Any,
) -> None:
    client = client_for(patient.user)
    for answers in (
        {"peg_1": "8", "peg_2": "8", "peg_3": "8"},
        {"peg_1": "2", "peg_2": "2", "peg_3": "2"},
    ):
        client.post(url("check_in", patient, "peg"), answers)
    page = client.get(url("progress", patient)).content.decode()
    assert "<svg" in page and "chart-baseline" in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    # The assessment's PEG (6, 6, 5: 5.7) came first, so it is the baseline: 2.0 is 64.9% lower.
    assert "<table>" in page and "<td>baseline (assessment, " in page
    assert "64.9% lower than at the start (5.7)" in page
    assert "substantial improvement" in page
    assert url("summary", patient) in page and url("download", patient) in page


def test_the_csv_holds_the_patients_journal(patient: Any) -> None:
    client = client_for(patient.user)
    session = start_session(client, patient)
    client.post(url("during", patient, session.public_id), {**CALM_AFTER, "note": "=cmd()"})
    client.post(url("check_in", patient, "peg"), {"peg_1": "6", "peg_2": "5", "peg_3": "4"})
    response = client.get(url("download", patient))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["record", "when", "what", "result", "details", "note"]
    kinds = [row[0] for row in rows[1:]]
    assert kinds == ["assessment", "home session", "check-in"]
    assert rows[1][2:5] == ["Pain and how it affects you (PEG)", "5.7", "baseline"]
    assert rows[2][2] == "2 units, 100 mg" and rows[2][5] == "'=cmd()"
    assert rows[3][3] == "5.0"


@pytest.mark.parametrize(
    "who", ["patient_nj", "pharmacist", "coordinator", "editor", "clinician_nj"]
)
def test_other_people_cannot_open_a_patients_journal(
    patient: Any, who: str, request: pytest.FixtureRequest
) -> None:
    user = request.getfixturevalue(who)
    client = client_for(user)
    for page in (
        url("overview", patient),
        url("safety", patient),
        url("check_in", patient, "phq9"),
        url("progress", patient),
        url("summary", patient),
        url("download", patient),
    ):
        assert client.get(page).status_code == 404, page
    assert client.post(url("safety", patient), NORMAL).status_code == 404
    assert not SafetyCheck.objects.exists()


def test_a_visitor_is_sent_to_sign_in(patient: Any, visitor: Any) -> None:
    for page in (url("overview", patient), url("progress", patient), url("download", patient)):
        response = visitor.get(page)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_clinician_in_the_patients_state_sees_progress_but_not_the_session_pages(
    patient: Any, clinician_fl: Any
) -> None:
    client = client_for(clinician_fl)
    assert client.get(url("progress", patient)).status_code == 200
    assert client.get(url("safety", patient)).status_code == 404
    assert client.get(url("download", patient)).status_code == 404


def test_a_session_of_another_patient_is_a_404(patient: Any, clinician_nj: Any) -> None:
    client = client_for(patient.user)
    session = start_session(client, patient)
    other = treated(clinician_nj, "sam@example.com", "NJ")
    assert client_for(other.user).get(url("during", other, session.public_id)).status_code == 404
    assert client_for(other.user).get(url("during", patient, session.public_id)).status_code == 404


def test_the_journal_lists_only_the_window_after_the_latest_session(patient: Any) -> None:
    from clinical import safety
    from journal import actions
    from journal.tests.helpers import start

    after = safety.AfterSessionLog(pain_now=3, dissociation=4)
    earlier = actions.do_finish_home_session(
        start(patient, days_ago=3), by=patient.user, after_log=after
    )
    HomeSession.objects.filter(pk=earlier.session.pk).update(finished_at=earlier.session.started_at)
    latest = actions.do_finish_home_session(start(patient), by=patient.user, after_log=after)
    page = client_for(patient.user).get(url("overview", patient)).content.decode()
    for log in latest.exercises:
        assert url("exercise", patient, log.public_id) in page
    for log in earlier.exercises:
        assert url("exercise", patient, log.public_id) not in page
