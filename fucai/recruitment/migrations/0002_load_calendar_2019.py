from django.db import migrations

# This migration used to load a hand-kept table of the 2019 public holidays into
# CalendarDay. The national calendar now comes from chinese-calendar (all years it
# supports) and CalendarDay holds local overrides only; 0004 removes the 2019 rows that
# merely repeated the national calendar. Kept, empty, so the migration graph is unchanged.


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]

    operations = []
