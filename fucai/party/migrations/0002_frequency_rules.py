from django.db import migrations

RULES = [
    ("general", "quarter", 1),
    ("committee", "month", 1),
    ("group", "month", 1),
    ("lecture", "quarter", 1),
    ("theme_day", "month", 1),
    ("life", "year", 1),
    ("evaluation", "year", 1),
]


def load(apps, schema_editor):
    rule = apps.get_model("party", "FrequencyRule")
    for kind, period, minimum in RULES:
        rule.objects.get_or_create(kind=kind, defaults={"period": period, "minimum": minimum})


class Migration(migrations.Migration):
    dependencies = [("party", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
