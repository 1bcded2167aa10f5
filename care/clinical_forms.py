"""The clinician's forms: each gathers what one verb in care.actions needs."""

from typing import Any

from django import forms

from care.actions import PlanChoices, PrescriptionChoices, SafetyPlan
from care.models import Decision, ExerciseProgramme, Referral, SuicideRisk
from clinical import budapest, icd10, severity
from clinical.directions import DosageForm
from foundation.forms import PortalForm


def _words(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _checkboxes(label: str, values: list[str], help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        help_text=help_text,
        choices=[(value, _words(value)) for value in values],
        widget=forms.CheckboxSelectMultiple,
    )


def _number(
    label: str,
    *,
    initial: int | None = None,
    least: int = 0,
    most: int = 600,
    help_text: str = "",
) -> Any:
    return forms.IntegerField(
        label=label,
        initial=initial,
        help_text=help_text,
        min_value=least,
        max_value=most,
        error_messages={"required": f"Enter {label.lower()}."},
    )


def _text(label: str, *, required: bool = True, rows: int = 3, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label.lower()}."},
    )


class ConsultNoteForm(PortalForm):
    subjective = _text("Subjective", required=False)
    objective = _text("Objective", required=False)
    assessment = _text("Assessment", required=False)
    plan = _text("Plan", required=False)
    audio_video_confirmed = forms.BooleanField(
        label="This visit took place by audio and video together", required=False
    )


def _all(table: Any) -> list[str]:
    return sorted({finding.value for findings in table.values() for finding in findings})


class BudapestForm(PortalForm):
    continuing_disproportionate_pain = forms.BooleanField(
        label="Continuing pain out of proportion to any inciting event", required=False
    )
    symptoms = _checkboxes("Symptoms the patient reports", _all(budapest.SYMPTOMS))
    signs = _checkboxes("Signs seen at the exam", _all(budapest.SIGNS))
    better_explained_by_another_diagnosis = forms.BooleanField(
        label="Another diagnosis better explains the signs and symptoms", required=False
    )


class SeverityForm(PortalForm):
    symptoms = _checkboxes("Symptoms reported", [item.value for item in severity.ReportedSymptom])
    signs = _checkboxes("Signs seen", [item.value for item in severity.SignSeen])


class DiagnosisForm(PortalForm):
    code = forms.ChoiceField(
        label="ICD-10-CM code",
        choices=[("", "Choose a code")]
        + [(code, f"{code} {entry.description}") for code, entry in icd10.PRACTICE_CODES.items()],
        error_messages={"required": "Choose a diagnosis code."},
    )


class DecisionForm(PortalForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve, decline, refer or pause."},
    )
    referral = forms.ChoiceField(
        label="Refer to", required=False, choices=[("", "Not referring"), *Referral.choices]
    )
    reason_for_patient = _text(
        "Reason the patient will read",
        required=False,
        help_text="Needed when you decline or refer. Plain words, no jargon.",
    )
    why = _text("Your reasoning, for the record")


class PlanForm(PortalForm):
    indication = forms.CharField(
        label="Indication", max_length=200, error_messages={"required": "Name the indication."}
    )
    induction_mg_per_session = _number("Induction: mg per session", least=1)
    induction_sessions_per_week = _number("Induction: most sessions per week", least=1, most=7)
    maintenance_mg_per_session = _number("Maintenance: mg per session", least=1)
    maintenance_sessions_per_week = _number("Maintenance: most sessions per week", least=1, most=7)
    no_dose_systolic_from = _number("Do not dose from systolic pressure", initial=160)
    no_dose_diastolic_from = _number("Do not dose from diastolic pressure", initial=100)
    no_dose_heart_rate_above = _number("Do not dose with a heart rate above", initial=100)
    check_in_every_days = _number("Check-in every (days)", initial=7, least=1, most=28)
    exercise_programme = forms.ChoiceField(
        label="Physical-therapy programme after sessions", choices=ExerciseProgramme.choices
    )

    def choices(self) -> PlanChoices:
        return PlanChoices(**self.cleaned_data)


