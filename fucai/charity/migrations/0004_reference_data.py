from django.db import migrations


def load(apps, schema_editor):
    from fucai.charity.defaults import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("charity", "0003_activity_programme")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
