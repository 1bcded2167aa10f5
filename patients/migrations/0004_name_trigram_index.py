"""A trigram index on patients' names, so the clinicians' search by part of a name reads
an index rather than every patient (PostgreSQL's pg_trgm). SQLite has no such index: there
the migration does nothing, and the search reads the table as before.

The index is on UPPER(legal_name) because Django's ``icontains`` compares
``UPPER(legal_name) LIKE UPPER(term)`` on PostgreSQL.
"""

from typing import Any

from django.db import migrations

CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS patient_legal_name_trigram "
    "ON patients_patient USING gin (UPPER(legal_name) gin_trgm_ops)",
)
DROP = ("DROP INDEX IF EXISTS patient_legal_name_trigram",)


def _on_postgresql(statements: tuple[str, ...]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("patients", "0003_texts_allowed")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
