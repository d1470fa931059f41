from django.db import migrations


def load(apps, schema_editor):
    from fucai.training.defaults import load_default_courses

    load_default_courses(
        apps.get_model("training", "Course"),
        apps.get_model("training", "Exam"),
        apps.get_model("training", "Question"),
    )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
