"""Encrypt the second-factor secrets stored in clear before ``accounts.secrets`` existed."""

from django.db import migrations

from accounts.secrets import encrypt_secret

FIELDS = {"totp": "secret", "recovery_codes": "seed"}


def encrypt_stored_secrets(apps, schema_editor):
    authenticators = apps.get_model("mfa", "Authenticator")
    for authenticator in authenticators.objects.filter(type__in=FIELDS):
        field = FIELDS[authenticator.type]
        value = authenticator.data.get(field)
        if isinstance(value, str):
            authenticator.data[field] = encrypt_secret(value)
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_stored_secrets, migrations.RunPython.noop)]
