"""Each completed check-in records the language it was answered in (en or es). Every
check-in completed before this was answered in English: the check-in page had no Spanish."""

from typing import Any

from django.db import migrations, models


def mark_earlier_check_ins(apps: Any, schema_editor: Any) -> None:
    CheckIn = apps.get_model("journal", "CheckIn")
    CheckIn.objects.filter(completed_at__isnull=False).update(language="en")


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0006_missed_check_ins_by_id"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkin",
            name="language",
            field=models.CharField(
                blank=True,
                default="",
                help_text="The language the check-in was answered in: en (English) or es (Spanish).",
                max_length=8,
            ),
        ),
        migrations.RunPython(mark_earlier_check_ins, migrations.RunPython.noop),
    ]
