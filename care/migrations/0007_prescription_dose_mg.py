"""The dose in mg on every prescription: written by the clinician from now on, and for those
signed before, the strength times the units of a dose."""

from django.db import migrations, models
from django.db.models import F


def fill_in_doses(apps, schema_editor):
    prescriptions = apps.get_model("care", "Prescription")
    prescriptions.objects.update(dose_mg=F("strength_mg") * F("units_per_dose"))


class Migration(migrations.Migration):
    dependencies = [("care", "0006_holds_weights_and_plan_end")]

    operations = [
        migrations.AddField(
            model_name="prescription",
            name="dose_mg",
            field=models.PositiveSmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RunPython(fill_in_doses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="prescription",
            name="dose_mg",
            field=models.PositiveSmallIntegerField(
                help_text="The dose in mg, written by the clinician and checked against the units."
            ),
        ),
    ]
