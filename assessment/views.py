"""The free assessment on the web: five pages, one section each, then the outcome.

Answers are saved to a server-side draft after every page (found again through a
signed cookie), so a reload, a closed tab or a restart loses nothing. No answer ever
appears in a URL: section ids are the only thing the address shows.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import role_required, signed_in
from accounts.roles import Role
from assessment import presenting
from assessment.actions import IncompleteAssessment, do_complete_assessment, practice_today
from assessment.drafts import current_draft, forget_draft, remember_draft, save_draft
from assessment.flow import answer_section, build_fields, section_answers
from assessment.models import Assessment, AssessmentDraft
from assessment.staff import access_assessment, assessments_for
from assessment.wording import error_message
from audit.events import record_event
from foundation import ratelimit
from foundation.addresses import reverse_step
from questionnaires.assessment import QUESTIONNAIRE, FieldError, next_section, validate_section
from questionnaires.assessment.fhir import questionnaire_json

COMPLETED_SESSION_KEY = "assessment.completed"
HONEYPOT_FIELD = "website"


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    draft = current_draft(request)
    return render(
        request,
        "assessment/start.html",
        {
            "sections": QUESTIONNAIRE.sections,
            "minutes": QUESTIONNAIRE.minutes_left(QUESTIONNAIRE.sections[0].id),
            "resume": _first_unanswered(draft) if draft and draft.answers else None,
        },
    )


@never_cache  # the visitor's answers: never kept by a browser or a proxy
@require_http_methods(["GET", "POST"])
def section(request: HttpRequest, section_id: str) -> HttpResponse:
    try:
        current = QUESTIONNAIRE.section(section_id)
    except KeyError:
        raise Http404("No such step") from None
    draft = current_draft(request)
    answers: dict[str, Any] = draft.answers if draft else {}
    first_open = _first_unanswered(draft)
    if current.number > first_open.number:
        return _to_section(first_open.id)

    if request.method == "GET":
        shown = section_answers(current, answers)
        if draft is not None and shown:
            record_event(
                "assessment.draft_viewed",
                actor=request.user,
                target=draft,
                detail={"section": current.id},
            )
        return _render_section(request, current, shown, [])

    if request.POST.get(HONEYPOT_FIELD):
        return redirect("assessment:start")
    as_of = practice_today()
    result = answer_section(current, answers, request.POST, as_of)
    if result.errors:
        posted = _posted_values(current, request)
        return _render_section(request, current, posted, result.errors, status=400)

    if draft is None:
        # Each new draft counts against the address; carrying on with one does not.
        if not ratelimit.allow(
            request, "assessment.draft", limit=settings.ASSESSMENT_DRAFTS_PER_HOUR, per_seconds=3600
        ):
            return render(request, "429.html", status=429)
        draft = AssessmentDraft()
    kept = {k: v for k, v in answers.items() if k not in current.link_ids}
    new_draft = draft.pk is None
    save_draft(draft, {**kept, **result.answers})

    upcoming = next_section(_clean_so_far(draft.answers, current.id, as_of), as_of, current.id)
    response: HttpResponse
    if upcoming is not None:
        response = _to_section(upcoming.id)
    else:
        response = _complete(request, draft, through=current.number)
    # A completed assessment has deleted its draft; the cookie goes with it. A draft's
    # cookie lives as long as the draft, so it is set once, when the draft is made.
    if draft.pk is None:
        forget_draft(response)
    elif new_draft:
        remember_draft(response, draft)
    return response


def _to_section(section_id: str) -> HttpResponseRedirect:
    """To a step of the assessment (its address remembered: every answered step redirects)."""
    return HttpResponseRedirect(reverse_step("assessment:section", section_id=section_id))


def _complete(request: HttpRequest, draft: AssessmentDraft, *, through: int) -> HttpResponse:
    """Finish: after a gate only the sections asked so far count."""
    asked = {
        link_id for s in QUESTIONNAIRE.sections if s.number <= through for link_id in s.link_ids
    }
    answers = {k: v for k, v in draft.answers.items() if k in asked}
    if not ratelimit.allow(
        request,
        "assessment.complete",
        limit=settings.ASSESSMENT_COMPLETIONS_PER_HOUR,
        per_seconds=3600,
    ):
        return render(request, "429.html", status=429)
    try:
        assessment = do_complete_assessment(answers, draft=draft)
    except IncompleteAssessment as problem:
        field = problem.errors[0]["field"]
        section_id = (
            QUESTIONNAIRE.section_of[field].id
            if field in QUESTIONNAIRE.section_of
            else QUESTIONNAIRE.sections[0].id
        )
        messages.warning(request, _("Some answers need another look before we can finish."))
        return _to_section(section_id)
    request.session[COMPLETED_SESSION_KEY] = str(assessment.public_id)
    return redirect("assessment:result")


@never_cache  # the outcome of the visitor's assessment
@require_GET
def result(request: HttpRequest) -> HttpResponse:
    public_id = request.session.get(COMPLETED_SESSION_KEY)
    assessment = Assessment.objects.filter(public_id=public_id).first() if public_id else None
    if assessment is None:
        return redirect("assessment:start")
    record_event("assessment.result_viewed", actor=request.user, target=assessment)
    template = (
        "assessment/crisis.html" if assessment.outcome == "crisis" else "assessment/result.html"
    )
    return render(request, template, presenting.outcome_context(assessment))


@require_POST
def restart(request: HttpRequest) -> HttpResponse:
    draft = current_draft(request)
    if draft is not None:
        draft.delete()
    request.session.pop(COMPLETED_SESSION_KEY, None)
    response = _to_section(QUESTIONNAIRE.sections[0].id)
    forget_draft(response)
    return response


@require_GET
def fhir_questionnaire(request: HttpRequest) -> JsonResponse:
    """The questionnaire as a FHIR R4 Questionnaire resource (no answers, no health data)."""
    return JsonResponse(questionnaire_json(), json_dumps_params={"indent": 2})


@role_required(Role.CLINICIAN)
def staff_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "assessment/staff_list.html", {"assessments": assessments_for(signed_in(request))}
    )


@role_required(Role.CLINICIAN)
def staff_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    assessment = access_assessment(signed_in(request), public_id)
    return render(request, "assessment/staff_detail.html", presenting.staff_context(assessment))


def _render_section(
    request: HttpRequest,
    current: Any,
    values: dict[str, Any],
    errors: list[Any],
    *,
    status: int = 200,
) -> HttpResponse:
    total = len(QUESTIONNAIRE.sections)
    # The engine's messages are English; the visitor reads them in the page's language.
    shown_errors = [
        FieldError(field=error["field"], message=error_message(error["message"]))
        for error in errors
    ]
    previous = QUESTIONNAIRE.sections[current.number - 2] if current.number > 1 else None
    return render(
        request,
        "assessment/section.html",
        {
            "section": current,
            "fields": build_fields(current, values, shown_errors),
            "errors": shown_errors,
            "step": current.number,
            "total": total,
            "percent": round(100 * (current.number - 1) / total),
            "minutes_left": QUESTIONNAIRE.minutes_left(current.id),
            "previous": previous,
            "is_last": current.number == total,
            "honeypot": HONEYPOT_FIELD,
        },
        status=status,
    )


def _posted_values(current: Any, request: HttpRequest) -> dict[str, Any]:
    """What the person typed, exactly, so nothing is lost when a page is shown again."""
    values: dict[str, Any] = {}
    for question in current.questions:
        if question.kind.value == "multi_choice":
            values[question.link_id] = request.POST.getlist(question.link_id)
        elif question.link_id in request.POST:
            values[question.link_id] = request.POST.get(question.link_id, "")
    return values


def _clean_so_far(answers: dict[str, Any], through_id: str, as_of: Any) -> dict[str, Any]:
    clean, _ = validate_section(through_id, answers, as_of)
    return clean


def _first_unanswered(draft: AssessmentDraft | None) -> Any:
    """The first section the draft has no answers for (or the last, when all have some)."""
    answers = draft.answers if draft else {}
    for candidate in QUESTIONNAIRE.sections:
        if not any(link_id in answers for link_id in candidate.link_ids):
            return candidate
    return QUESTIONNAIRE.sections[-1]
