from django.db import migrations


def load(apps, schema_editor):
    from fucai.sales.defaults import load_default_games

    load_default_games(apps.get_model("sales", "Game"), apps.get_model("sales", "SplitRate"))


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
