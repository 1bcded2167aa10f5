"""A trigram index on email addresses, for the clinicians' patient search by part of an
address (PostgreSQL's pg_trgm; nothing on SQLite). On UPPER(email), as Django's
``icontains`` compares on PostgreSQL.
"""

from typing import Any

from django.db import migrations

CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS user_email_trigram "
    "ON accounts_user USING gin (UPPER(email) gin_trgm_ops)",
)
DROP = ("DROP INDEX IF EXISTS user_email_trigram",)


def _on_postgresql(statements: tuple[str, ...]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_encrypt_mfa_secrets")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
