from django import forms

from foundation.forms import PortalForm

PRACTICE = "practice"
PATIENT = "patient"


class ExportForm(PortalForm):
    """What an administrator exports: the whole practice, or one patient by public id."""

    scope = forms.ChoiceField(
        choices=[(PRACTICE, "The whole practice"), (PATIENT, "One patient")],
        widget=forms.RadioSelect,
        initial=PRACTICE,
        label="What to export",
    )
    patient_id = forms.UUIDField(
        required=False,
        label="The patient's public id (for one patient)",
        help_text="As shown on the patient's record, e.g. 1b4e28ba-2fa1-11d2-883f-0016d3cca427.",
        error_messages={
            "invalid": "Enter a patient's public id: 32 letters and digits in five groups."
        },
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("scope") == PATIENT and not cleaned.get("patient_id"):
            self.add_error("patient_id", "Enter the public id of the patient to export.")
        return cleaned
