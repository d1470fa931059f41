from django.db import migrations


def load(apps, schema_editor):
    from fucai.recruitment.holidays import CN_2019, load_days

    # 2019 public holidays and make-up working days: the State Council notice figures.
    load_days(apps.get_model("recruitment", "CalendarDay"), CN_2019)


def unload(apps, schema_editor):
    from fucai.recruitment.holidays import CN_2019

    dates = [day for day, _working, _note in CN_2019]
    apps.get_model("recruitment", "CalendarDay").objects.filter(date__in=dates).delete()


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
