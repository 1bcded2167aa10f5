"""The eligibility assessment engine: pure Python, no Django, no database.

``validate`` checks input against ``QUESTIONNAIRE``; ``evaluate`` turns clean answers into an
``Outcome`` by the rules of ``shared/contracts/assessment.md``.
"""

from questionnaires.assessment.questionnaire import QUESTIONNAIRE, Answer, Questionnaire
from questionnaires.assessment.rules import (
    RULES,
    Level,
    Outcome,
    Scores,
    evaluate,
    next_section,
    plain_reason,
    plain_referral,
    stopping_gate,
)
from questionnaires.assessment.validate import CleanInput, FieldError, validate, validate_section

__all__ = [
    "QUESTIONNAIRE",
    "RULES",
    "Answer",
    "CleanInput",
    "FieldError",
    "Level",
    "Outcome",
    "Questionnaire",
    "Scores",
    "evaluate",
    "next_section",
    "plain_reason",
    "plain_referral",
    "stopping_gate",
    "validate",
    "validate_section",
]
