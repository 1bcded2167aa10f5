"""Forms for clinicians' licences and DEA registrations; the verbs in
credentials.actions decide."""

from django import forms

from credentials.actions import DEA_SCHEDULES, dea_number_problem
from foundation.forms import PortalForm, date_field
from servicearea.places import SERVED_STATES, state_name

_SCHEDULE_LABELS = {
    "2": "Schedule II",
    "2N": "Schedule II non-narcotic",
    "3": "Schedule III",
    "3N": "Schedule III non-narcotic (covers ketamine)",
    "4": "Schedule IV",
    "5": "Schedule V",
}


def _state() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="State",
        choices=[("", "Choose a state")]
        + [(code, state_name(code) or code) for code in SERVED_STATES],
        error_messages={
            "required": "Choose the state.",
            "invalid_choice": "Choose one of the states the practice treats in.",
        },
    )


class LicenceForm(PortalForm):
    state = _state()
    number = forms.CharField(
        label="Licence number",
        max_length=40,
        help_text="As the state board prints it.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the licence number."},
    )
    expires_on = date_field("Expiry date", "The licence stops counting on this day.")


class DeaRegistrationForm(PortalForm):
    number = forms.CharField(
        label="DEA number",
        max_length=20,
        help_text="Two letters and seven digits, as on the registration certificate.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the DEA number."},
    )
    state = _state()
    schedules = forms.MultipleChoiceField(
        label="Schedules",
        choices=[(schedule, _SCHEDULE_LABELS[schedule]) for schedule in DEA_SCHEDULES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose the schedules the registration lists.",
            "invalid_choice": "Choose the schedules from the list.",
        },
    )
    expires_on = date_field("Expiry date", "The registration stops counting on this day.")
    special_telemedicine_registration = forms.BooleanField(
        label="A DEA special registration for telemedicine is held for this state",
        required=False,
    )

    def clean_number(self) -> str:
        number = "".join(self.cleaned_data["number"].split()).upper()
        problem = dea_number_problem(number)
        if problem:
            raise forms.ValidationError(problem)
        return number


class RenewalForm(PortalForm):
    expires_on = date_field("New expiry date", "The day the renewed credential stops counting.")
