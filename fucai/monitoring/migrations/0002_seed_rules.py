"""One rule row per alert kind, with the default thresholds (fucai.monitoring.defaults
at the time of writing, copied: a migration must not change when the code does)."""

from django.db import migrations

RULES = {
    "sales_jump": ("warning", {"z": 3.5, "window_days": 56, "min_history": 21, "min_peers": 5, "max_days": 7, "min_sales_yuan": 500, "weeks": 8}),
    "sales_drop": ("warning", {"z": 3.5, "window_days": 56, "min_history": 21, "min_peers": 5, "max_days": 7, "min_sales_yuan": 500, "weeks": 8}),
    "off_hours": ("critical", {}),
    "target_behind": ("info", {"tolerance": 0.1, "min_elapsed": 0.25}),
    "import_missing": ("critical", {"lookback_days": 7, "history_days": 28}),
    "insurance_lapse": ("warning", {"days": 30}),
    "certificate_lapse": ("warning", {"days": 30}),
}


def seed(apps, schema_editor):
    AlertRule = apps.get_model("monitoring", "AlertRule")
    for kind, (severity, params) in RULES.items():
        AlertRule.objects.get_or_create(kind=kind, defaults={"severity": severity, "params": params})


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
