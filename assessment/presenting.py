"""What the outcome pages and the staff pages show, built from a stored assessment."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from assessment.models import Assessment
from questionnaires.assessment import QUESTIONNAIRE, plain_reason, plain_referral
from questionnaires.assessment.questionnaire import Kind, Question

OUTCOME_HEADINGS = {
    "eligible": _("You may qualify for treatment"),
    "clinician_review": _("A clinician would like to look at your answers"),
    "ineligible": _("At-home ketamine treatment is not right for you at the moment"),
    "crisis": _("Please reach out for help now"),
}


@dataclass(frozen=True)
class Explained:
    code: str
    text: str
    next_step: str


def _reasons(codes: list[str]) -> list[Explained]:
    return [Explained(code, *plain_reason(code)) for code in codes]


def _referrals(codes: list[str]) -> list[Explained]:
    return [Explained(code, *plain_referral(code)) for code in codes]


def outcome_context(assessment: Assessment) -> dict[str, Any]:
    return {
        "assessment": assessment,
        "heading": OUTCOME_HEADINGS[assessment.outcome],
        "reasons": _reasons(assessment.reasons),
        "referrals": _referrals(assessment.referrals),
        "offers_waitlist": "outside_service_area" in assessment.reasons,
        "state": assessment.state,
        "can_join": assessment.outcome in ("eligible", "clinician_review"),
    }


@dataclass(frozen=True)
class AnswerShown:
    question: Question
    section_title: str
    answer: str


def _label(question: Question, value: Any) -> str:
    labels = {str(option.value): option.label for option in question.options}
    if value is None:
        return "Not known"
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value) or "None"
    if question.kind is Kind.INTEGER and not question.options:
        return str(value)
    return labels.get(str(value), str(value))


def staff_context(assessment: Assessment) -> dict[str, Any]:
    shown = [
        AnswerShown(question, section.title, _label(question, assessment.answers[question.link_id]))
        for section in QUESTIONNAIRE.sections
        for question in section.questions
        if question.link_id in assessment.answers
    ]
    return {
        "assessment": assessment,
        "reasons": _reasons(assessment.reasons),
        "referrals": _referrals(assessment.referrals),
        "answers": shown,
        "scores": assessment.scores,
    }
