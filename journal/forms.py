"""The journal's forms. A failed safety item is a verdict, not a form error: only
a missing or malformed number is sent back as a problem, and everything typed is kept."""

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from clinical.safety import (
    CHECKLIST_ITEMS,
    AfterSessionLog,
    BloodPressure,
    SessionChecklist,
    SideEffect,
    VitalSigns,
)
from foundation.forms import PortalForm
from questionnaires.instruments import AnswerKind, Instrument

SIDE_EFFECT_LABELS = {
    SideEffect.NAUSEA: gettext_lazy("Nausea (feeling sick)"),
    SideEffect.VOMITING: gettext_lazy("Vomiting"),
    SideEffect.DIZZINESS: gettext_lazy("Dizziness"),
    SideEffect.HEADACHE: gettext_lazy("Headache"),
    SideEffect.CONFUSION: gettext_lazy("Confusion"),
    SideEffect.ANXIETY: gettext_lazy("Anxiety"),
    SideEffect.BLADDER_PAIN: gettext_lazy("Pain in your bladder or low in your belly"),
    SideEffect.URINARY_URGENCY: gettext_lazy(
        "A sudden, urgent need to pass urine, or passing it very often"
    ),
    SideEffect.BLOOD_IN_URINE: gettext_lazy("Blood in your urine (pink, red or brown)"),
    SideEffect.CHEST_PAIN: gettext_lazy("Chest pain or tightness"),
    SideEffect.BREATHLESSNESS: gettext_lazy("Trouble breathing"),
    SideEffect.PALPITATIONS: gettext_lazy("A racing or pounding heartbeat"),
    SideEffect.FAINTING: gettext_lazy("Fainting, or nearly fainting"),
    SideEffect.FALL_OR_INJURY: gettext_lazy("A fall, or an injury"),
}

CHECKLIST_LABELS = {
    "monitor_present": gettext_lazy("My treatment monitor is here and will stay within earshot."),
    "fasted_2h": gettext_lazy("I have not eaten anything in the last two hours."),
    "no_driving_today": gettext_lazy(
        "I will not drive or do anything risky for the rest of the day."
    ),
    "safe_place": gettext_lazy("I am in a safe place where I can sit or lie down."),
    "no_alcohol_or_sedatives_24h": (
        gettext_lazy(
            "I have had no alcohol, sleeping pills or other sedatives in the last 24 hours."
        )
    ),
    "no_self_harm_thoughts": gettext_lazy("I am not having thoughts of harming myself."),
    "feeling_well": gettext_lazy("I feel well today: no fever, no new illness."),
    "not_pregnant": gettext_lazy("I am not pregnant and do not think I could be."),
}

ZERO_TO_TEN = [(str(n), str(n)) for n in range(11)]


def _whole_number(label: str) -> str:
    return gettext("%(label)s takes a whole number, like the one on your monitor.") % {
        "label": gettext(label)
    }


whole_number = lazy(_whole_number, str)
"""The error for a reading that is not a whole number, in the language of the page."""


def _number(label: str, help_text: str, missing: str) -> forms.IntegerField:
    """A reading's field; ``label`` is a message id, translated when the page is drawn."""
    not_a_number = whole_number(label)
    return forms.IntegerField(
        label=gettext_lazy(label),
        help_text=gettext_lazy(help_text),
        min_value=0,
        max_value=400,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy(missing),
            "invalid": not_a_number,
            "min_value": not_a_number,
            "max_value": not_a_number,
        },
    )


