"""The patient's side-effect form: what happened, in their words, and how bad it was.

The grades are the practice's (``care.models.AdverseEventGrade``); the patient chooses
them in plain words. Everything typed is kept when something is missing.
"""

from django import forms

from care.models import AdverseEventGrade
from foundation.forms import PortalForm

# How the patient reads each grade. The order runs from least to most serious.
GRADE_WORDS = {
    AdverseEventGrade.MILD: "Mild: I noticed it, but it did not get in the way",
    AdverseEventGrade.MODERATE: "Moderate: it got in the way of my day",
    AdverseEventGrade.SERIOUS: "Serious: I needed urgent help, or it frightened me",
}

DESCRIPTION_MOST = 4000


class SideEffectForm(PortalForm):
    description = forms.CharField(
        label="What happened?",
        help_text=(
            "In your own words: what you felt or noticed, when it started, and whether it "
            "has passed."
        ),
        max_length=DESCRIPTION_MOST,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Tell us what happened, in a few words or more.",
            "max_length": (
                f"Please keep it under {DESCRIPTION_MOST} characters. "
                "You can send your care team a message with the rest."
            ),
        },
    )
    grade = forms.ChoiceField(
        label="How bad was it?",
        choices=[(grade.value, words) for grade, words in GRADE_WORDS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how bad it was.",
            "invalid_choice": "Choose how bad it was.",
        },
    )
