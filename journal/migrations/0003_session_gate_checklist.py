"""The session gate of the clinical-safety contract: the eight-item checklist, the pulse by
its name, and the refusal codes of each attempt in place of the failed items."""

import django.db.models.deletion
from django.db import migrations, models

# The items of a failed check before, and the contract's refusal each one stands for.
REFUSAL_OF_ITEM = {
    "reading": "vitals_implausible",
    "blood_pressure": "vitals_high",
    "heart_rate": "vitals_high",
    "monitor": "checklist_incomplete",
    "fasting": "checklist_incomplete",
    "driving": "checklist_incomplete",
    "safe_place": "checklist_incomplete",
}
SIDE_EFFECT_NAMES = {"bladder": "bladder_pain"}
FLAG_NAMES = {
    "self_harm_thoughts": "self_harm",
    "very_high_blood_pressure": "very_high_bp",
    "severe_reaction": "severe_reaction",
    "bladder_symptoms": "bladder",
}


def name_the_refusals(apps, schema_editor):
    checks = apps.get_model("journal", "SafetyCheck")
    for check in checks.objects.exclude(failed_items=[]):
        check.refusals = sorted({REFUSAL_OF_ITEM.get(item, item) for item in check.failed_items})
        check.save(update_fields=["refusals"])
    sessions = apps.get_model("journal", "HomeSession")
    for session in sessions.objects.all():
        effects = [SIDE_EFFECT_NAMES.get(e, e) for e in session.side_effects]
        flags = sorted(FLAG_NAMES.get(f, f) for f in session.red_flags)
        if effects != session.side_effects or flags != session.red_flags:
            session.side_effects = effects
            session.red_flags = flags
            session.save(update_fields=["side_effects", "red_flags"])


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0006_holds_weights_and_plan_end"),
        ("journal", "0002_fill_and_reminders"),
    ]

    operations = [
        migrations.RenameField("safetycheck", "heart_rate", "pulse"),
        migrations.RenameField("safetycheck", "nothing_eaten_for_two_hours", "fasted_2h"),
        migrations.RenameField("safetycheck", "no_driving_for_rest_of_day", "no_driving_today"),
        migrations.RenameField("safetycheck", "safe_place_to_rest", "safe_place"),
        migrations.AddField(
            "safetycheck",
            "no_alcohol_or_sedatives_24h",
            models.BooleanField(default=False),
        ),
        migrations.AddField(
            "safetycheck", "no_self_harm_thoughts", models.BooleanField(default=False)
        ),
        migrations.AddField("safetycheck", "feeling_well", models.BooleanField(default=False)),
        migrations.AddField("safetycheck", "not_pregnant", models.BooleanField(default=False)),
        migrations.AddField(
            "safetycheck",
            "refusals",
            models.JSONField(
                blank=True,
                default=list,
                help_text="The codes of every rule that refused the start.",
            ),
        ),
        migrations.RunPython(name_the_refusals, migrations.RunPython.noop),
        migrations.RemoveField("safetycheck", "failed_items"),
        migrations.RemoveField("safetycheck", "very_high_blood_pressure"),
        migrations.RemoveField("safetycheck", "clinician_flagged"),
        migrations.AddField(
            "homesession",
            "welfare_flagged_at",
            models.DateTimeField(
                blank=True,
                null=True,
                help_text="When no after-log came and the clinician was flagged.",
            ),
        ),
        migrations.AlterField(
            "homesession",
            "prescription",
            models.ForeignKey(
                blank=True,
                help_text="Empty only for doses on record from before the practice's "
                "prescriptions.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="home_sessions",
                to="care.prescription",
            ),
        ),
        migrations.AlterField(
            "homesession",
            "red_flags",
            models.JSONField(
                blank=True, default=list, help_text="The clinician flags the after-log raised."
            ),
        ),
    ]
