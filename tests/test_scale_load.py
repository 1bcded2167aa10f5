"""`make bench-scale` loads its practice in plain SQL (bench/scale_load.sql), past the
models' defaults. A column a migration adds as NOT NULL without a database default must be
named in each INSERT into its table, or the load stops at the first row: the accounts'
`language` column did, unseen until the benchmark next ran. Checked against the models,
with no database."""

import re
from pathlib import Path

from django.apps import apps
from django.db import models
from django.db.models.fields import NOT_PROVIDED

LOAD = Path(__file__).resolve().parent.parent / "bench" / "scale_load.sql"
INSERT = re.compile(r"INSERT INTO (\w+)\s*\(([^)]*)\)")


def required_columns(model: type[models.Model]) -> set[str]:
    """The columns an INSERT must name: NOT NULL, no database default, not generated."""
    return {
        str(field.column)
        for field in model._meta.concrete_fields
        if not field.null
        and field.db_default is NOT_PROVIDED
        and not isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)
    }


def test_every_insert_of_the_scale_load_names_each_column_its_table_requires() -> None:
    tables = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    inserts = INSERT.findall(LOAD.read_text())
    assert len(inserts) > 20, "the load's INSERTs were not found"
    missing = []
    for table, listed in inserts:
        assert table in tables, f"bench/scale_load.sql inserts into {table}, which no model has"
        named = {column.strip() for column in listed.split(",")}
        for column in sorted(required_columns(tables[table]) - named):
            missing.append(f"{table}.{column}")
    assert not missing, f"bench/scale_load.sql leaves out NOT NULL columns: {', '.join(missing)}"
