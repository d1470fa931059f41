import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models.functions import TruncMonth

from fucai.sales import rollups
from fucai.sales.models import SalesDay, SalesMonth
from fucai.sales.services import serialize_imports


def _month(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--since takes a month as YYYY-MM, not {text!r}.") from None


class Command(BaseCommand):
    help = (
        "Recompute the monthly sales rollups and their summaries from the daily rows, "
        "e.g. after restoring daily rows from a backup. Waits for running imports."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=_month, help="First month to rebuild (YYYY-MM).")

    @transaction.atomic
    def handle(self, *args, since: datetime.date | None, **options):
        serialize_imports()
        days = SalesDay.objects.all()
        months = SalesMonth.objects.all()
        if since is not None:
            days, months = days.filter(date__gte=since), months.filter(month__gte=since)
        emptied = set(months.values_list("month", flat=True).distinct())
        months.delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "CREATE TEMP TABLE sales_rebuild ON COMMIT DROP AS "
                    "SELECT DISTINCT station_id, game_id, date_trunc('month', date)::date AS date "
                    "FROM sales_salesday WHERE date >= %s",
                    [since or datetime.date.min],
                )
            written = rollups.recompute_from_staging("sales_rebuild")
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE sales_rebuild")
        else:
            keys = (
                days.annotate(month=TruncMonth("date"))
                .values_list("station_id", "game_id", "month")
                .distinct()
            )
            written = rollups.recompute_months(list(keys))
        # Months that no longer have any day keep no summary either.
        rollups.refresh_summaries(emptied - set(SalesMonth.objects.values_list("month", flat=True)))
        self.stdout.write(f"{written} monthly rollups rebuilt from the daily rows.")
