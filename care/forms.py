"""Forms for booking visits, publishing availability, the in-person evaluation and the
patient search."""

import datetime
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import dateformat, translation
from django.utils.translation import gettext_lazy

from care.consults import Slot
from care.times import ZONE_CHOICES, in_zone
from foundation.forms import PortalForm, date_field


class SlotForm(PortalForm):
    slot = forms.ChoiceField(
        label=gettext_lazy("Choose a time"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose a time for your visit."),
            "invalid_choice": gettext_lazy(
                "That time is no longer free. Please choose another one."
            ),
        },
    )

    def __init__(self, *args: Any, slots: list[Slot], where: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = slots
        self.where = where
        field = self.fields["slot"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(slot.value, slot.value) for slot in slots]

    def grouped(self) -> list[dict[str, Any]]:
        """Slots by clinician, then by day, as the viewer's clock reads them: 'Sunday 6
        December' and '9:30 AM'; in Spanish, when active, 'domingo 6 de diciembre' and
        '09:30'."""
        spanish = translation.get_language() == "es"
        chosen = self.data.get("slot") if self.is_bound else None
        by_clinician: dict[Any, dict[datetime.date, list[dict[str, Any]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for index, slot in enumerate(self.slots):
            local = in_zone(slot.starts_at, self.where)
            hour = local.strftime("%I").lstrip("0")
            label = dateformat.format(local, "H:i") if spanish else f"{hour}:{local:%M %p}"
            by_clinician[slot.clinician][local.date()].append(
                {
                    "value": slot.value,
                    "id": f"slot-{index}",
                    "label": label,
                    "checked": slot.value == chosen,
                }
            )
        return [
            {
                "clinician": clinician,
                "days": [
                    {"label": _day_label(day, spanish=spanish), "times": times}
                    for day, times in sorted(days.items())
                ],
            }
            for clinician, days in sorted(by_clinician.items(), key=lambda item: item[0].full_name)
        ]


def _day_label(day: datetime.date, *, spanish: bool) -> str:
    if spanish:
        return dateformat.format(day, "l j \\d\\e F")
    return f"{day:%A} {day.day} {day:%B}"


class AvailabilityForm(PortalForm):
    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Choose the day.", "invalid": "Enter the day as a date."},
    )
    start_time = forms.TimeField(
        label="From",
        widget=forms.TimeInput(attrs={"type": "time", "step": 1800}),
        error_messages={
            "required": "Enter the start time.",
            "invalid": "Enter a time, like 09:00.",
        },
    )
    end_time = forms.TimeField(
        label="Until",
        widget=forms.TimeInput(attrs={"type": "time", "step": 1800}),
        error_messages={"required": "Enter the end time.", "invalid": "Enter a time, like 12:00."},
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=ZONE_CHOICES)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        zone = cleaned.get("time_zone")
        if day and start and end and zone:
            where = ZoneInfo(zone)
            cleaned["starts_at"] = datetime.datetime.combine(day, start, tzinfo=where)
            cleaned["ends_at"] = datetime.datetime.combine(day, end, tzinfo=where)
            if start.minute % 30 or end.minute % 30:
                self.add_error("start_time", "Start and end on the hour or the half hour.")
        return cleaned


class ZoneForm(forms.Form):
    time_zone = forms.ChoiceField(label=gettext_lazy("Show times in"), choices=ZONE_CHOICES)


class InPersonEvaluationForm(PortalForm):
    evaluated_on = date_field("Date of the in-person evaluation")
    confirmed = forms.BooleanField(
        label="I confirm a clinician evaluated this patient in person on that date",
        error_messages={"required": "Confirm that the evaluation took place in person."},
    )


class PatientSearchForm(PortalForm):
    term = forms.CharField(
        label="Name, email address or date of birth",
        max_length=200,
        help_text=(
            "At least 2 characters. A date of birth as 05/17/1980 or 1980-05-17; a "
            "patient's id whole, as in the address of their chart."
        ),
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
