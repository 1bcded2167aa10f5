"""Forms for clinicians' credentials, in-person evaluations and the patient search.

Each gathers what one verb needs; the verbs in care.credentials and care.actions decide.
"""

from django import forms

from care.credentials import DEA_SCHEDULES, dea_number_problem
from foundation.forms import PortalForm
from servicearea.places import SERVED_STATES, state_name

_SCHEDULE_LABELS = {
    "2": "Schedule II",
    "2N": "Schedule II non-narcotic",
    "3": "Schedule III",
    "3N": "Schedule III non-narcotic (covers ketamine)",
    "4": "Schedule IV",
    "5": "Schedule V",
}


def _date(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as month, day and year, like 01/31/2028.",
        },
    )


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
    expires_on = _date("Expiry date", "The licence stops counting on this day.")


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
    expires_on = _date("Expiry date", "The registration stops counting on this day.")
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
    expires_on = _date("New expiry date", "The day the renewed credential stops counting.")


class InPersonEvaluationForm(PortalForm):
    evaluated_on = _date("Date of the in-person evaluation")
    confirmed = forms.BooleanField(
        label="I confirm a clinician evaluated this patient in person on that date",
        error_messages={"required": "Confirm that the evaluation took place in person."},
    )


class PatientSearchForm(PortalForm):
    term = forms.CharField(
        label="Name, email address or date of birth",
        max_length=200,
        help_text="At least 2 characters. A date of birth as 05/17/1980 or 1980-05-17.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter a name, an email address or a date of birth to search for.",
            "max_length": "Enter at most 200 characters.",
        },
    )

    def clean_term(self) -> str:
        term: str = " ".join(self.cleaned_data["term"].split())
        if len(term) < 2:
            raise forms.ValidationError("Enter at least 2 characters to search for.")
        if not any(character.isalnum() for character in term):
            raise forms.ValidationError(
                "Enter a name, an email address or a date of birth: letters or digits."
            )
        return term
