"""Verbs of the assessment: completing one, and carrying it into a person's record."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessment.models import Assessment, AssessmentDraft
from audit.events import record_event
from foundation.refusals import Reason, Refused
from questionnaires.assessment import QUESTIONNAIRE, evaluate, validate
from questionnaires.assessment.fhir import questionnaire_response
from questionnaires.assessment.validate import FieldError


class IncompleteAssessment(Refused):
    """The answers do not yet make a whole assessment; each reason's code is the field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__([Reason(error["field"], error["message"]) for error in errors])
        self.errors = errors


def practice_today() -> date:
    """The calendar day at the practice, which is the assessment's `as_of`."""
    return timezone.localdate()


@transaction.atomic
def do_complete_assessment(
    answers: dict[str, Any], *, as_of: date | None = None, draft: AssessmentDraft | None = None
) -> Assessment:
    """Evaluate the answers by the rules and store the result (deleting the draft).

    `answers` are in their JSON form, as the web flow saved them and as `manage.py
    assess` reads them; any problem raises IncompleteAssessment and stores nothing.
    """
    day = as_of or practice_today()
    clean, errors = validate({"as_of": day.isoformat(), "answers": answers})
    if errors:
        raise IncompleteAssessment(errors)
    outcome = evaluate(clean.answers, clean.as_of)
    assessment = Assessment.objects.create(
        questionnaire=QUESTIONNAIRE.reference,
        as_of=clean.as_of,
        answers=answers,
        outcome=outcome.outcome,
        reasons=list(outcome.reasons),
        referrals=list(outcome.referrals),
        pathways=list(outcome.pathways),
        scores=outcome.scores.as_json(),
        state=str(answers.get("state", "")),
        questionnaire_response=questionnaire_response(
            clean.answers, outcome, authored=clean.as_of
        ).model_dump(mode="json", exclude_none=True),
    )
    if draft is not None and draft.pk is not None:
        draft.delete()
    record_event(
        "assessment.completed",
        target=assessment,
        detail={"questionnaire": assessment.questionnaire},
    )
    return assessment


@transaction.atomic
def do_claim_assessment(assessment: Assessment, user: User) -> Assessment:
    """The assessment joins the record of the person who just made an account.

    An assessment already claimed by someone else is left alone.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.user_id is not None and locked.user_id != user.pk:
        return locked
    if locked.user_id is None:
        locked.user = user
        locked.save(update_fields=["user"])
        record_event("assessment.claimed", actor=user, target=locked)
    return locked
