from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fucai.core.money import format_yuan
from fucai.sales.choices import ImportStatus
from fucai.sales.services import sales_import


class Command(BaseCommand):
    help = "Import a CSV or XLSX file of daily sales (all rows or none)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite the (station, game, date) rows the file covers.",
        )
        parser.add_argument(
            "--user", help="Username to record as the importer (needs sales.import)."
        )

    def handle(self, *args, file: Path, replace: bool, user: str | None, **options):
        acting_user = None
        if user:
            try:
                acting_user = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user named {user!r}.") from None
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        with file.open("rb") as handle:
            batch = sales_import(
                acting_user=acting_user, file=handle, filename=file.name, replace=replace
            )
        if batch.duplicate:
            self.stdout.write(
                f"Already imported as batch {batch.pk} on {batch.created_at:%Y-%m-%d %H:%M}; "
                "nothing changed."
            )
            return
        if batch.status != ImportStatus.SUCCEEDED:
            for error in batch.errors:
                self.stderr.write(
                    f"row {error['row']}, column {error['column'] or '-'}, "
                    f"value {error['value']!r}: {error['reason']}"
                )
            raise CommandError(
                f"{file.name}: rejected with {len(batch.errors)} errors; nothing was imported."
            )
        seconds = (batch.finished_at - batch.started_at).total_seconds()
        total = sum(line["sales_fen"] for line in batch.by_game)
        self.stdout.write(
            f"Batch {batch.pk}: {batch.rows} rows ({batch.inserted} inserted, "
            f"{batch.replaced} replaced), {batch.date_from} .. {batch.date_to}, "
            f"sales {format_yuan(total)}, {seconds:.1f} s "
            f"({batch.rows / max(seconds, 1e-9):,.0f} rows/s)."
        )
