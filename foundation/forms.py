"""The base of every form of the practice's pages, and fields that turn any input, however
odd, into a clear message and never a 500."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

LARGEST_ID = 2**63 - 1
"""The largest primary key a 64-bit integer column holds (SQLite's and PostgreSQL's)."""


def is_record_id(field: models.Field, value: Any) -> bool:
    """Whether `value` can name a row by `field` (a primary key, usually): it parses as the
    field's type and, for a whole number, fits the database's 64-bit column. Digits that
    are not decimal ('²', '①') and numbers too large for the column are no ids."""
    try:
        parsed = field.to_python(str(value).strip())
    except ValidationError:
        return False
    if isinstance(field, models.IntegerField):
        return parsed is not None and -LARGEST_ID - 1 <= parsed <= LARGEST_ID
    return parsed is not None


class RecordsField(forms.ModelMultipleChoiceField):
    """A choice of several records by id, where an id too large for the database, or not
    a number, is an invalid choice rather than an error deep in the database driver."""

    def clean(self, value: Any) -> Any:
        assert self.queryset is not None
        model = self.queryset.model
        key = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        assert key is not None
        for item in value if isinstance(value, list | tuple) else ():
            if not is_record_id(key, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super().clean(value)


class PortalForm(forms.Form):
    """Every form of the practice's pages: labels without a colon, and its errors in the
    order the fields appear, for the summary at the top of the page."""

    error_css_class = "field-error"
    required_css_class = "field-required"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def errors_in_order(self) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in the order fields appear."""
        found = [
            (self[name].id_for_label or "", str(error))
            for name in self.fields
            for error in self.errors.get(name, [])
        ]
        found += [("", str(error)) for error in self.non_field_errors()]
        return found


def date_field(label: str, help_text: str = "") -> forms.DateField:
    """A date picked on a calendar, with messages that name the date asked for."""
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": f"Enter the {label.lower()} as month, day and year, like 01/31/2028.",
        },
    )
