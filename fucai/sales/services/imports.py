"""Writes to sales data: importing daily sales files. Validated, audited, in one
transaction per file."""

import logging
import zlib
from collections.abc import Callable
from typing import IO

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import IMPORT_SALES
from fucai.core.services import require

from .. import fastpath
from ..choices import ImportMode, ImportStatus
from ..loading import finds_duplicates, loader_for
from ..models import SalesImport
from ..parsing import FileFormatError, RowError, inspect_file, iter_records
from ..signals import sales_imported
from ..totals import TotalsChecker
from ..validation import RowValidator

logger = logging.getLogger(__name__)

# One lock for every import: overlapping files must not interleave (two inserts of the
# same key, or a rollup computed while another import is half-written). Imports are
# rare and serialising them all is simpler than locking per station or month.
_IMPORT_LOCK = zlib.crc32(b"fucai.sales.import")

# How often (in data rows) an import calls its ``progress`` callback.
PROGRESS_EVERY = 5000

_AUDITED_FIELDS = [
    "filename",
    "mode",
    "status",
    "rows",
    "inserted",
    "replaced",
    "date_from",
    "date_to",
]


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError], rows: int = 0):
        super().__init__(f"{len(errors)} errors")
        self.errors = sorted(errors, key=lambda e: e.row)
        self.rows = rows


def serialize_imports() -> None:
    """Wait for any other import to finish. On PostgreSQL a transaction-scoped advisory
    lock; SQLite transactions are BEGIN IMMEDIATE (settings), which already take the
    database's single write lock at the start."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK])


def _load(
    batch: SalesImport,
    file: IO[bytes],
    info,
    *,
    replace: bool,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Parse, check and write every row; raise ImportRejected with all problems found."""
    fast = fastpath.try_fast_load(batch, file, info, replace=replace)
    if fast is not None:
        batch.rows, batch.inserted, batch.replaced = fast.rows, fast.inserted, fast.replaced
        batch.date_from, batch.date_to = fast.date_from, fast.date_to
        batch.by_game = fast.by_game
        if progress is not None:
            progress(fast.rows)
        return
    try:
        columns, records = iter_records(file, info)
    except FileFormatError as error:
        raise ImportRejected([error.error]) from None
    validator = RowValidator(columns, find_duplicates=not finds_duplicates())
    errors: list[RowError] = []
    max_errors = settings.FUCAI_IMPORT_MAX_ERRORS
    rows = 0
    by_game: dict[int, dict] = {}
    totals = TotalsChecker(columns)
    with loader_for(batch, validator, replace=replace) as loader:
        try:
            for raw in records:
                if raw.total:
                    # A 合计 / 小计 row is no sale: it is checked against its rows (a
                    # 本年累计 row is only counted).
                    row, row_errors = None, totals.check(raw)
                else:
                    row, row_errors = validator.check(raw)
                    if row_errors and columns.repeats_header(raw):
                        continue  # the header again, as a report prints it on each page
                    rows += 1
                    if progress is not None and rows % PROGRESS_EVERY == 0:
                        progress(rows)
                    totals.add(raw, row)
                if row_errors:
                    errors.extend(row_errors)
                    loader.accepting = False
                    if len(errors) >= max_errors:
                        # The file is rejected anyway; listing millions of errors would
                        # hold them all in memory for nobody to read.
                        errors.append(_too_many_errors(raw.row, max_errors))
                        break
                elif row is not None:
                    loader.add(row)
                    game = by_game.setdefault(
                        row.game_id, {"game": row.game_id, "rows": 0, "sales_fen": 0, "tickets": 0}
                    )
                    game["rows"] += 1
                    game["sales_fen"] += row.sales_fen
                    game["tickets"] += row.tickets
        except FileFormatError as error:
            errors.append(error.error)
            loader.accepting = False
        errors.extend(loader.finish()[: max(0, max_errors - len(errors))])
        if errors:
            raise ImportRejected(errors, rows)
        if rows == 0:
            raise ImportRejected([RowError(0, "", "", str(_("The file has no data rows.")))])
        batch.inserted, batch.replaced = loader.merge()
        loader.recompute_rollups()
        loader.cleanup()
    batch.rows = rows
    batch.total_rows = totals.checked  # reported to the uploader; not stored
    batch.to_date_rows = totals.to_date  # likewise
    batch.date_from, batch.date_to = validator.date_from, validator.date_to
    batch.by_game = [by_game[game] for game in sorted(by_game)]


