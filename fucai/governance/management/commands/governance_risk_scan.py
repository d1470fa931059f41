import datetime

from django.core.management.base import BaseCommand, CommandError

from fucai.governance.services.risk import risk_scan


def _month(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--month takes a month as YYYY-MM, not {text!r}.") from None


class Command(BaseCommand):
    help = (
        "Scan the sales rollups for anomalous stations and propose special inspections "
        "(default: the last complete month of sales data). Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", type=_month, help="Month to scan (YYYY-MM).")

    def handle(self, *args, month=None, **options) -> None:
        result = risk_scan(month=month)
        created = ", ".join(f"{rule}: {n}" for rule, n in sorted(result.created.items()))
        self.stdout.write(
            f"{result.month:%Y-%m}: {sum(result.created.values())} new proposals"
            f"{f' ({created})' if created else ''}, {result.existing} already proposed."
        )