class PdmpCheckForm(PortalForm):
    reference = forms.CharField(
        label="Report reference",
        max_length=100,
        error_messages={"required": "Enter the reference of the report you looked at."},
    )
    summary = _text("What the report showed")
    attest = forms.BooleanField(
        label="I looked this patient up in the state's programme myself, just now",
        error_messages={"required": "Confirm that you looked the patient up yourself."},
    )


class PrescribeForm(PortalForm):
    form = forms.ChoiceField(
        label="Form",
        choices=[(item.value, _words(item.value)) for item in DosageForm],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose troche or rapid-dissolve tablet."},
    )
    dose_mg = _number(
        "Dose (mg)",
        least=1,
        help_text="Written in mg, and checked against the strength times the units.",
    )
    strength_mg = _number("Strength of each unit (mg)", least=1)
    units_per_dose = _number("Units per dose", initial=1, least=1, most=2)
    doses_per_week = _number("Most doses in 7 days", least=1, most=7)
    hold_minutes = _number("Minutes under the tongue", initial=15, least=10, most=30)
    days_supply = _number("Days' supply", initial=28, least=1, most=30)
    refills = _number("Refills", initial=0, most=99)
    pharmacy_name = forms.CharField(
        label="Pharmacy", max_length=200, error_messages={"required": "Name the pharmacy."}
    )

    def choices(self) -> PrescriptionChoices:
        return PrescriptionChoices(**self.cleaned_data)


class CancelPrescriptionForm(PortalForm):
    reason = _text("Why you are cancelling it")


class ReviewAdverseEventForm(PortalForm):
    confirm = forms.BooleanField(
        label="I have reviewed this event",
        help_text="A serious event's hold is cleared on its own, with a note.",
        error_messages={"required": "Confirm that you have reviewed the event."},
    )


class ClearHoldForm(PortalForm):
    note = _text(
        "What you discussed with the patient, and why doses may go on",
        rows=5,
        help_text="Required: this note is the record that the hold was cleared safely.",
    )


class WeightForm(PortalForm):
    kg = forms.DecimalField(
        label="Weight (kg)",
        min_value=20,
        max_value=350,
        decimal_places=1,
        error_messages={
            "required": "Enter the weight in kg.",
            "invalid": "Enter the weight in kg, like 72.5.",
            "min_value": "A weight from 20 to 350 kg, please: check the number and the unit.",
            "max_value": "A weight from 20 to 350 kg, please: check the number and the unit.",
            "max_decimal_places": "One decimal place at most, like 72.5.",
        },
    )
    measured_on = forms.DateField(
        label="Measured on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the day it was measured.", "invalid": "Enter a date."},
    )


class EndPlanForm(PortalForm):
    reason = _text("Why the plan ends (no doses are offered until a new plan is written)")


class SuicideRiskForm(PortalForm):
    risk = forms.ChoiceField(
        label="Level of risk",
        choices=SuicideRisk.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level of risk: low, moderate or high."},
    )
    findings = _text(
        "What you asked and found",
        rows=4,
        help_text="Thoughts of death or suicide, intent, a plan, past attempts, what protects.",
    )
    warning_signs = _text("Warning signs the patient will watch for")
    coping_steps = _text("Steps the patient will take on their own")
    people_to_contact = _text(
        "People and services to contact", help_text="Include 988 and 911, and the monitor."
    )
    means_made_safe = _text("How the means of harm are made safe at home")

    def plan(self) -> SafetyPlan:
        return SafetyPlan(**self.cleaned_data)


class PlanReviewForm(PortalForm):
    objectives_progress = _text("Progress against the plan's objectives", rows=4)
    drug_screening = _text(
        "Drug screening", help_text="Done, and its result; or why it is not needed now."
    )
    continue_treatment = forms.BooleanField(
        label="Treatment goes on under this plan", required=False
    )