def _too_many_errors(row: int, limit: int) -> RowError:
    reason = _("More than %(limit)s errors; the rest of the file was not checked.") % {
        "limit": f"{limit:,}"
    }
    return RowError(row=row, column="", value="", reason=str(reason))


def sales_import(
    *,
    acting_user,
    file: IO[bytes],
    filename: str,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> SalesImport:
    """Import a file of daily sales (CSV or XLSX) as one batch, all or nothing.

    A file with any bad row is rejected whole: nothing is written and the returned batch
    has status ``failed`` and every error. A file already imported successfully (same
    SHA-256) changes nothing: the earlier batch is returned with ``duplicate`` set. In
    insert mode a row whose (station, game, date) is already stored is an error; in
    replace mode exactly those rows are overwritten. The monthly rollups of the touched
    (station, game, month)s are recomputed in the same transaction.

    ``acting_user=None`` means a trusted server-side caller (the ``import_sales``
    command, a Celery task); web views always pass ``request.user``. ``progress``, if
    given, is called with the number of data rows read every ``PROGRESS_EVERY`` rows
    (a background job reports it to the user).
    """
    if acting_user is not None:
        require(acting_user, IMPORT_SALES)
    batch, crash = _import(
        acting_user=acting_user, file=file, filename=filename, replace=replace, progress=progress
    )
    if crash is not None:
        # Raised only now, after the commit that keeps the failed batch on record.
        raise crash
    if batch.status == ImportStatus.SUCCEEDED and not getattr(batch, "duplicate", False):
        sales_imported.send(sender=SalesImport, batch=batch)
    return batch


@transaction.atomic
def _import(
    *, acting_user, file: IO[bytes], filename: str, replace: bool, progress=None
) -> tuple[SalesImport, Exception | None]:
    actor = acting_user if getattr(acting_user, "is_authenticated", False) else None
    serialize_imports()
    info = inspect_file(file)
    earlier = SalesImport.objects.filter(
        checksum=info.checksum, status=ImportStatus.SUCCEEDED
    ).first()
    if earlier is not None:
        earlier.duplicate = True
        return earlier, None
    batch = SalesImport(
        filename=filename[:255],
        checksum=info.checksum,
        mode=ImportMode.REPLACE if replace else ImportMode.INSERT,
        created_by=actor,
        started_at=timezone.now(),
        status=ImportStatus.RUNNING,
    )
    batch.full_clean()
    batch.save()
    crash = None
    try:
        # A savepoint: on any failure the rows are gone but the batch stays, failed.
        with transaction.atomic():
            _load(batch, file, info, replace=replace, progress=progress)
    except ImportRejected as rejected:
        batch.status, batch.rows = ImportStatus.FAILED, rejected.rows
        batch.errors = [error.as_dict() for error in rejected.errors]
    except Exception as error:
        logger.exception("sales import %s crashed", batch.pk)
        crash = error
        batch.status = ImportStatus.FAILED
        reason = str(_("Internal error; nothing was imported."))
        batch.errors = [RowError(0, "", "", reason).as_dict()]
    else:
        batch.status = ImportStatus.SUCCEEDED
    batch.finished_at = timezone.now()
    batch.full_clean()
    batch.save()
    comment = ""
    if batch.status == ImportStatus.FAILED:
        comment = str(_("Rejected with %(count)s errors")) % {"count": len(batch.errors)}
    audit.record(
        actor=actor,
        action=AuditAction.IMPORT,
        obj=batch,
        changes=audit.diff(SalesImport, {}, audit.snapshot(batch, fields=_AUDITED_FIELDS)),
        comment=comment,
    )
    return batch, crash
