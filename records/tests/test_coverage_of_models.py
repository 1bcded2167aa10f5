"""Every model that holds a person's data is exported, or docs/ehi-export.md says why not.

A model holds a person's data when it is the account or the patient, or points at a model
that does (following foreign keys). A new such model fails this test until it has a
mapping in records/mapping.py or a row in the document's "Left out" table.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from accounts.models import User
from patients.models import Patient
from records.mapping import exported_models

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "ehi-export.md"


def holds_personal_data() -> set[str]:
    holding = {User._meta.label_lower, Patient._meta.label_lower}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            label = model._meta.label_lower
            if label in holding:
                continue
            targets = {
                f.related_model._meta.label_lower
                for f in model._meta.concrete_fields
                if isinstance(f, models.ForeignKey)
                and not isinstance(f.related_model, str)
                and f.related_model is not None
            }
            if targets & holding:
                holding.add(label)
                grew = True
    return holding


def left_out_with_a_reason() -> dict[str, str]:
    section = DOCUMENT.read_text().split("## Left out", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \| (.+?) \|$", section, flags=re.MULTILINE)
    return {label: reason.strip() for label, reason in rows}


def test_every_model_holding_personal_data_is_exported_or_left_out_with_a_reason() -> None:
    exported = {model._meta.label_lower for model in exported_models()}
    left_out = left_out_with_a_reason()
    missing = sorted(holds_personal_data() - exported - set(left_out))
    assert not missing, f"Neither exported nor left out in {DOCUMENT.name}: {missing}"
    assert all(len(reason) > 20 for reason in left_out.values())


def test_nothing_is_both_exported_and_left_out() -> None:
    exported = {model._meta.label_lower for model in exported_models()}
    assert not exported & set(left_out_with_a_reason())
