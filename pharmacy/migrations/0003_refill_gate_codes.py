"""The refill gate's codes as the clinical-safety contract names them."""

from django.db import migrations

REASON_NAMES = {
    "subscription_inactive": "subscription_not_active",
    "serious_adverse_event_open": "adverse_event_hold",
    "not_yet_filled": "too_early",
}
FLAG_NAMES = {"early": "early_refill"}
DROPPED_FLAGS = {"few_sessions_logged"}


def rename_codes(apps, schema_editor):
    requests = apps.get_model("pharmacy", "RefillRequest")
    for request in requests.objects.all():
        reasons = [REASON_NAMES.get(code, code) for code in request.reasons]
        flags = [FLAG_NAMES.get(f, f) for f in request.flags if f not in DROPPED_FLAGS]
        if reasons != request.reasons or flags != request.flags:
            request.reasons = reasons
            request.flags = flags
            request.save(update_fields=["reasons", "flags"])


class Migration(migrations.Migration):
    dependencies = [("pharmacy", "0002_carrier_event_id")]

    operations = [migrations.RunPython(rename_codes, migrations.RunPython.noop)]
