from django.db import migrations


def load(apps, schema_editor):
    from fucai.governance.defaults_checklists import load_default_checklists

    load_default_checklists(apps)


class Migration(migrations.Migration):
    dependencies = [("governance", "0003_plan_campaign_unique")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
