"""Each completed check-in records the wording it was answered in, and the PCL-5 joins the
instruments. Every check-in completed before this was answered in our own adapted wording
(no practice could supply the published wording yet), or in our own pain-now question."""

from typing import Any

from django.db import migrations, models


def mark_earlier_check_ins(apps: Any, schema_editor: Any) -> None:
    CheckIn = apps.get_model("journal", "CheckIn")
    done = CheckIn.objects.filter(completed_at__isnull=False)
    done.filter(instrument="pain_now").update(wording="own-1")
    done.exclude(instrument="pain_now").update(wording="adapted-1")


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0003_session_gate_checklist"),
    ]

    operations = [
        migrations.AddField(
            model_name="checkin",
            name="wording",
            field=models.CharField(
                blank=True,
                default="",
                help_text=(
                    "The wording the check-in was answered in: adapted-1 (our own), own-1 "
                    "(our own question) or published-<first 12 hex digits of the wording "
                    "file's SHA-256>."
                ),
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="checkin",
            name="instrument",
            field=models.CharField(
                choices=[
                    ("peg", "Pain and how it affects you (PEG)"),
                    ("phq9", "Mood (PHQ-9)"),
                    ("gad7", "Worry and anxiety (GAD-7)"),
                    ("pc_ptsd5", "After a frightening experience (PC-PTSD-5)"),
                    ("pcl5", "Living with a past trauma (PCL-5)"),
                    ("pain_now", "Pain right now"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(mark_earlier_check_ins, migrations.RunPython.noop),
    ]
