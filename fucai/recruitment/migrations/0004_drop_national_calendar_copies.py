import datetime

from django.db import migrations

# The notes 0002 gave the 2019 rows it loaded from the State Council notice.
NATIONAL_NOTES = {
    "元旦",
    "春节",
    "春节调休上班",
    "清明节",
    "劳动节",
    "劳动节调休上班",
    "端午节",
    "中秋节",
    "国庆节",
    "国庆节调休上班",
}


def drop_copies(apps, schema_editor):
    """Delete the 2019 rows loaded by the old 0002 that say the same as chinese-calendar:
    CalendarDay now holds local overrides only. A row that differs is kept (it overrides)."""
    import chinese_calendar

    CalendarDay = apps.get_model("recruitment", "CalendarDay")
    rows = CalendarDay.objects.filter(
        date__range=(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)),
        note__in=NATIONAL_NOTES,
    )
    copies = [
        row.pk for row in rows if chinese_calendar.is_workday(row.date) == row.is_working_day
    ]
    CalendarDay.objects.filter(pk__in=copies).delete()


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0003_masked_columns")]

    operations = [migrations.RunPython(drop_copies, migrations.RunPython.noop)]
