"""Form fields that turn any input, however odd, into a clear message and never a 500."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

LARGEST_ID = 2**63 - 1
"""The largest primary key a 64-bit integer column holds (SQLite's and PostgreSQL's)."""


class RecordsField(forms.ModelMultipleChoiceField):
    """A choice of several records by id, where an id too large for the database, or not
    a number, is an invalid choice rather than an error deep in the database driver."""

    def clean(self, value: Any) -> Any:
        for item in value or ():
            text = str(item).strip()
            if not text.isdigit() or not 1 <= int(text) <= LARGEST_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super().clean(value)
