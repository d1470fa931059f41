from django.db import migrations


def load(apps, schema_editor):
    from fucai.welfare.defaults import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("welfare", "0002_payment_source_opening_return")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