class SafetyCheckForm(PortalForm):
    systolic = _number(
        gettext_noop("Top number (systolic)"),
        gettext_noop("The larger number, in mmHg."),
        gettext_noop("Enter the top number."),
    )
    diastolic = _number(
        gettext_noop("Bottom number (diastolic)"),
        gettext_noop("The smaller number, in mmHg."),
        gettext_noop("Enter the bottom number."),
    )
    pulse = _number(
        gettext_noop("Pulse"),
        gettext_noop("Beats a minute, as your monitor shows it."),
        gettext_noop("Enter your pulse."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in CHECKLIST_ITEMS:
            self.fields[item] = forms.BooleanField(required=False, label=CHECKLIST_LABELS[item])

    def readings(self) -> VitalSigns:
        data = self.cleaned_data
        return VitalSigns(data["systolic"], data["diastolic"], data["pulse"])

    def checklist(self) -> SessionChecklist:
        return SessionChecklist(**{item: self.cleaned_data[item] for item in CHECKLIST_ITEMS})

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[item] for item in CHECKLIST_ITEMS]


class AfterLogForm(PortalForm):
    pain_now = forms.TypedChoiceField(
        label=gettext_lazy("Your pain now, from 0 (none) to 10 (the worst you can imagine)"),
        choices=ZERO_TO_TEN,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a number for your pain now.")},
    )
    dissociation = forms.TypedChoiceField(
        label=gettext_lazy(
            "How detached or dream-like it felt, from 0 (not at all) to 10 (completely)"
        ),
        choices=ZERO_TO_TEN,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a number for how detached it felt.")},
    )
    side_effects = forms.MultipleChoiceField(
        label=gettext_lazy("Side effects (tick any you had)"),
        choices=[(effect.value, label) for effect, label in SIDE_EFFECT_LABELS.items()],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    after_systolic = forms.IntegerField(
        label=gettext_lazy("Blood pressure now, top number (if you took it)"),
        required=False,
        min_value=0,
        max_value=400,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    after_diastolic = forms.IntegerField(
        label=gettext_lazy("Blood pressure now, bottom number (if you took it)"),
        required=False,
        min_value=0,
        max_value=400,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    self_harm_thoughts = forms.BooleanField(
        required=False, label=gettext_lazy("I have had thoughts of harming myself.")
    )
    note = forms.CharField(
        label=gettext_lazy("Anything else (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        top, bottom = data.get("after_systolic"), data.get("after_diastolic")
        if (top is None) != (bottom is None):
            self.add_error(
                "after_systolic" if top is None else "after_diastolic",
                gettext("Enter both blood pressure numbers, or neither."),
            )
        return data

    def after_log(self) -> AfterSessionLog:
        data = self.cleaned_data
        top, bottom = data["after_systolic"], data["after_diastolic"]
        return AfterSessionLog(
            pain_now=data["pain_now"],
            dissociation=data["dissociation"],
            side_effects=frozenset(SideEffect(effect) for effect in data["side_effects"]),
            blood_pressure=BloodPressure(top, bottom) if top is not None else None,
            self_harm_thoughts=data["self_harm_thoughts"],
            note=data["note"],
        )


class ExerciseLogForm(PortalForm):
    completed = forms.BooleanField(required=False, label=gettext_lazy("I finished the exercise."))
    discomfort = forms.TypedChoiceField(
        label=gettext_lazy("Discomfort while doing it, from 0 (none) to 10 (the worst)"),
        choices=ZERO_TO_TEN,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a number for your discomfort.")},
    )
    note = forms.CharField(
        label=gettext_lazy("How it went (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
    )


class CheckInForm(PortalForm):
    """One radio group per item of the instrument, in the wording it is asked in now (ours,
    or the published wording the practice supplied): item texts and answer labels alike.
    ``wording`` is that wording, which the page marks and the check-in records."""

    def __init__(self, instrument: Instrument, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.wording = instrument.wording
        for number, item in enumerate(instrument.items, start=1):
            if item.options:
                choices = [(str(o.value), o.label) for o in item.options]
            elif item.kind is AnswerKind.YES_NO:
                choices = [("1", gettext("Yes")), ("0", gettext("No"))]
            else:
                choices = [(str(n), str(n)) for n in range(item.minimum, item.maximum + 1)]
            self.fields[item.id] = forms.TypedChoiceField(
                label=f"{number}. {item.label}",
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Answer question %(number)s.") % {"number": number}
                },
            )

    def responses(self) -> dict[str, int | bool]:
        return {
            item.id: bool(self.cleaned_data[item.id])
            if item.kind is AnswerKind.YES_NO
            else int(self.cleaned_data[item.id])
            for item in self.instrument.items
        }
