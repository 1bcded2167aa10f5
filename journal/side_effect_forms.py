"""The patient's side-effect form: what happened, in their words, and how bad it was.

The grades are the practice's (``care.models.AdverseEventGrade``); the patient chooses
them in plain words. Everything typed is kept when something is missing.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from care.models import AdverseEventGrade
from foundation.forms import PortalForm

# How the patient reads each grade. The order runs from least to most serious.
GRADE_WORDS = {
    AdverseEventGrade.MILD: gettext_lazy("Mild: I noticed it, but it did not get in the way"),
    AdverseEventGrade.MODERATE: gettext_lazy("Moderate: it got in the way of my day"),
    AdverseEventGrade.SERIOUS: gettext_lazy("Serious: I needed urgent help, or it frightened me"),
}

DESCRIPTION_MOST = 4000


def _too_long_now() -> str:
    return gettext(
        "Please keep it under %(most)s characters. "
        "You can send your care team a message with the rest."
    ) % {"most": DESCRIPTION_MOST}


_too_long = lazy(_too_long_now, str)
"""The error for a description past its length, in the language of the page."""


class SideEffectForm(PortalForm):
    description = forms.CharField(
        label=gettext_lazy("What happened?"),
        help_text=gettext_lazy(
            "In your own words: what you felt or noticed, when it started, and whether it "
            "has passed."
        ),
        max_length=DESCRIPTION_MOST,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": gettext_lazy("Tell us what happened, in a few words or more."),
            "max_length": _too_long(),
        },
    )
    grade = forms.ChoiceField(
        label=gettext_lazy("How bad was it?"),
        choices=[(grade.value, words) for grade, words in GRADE_WORDS.items()],
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose how bad it was."),
            "invalid_choice": gettext_lazy("Choose how bad it was."),
        },
    )
