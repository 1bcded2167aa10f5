"""The assessment on the web: five pages, gates, drafts, outcome pages."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessment.drafts import COOKIE
from assessment.models import Assessment, AssessmentDraft
from assessment.tasks import purge_expired_assessment_drafts
from assessment.tests.answering import answers, complete, post_section
from assessment.views import COMPLETED_SESSION_KEY
from audit.models import AuditEvent
from questionnaires.assessment import QUESTIONNAIRE, plain_reason

pytestmark = pytest.mark.django_db


def result_page(client: Client) -> str:
    return client.get(reverse("assessment:result")).content.decode()


def test_anyone_can_start_without_an_account(visitor: Client) -> None:
    page = visitor.get(reverse("assessment:start")).content.decode()
    assert "Start the assessment" in page
    section = visitor.get(reverse("assessment:section", args=["location"]))
    assert section.status_code == 200
    assert "Step 1 of 5 · about 5 minutes left" in section.content.decode()


def test_an_eligible_florida_crps_patient_is_invited_to_make_an_account(visitor: Client) -> None:
    response = complete(visitor, answers())
    assert response["Location"] == reverse("assessment:result")
    page = result_page(visitor)
    assert "You may qualify for treatment" in page
    assert "Create your account" in page
    assert "not approved by the FDA" in page
    assessment = Assessment.objects.get()
    assert assessment.outcome == "eligible"
    assert assessment.pathways == ["crps"]
    assert visitor.session[COMPLETED_SESSION_KEY] == str(assessment.public_id)
    assert AuditEvent.objects.filter(action="assessment.completed").count() == 1
    assert not AssessmentDraft.objects.exists()


def test_the_answers_and_the_outcome_are_never_cached_and_reading_them_is_audited(
    visitor: Client,
) -> None:
    """On a shared computer the browser keeps no copy of the answers or the outcome, and the
    audit log records each time stored answers or an outcome are shown (not what they are)."""
    post_section(visitor, "location", answers())
    page = visitor.get(reverse("assessment:section", args=["location"]))
    assert "no-store" in page["Cache-Control"]
    viewed = AuditEvent.objects.get(action="assessment.draft_viewed")
    assert viewed.detail == {"section": "location"}

    complete(visitor, answers())
    result = visitor.get(reverse("assessment:result"))
    assert "no-store" in result["Cache-Control"]
    shown = AuditEvent.objects.get(action="assessment.result_viewed")
    assert shown.object_id == str(Assessment.objects.get().pk)


def test_a_step_not_yet_answered_writes_nothing_to_the_audit_log(visitor: Client) -> None:
    visitor.get(reverse("assessment:section", args=["location"]))
    assert not AuditEvent.objects.filter(action="assessment.draft_viewed").exists()


def test_the_stored_assessment_is_a_valid_fhir_questionnaire_response(visitor: Client) -> None:
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    complete(visitor, answers())
    stored = Assessment.objects.get().questionnaire_response
    response = QuestionnaireResponse.model_validate(stored)
    assert response.status == "completed"
    assert "eligible" in str(stored["extension"])


def test_out_of_state_visitors_are_stopped_after_section_one(visitor: Client) -> None:
    response = post_section(
        visitor, "location", {"state": "NY", "zip": "10001", "date_of_birth": "1980-05-17"}
    )
    assert response["Location"] == reverse("assessment:result")
    page = result_page(visitor)
    assert "Join the waitlist for NY" in page
    assert "Create your account" not in page
    assert Assessment.objects.get().reasons == ["outside_service_area"]


def test_under_18s_are_told_after_section_one(visitor: Client) -> None:
    young = timezone.localdate().replace(year=timezone.localdate().year - 17).isoformat()
    response = post_section(visitor, "location", answers(date_of_birth=young))
    assert response["Location"] == reverse("assessment:result")
    assert Assessment.objects.get().reasons == ["under_18"]


def test_an_acute_suicide_screen_goes_straight_to_the_crisis_page(visitor: Client) -> None:
    post_section(visitor, "location", answers())
    response = post_section(visitor, "safety", answers(asq_3="yes", asq_5="yes"))
    assert response["Location"] == reverse("assessment:result")
    page = result_page(visitor)
    assert page.index("tel:988") < page.index("tel:911")
    assert "Create your account" not in page
    assert "Take the assessment again" not in page
    assert "/assessment/conditions/" not in page
    assert Assessment.objects.get().outcome == "crisis"


def test_a_problem_is_named_beside_the_question_and_nothing_is_lost(visitor: Client) -> None:
    response = post_section(
        visitor, "location", answers(zip="3313", county="Miami-Dade", date_of_birth="1980-05-17")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "data-error-summary" in page
    assert 'href="#q-zip"' in page
    assert 'value="3313"' in page
    assert 'value="Miami-Dade"' in page
    assert not AssessmentDraft.objects.exists()


def test_back_keeps_every_answer(visitor: Client) -> None:
    post_section(visitor, "location", answers())
    post_section(visitor, "safety", answers())
    page = visitor.get(reverse("assessment:section", args=["location"])).content.decode()
    assert 'value="33133"' in page
    assert 'value="Miami-Dade"' in page
    page = visitor.get(reverse("assessment:section", args=["safety"])).content.decode()
    assert 'name="asq_1" value="no" checked' in page


def test_a_new_browser_session_with_the_cookie_finds_the_draft(visitor: Client) -> None:
    post_section(visitor, "location", answers())
    later = Client()
    later.cookies[COOKIE] = visitor.cookies[COOKIE].value
    page = later.get(reverse("assessment:start")).content.decode()
    assert "Carry on where you left off" in page
    assert later.get(reverse("assessment:section", args=["safety"])).status_code == 200


def test_a_tampered_cookie_finds_nothing(visitor: Client) -> None:
    post_section(visitor, "location", answers())
    other = Client()
    other.cookies[COOKIE] = visitor.cookies[COOKIE].value + "x"
    response = other.get(reverse("assessment:section", args=["safety"]))
    assert response["Location"] == reverse("assessment:section", args=["location"])


def test_it_cannot_skip_ahead(visitor: Client) -> None:
    response = visitor.get(reverse("assessment:section", args=["health"]))
    assert response["Location"] == reverse("assessment:section", args=["location"])


def test_answers_to_questions_that_do_not_apply_are_set_aside(visitor: Client) -> None:
    post_section(visitor, "location", answers())
    post_section(visitor, "safety", answers())
    depressed = answers(
        conditions=["depression"],
        **{f"phq9_{n}": 2 for n in range(1, 9)},
        phq9_9=0,
    )
    response = post_section(visitor, "conditions", depressed)
    assert response.status_code == 302
    saved = AssessmentDraft.objects.get().answers
    assert "crps_diagnosed" not in saved
    assert "peg_1" not in saved
    assert saved["phq9_1"] == 2


def test_no_answer_ever_appears_in_a_url(visitor: Client) -> None:
    locations = []
    for section in ("location", "safety", "conditions", "health", "support"):
        locations.append(post_section(visitor, section, answers())["Location"])
    for location in locations:
        assert location.startswith("/assessment/")
        assert "?" not in location
        for secret in ("33133", "1980", "crps", "Miami"):
            assert secret not in location


def test_the_honeypot_stops_bots(visitor: Client) -> None:
    from assessment.tests.answering import form_for

    form = form_for("location", answers())
    form["website"] = "http://spam.example"
    response = visitor.post(
        reverse("assessment:section", args=["location"]),
        form.urlencode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert response["Location"] == reverse("assessment:start")
    assert not AssessmentDraft.objects.exists()


def test_new_drafts_are_rate_limited_per_address(settings: Any) -> None:
    statuses = [
        post_section(Client(REMOTE_ADDR="203.0.113.7"), "location", answers()).status_code
        for _ in range(settings.ASSESSMENT_DRAFTS_PER_HOUR + 1)
    ]
    assert statuses[0] == 302
    assert statuses[-1] == 429
    assert AssessmentDraft.objects.count() == settings.ASSESSMENT_DRAFTS_PER_HOUR


def test_carrying_on_with_a_draft_is_not_limited(visitor: Client, settings: Any) -> None:
    for _ in range(settings.ASSESSMENT_DRAFTS_PER_HOUR + 5):
        assert post_section(visitor, "location", answers()).status_code == 302


@pytest.mark.parametrize(
    "form",
    [
        {"state": "ZZ", "zip": "abcde", "date_of_birth": "31/31/1980"},
        {"state": ["FL", "NJ"], "county": "x" * 5000, "zip": "0", "date_of_birth": "9999-99-99"},
        {"date_of_birth": "2100-01-01", "state": "FL", "county": "Nowhere", "zip": "33133"},
        {},
    ],
)
def test_malformed_answers_get_plain_messages_never_a_500(visitor: Client, form: Any) -> None:
    response = visitor.post(reverse("assessment:section", args=["location"]), form)
    assert response.status_code == 400
    assert "There " in response.content.decode()


def test_an_unknown_step_is_a_404(visitor: Client) -> None:
    assert visitor.get("/assessment/nonsense/").status_code == 404


def test_a_section_post_runs_a_small_constant_number_of_queries(
    visitor: Client, django_assert_max_num_queries: Any
) -> None:
    post_section(visitor, "location", answers())
    with django_assert_max_num_queries(2):
        post_section(visitor, "safety", answers())
    with django_assert_max_num_queries(2):
        post_section(visitor, "conditions", answers())


def test_expired_drafts_are_purged_by_the_worker(visitor: Client) -> None:
    post_section(visitor, "location", answers())
    fresh = AssessmentDraft.objects.get()
    stale = AssessmentDraft.objects.create(answers={"state": "FL"})
    AssessmentDraft.objects.filter(pk=stale.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert purge_expired_assessment_drafts.enqueue().return_value == 1
    assert list(AssessmentDraft.objects.all()) == [fresh]


def test_the_questionnaire_is_published_as_fhir(visitor: Client) -> None:
    resource = visitor.get(reverse("assessment:fhir_questionnaire")).json()
    assert resource["resourceType"] == "Questionnaire"
    assert resource["version"]


def test_the_health_page_asks_the_version_2_questions_and_offers_the_new_medicines(
    visitor: Client,
) -> None:
    for section in ("location", "safety", "conditions"):
        post_section(visitor, section, answers())
    page = visitor.get(reverse("assessment:section", args=["health"])).content.decode()
    for link_id in ("aneurysm_avm", "urinary_symptoms"):
        question = QUESTIONNAIRE.questions[link_id]
        assert escape(question.text) in page
        assert f'name="{link_id}" value="yes"' in page
        assert f'name="{link_id}" value="no"' in page
    assert page.index('id="q-heart_condition"') < page.index('id="q-aneurysm_avm"')
    assert page.index('id="q-urinary_symptoms"') < page.index('id="q-medications"')
    for option in QUESTIONNAIRE.questions["medications"].options:
        assert f'name="medications" value="{option.value}"' in page
        assert escape(option.label) in page


def test_the_health_page_needs_the_version_2_answers(visitor: Client) -> None:
    for section in ("location", "safety", "conditions"):
        post_section(visitor, section, answers())
    response = post_section(visitor, "health", answers(aneurysm_avm=..., urinary_symptoms=...))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#q-aneurysm_avm"' in page
    assert 'href="#q-urinary_symptoms"' in page


FIRST_LINE_UNTRIED = {
    "conditions": ["depression"],
    **{f"phq9_{n}": 2 for n in range(1, 9)},
    "phq9_9": 0,
    "prior_treatments": ["ssri", "gabapentinoid"],
}
VERSION_2_OUTCOMES = [
    ({"aneurysm_avm": "yes"}, "ineligible", "vascular_malformation"),
    ({"urinary_symptoms": "yes"}, "clinician_review", "urinary_symptoms"),
    ({"bp_systolic": 88, "bp_diastolic": 58}, "clinician_review", "low_blood_pressure"),
    ({"medications": ["muscle_relaxant"]}, "clinician_review", "interacting_medications"),
    (FIRST_LINE_UNTRIED, "clinician_review", "first_line_not_tried"),
]


@pytest.mark.parametrize(
    ("changes", "outcome", "reason"), VERSION_2_OUTCOMES, ids=[r for _, _, r in VERSION_2_OUTCOMES]
)
def test_each_version_2_reason_is_explained_with_a_next_step(
    visitor: Client, changes: dict[str, Any], outcome: str, reason: str
) -> None:
    complete(visitor, answers(**changes))
    assessment = Assessment.objects.get()
    assert (assessment.outcome, assessment.reasons) == (outcome, [reason])
    assert assessment.questionnaire == "ketaclinic-eligibility/2.0.0"
    page = result_page(visitor)
    words = plain_reason(reason)
    assert escape(words.text) in page
    assert escape(words.next_step) in page
    assert "not approved by the FDA" in page
    assert ("Create your account" in page) is (outcome == "clinician_review")


def test_a_draft_begun_before_version_2_is_sent_back_for_the_new_health_answers(
    visitor: Client,
) -> None:
    for section in ("location", "safety", "conditions", "health"):
        post_section(visitor, section, answers())
    draft = AssessmentDraft.objects.get()
    draft.answers = {
        k: v for k, v in draft.answers.items() if k not in ("aneurysm_avm", "urinary_symptoms")
    }
    draft.save()
    response = post_section(visitor, "support", answers())
    assert response["Location"] == reverse("assessment:section", args=["health"])
    assert not Assessment.objects.exists()
    response = post_section(visitor, "health", answers())
    assert response["Location"] == reverse("assessment:section", args=["support"])
    complete_response = post_section(visitor, "support", answers())
    assert complete_response["Location"] == reverse("assessment:result")
    assert Assessment.objects.get().outcome == "eligible"
