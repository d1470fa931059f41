"""Sales imports and the game catalogue over the API (mounted at /api/sales).

``POST /imports`` runs the same service as the upload page, in the request: an API
client sends files of a day or a month, and a rejected file answers 422 with its errors.
"""

import datetime
import logging
from decimal import Decimal

from django import forms
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone
from ninja import File, Form, Path, Router, Schema, Status
from ninja.files import UploadedFile

from fucai.core import roles
from fucai.core.services import require
from fucai.sales.choices import ImportStatus
from fucai.sales.forms import check_upload
from fucai.sales.models import Game, SalesImport
from fucai.sales.rates import RateBook
from fucai.sales.services import sales_import

from ..errors import ErrorOut, Id, SaneDate

logger = logging.getLogger(__name__)
router = Router(tags=["sales imports"])

# A response carries at most this many errors; ``error_count`` tells the total and the
# batch page / its CSV download has them all.
MAX_ERRORS = 1000


class RowErrorOut(Schema):
    row: int
    column: str
    value: str
    reason: str


class GameTotalOut(Schema):
    game: str  # the game's code
    rows: int
    sales_fen: int
    tickets: int


class BatchOut(Schema):
    id: int
    filename: str
    status: str
    mode: str
    rows: int
    inserted: int
    replaced: int
    date_from: datetime.date | None
    date_to: datetime.date | None
    duplicate: bool
    created_at: datetime.datetime
    by_game: list[GameTotalOut]
    error_count: int
    errors: list[RowErrorOut]


class RejectedOut(Schema):
    detail: str
    batch: BatchOut | None = None
    error_count: int
    errors: list[RowErrorOut]


class RateOut(Schema):
    effective_from: datetime.date
    prize_pct: Decimal
    issuance_pct: Decimal
    welfare_pct: Decimal
    commission_pct: Decimal


class GameOut(Schema):
    code: str
    name: str
    game_type: str
    active: bool
    rate: RateOut | None


def _errors(errors: list[dict]) -> list[dict]:
    return [
        {
            "row": e.get("row") or 0,
            "column": e.get("column") or "",
            "value": e.get("value") or "",
            "reason": e.get("reason") or "",
        }
        for e in errors[:MAX_ERRORS]
    ]


def _batch(batch: SalesImport) -> dict:
    """The batch as BatchOut; its totals by game name each game by its code."""
    codes = dict(
        Game.objects.filter(pk__in=[line["game"] for line in batch.by_game]).values_list(
            "pk", "code"
        )
    )
    return {
        "id": batch.pk,
        "filename": batch.filename,
        "status": batch.status,
        "mode": batch.mode,
        "rows": batch.rows,
        "inserted": batch.inserted,
        "replaced": batch.replaced,
        "date_from": batch.date_from,
        "date_to": batch.date_to,
        "duplicate": batch.duplicate,
        "created_at": batch.created_at,
        "by_game": [
            {**line, "game": codes[line["game"]]} for line in batch.by_game if line["game"] in codes
        ],
        "error_count": len(batch.errors),
        "errors": _errors(batch.errors),
    }


@router.post(
    "/imports",
    # 422: a rejected file (RejectedOut), or a request without a file (ErrorOut).
    response={
        200: BatchOut,
        201: BatchOut,
        409: ErrorOut,
        422: RejectedOut | ErrorOut,
        500: ErrorOut,
    },
    summary="Import a file of daily sales",
)
def import_create(request, file: File[UploadedFile], replace: Form[bool] = False):
    """Upload a CSV or XLSX file of daily sales (all rows or none). 201 with the new
    batch; 200 with the earlier batch and ``duplicate: true`` when the same file was
    already imported; 422 with every error (up to 1,000; ``error_count`` is the total)
    when the file is rejected — nothing is written then."""
    require(request.user, roles.IMPORT_SALES)
    try:
        check_upload(file)
    except forms.ValidationError as error:
        reason = " ".join(str(m) for m in error.messages)
        problem = {"row": 0, "column": "", "value": file.name or "", "reason": reason}
        return Status(422, {"detail": reason, "batch": None, "error_count": 1, "errors": [problem]})
    try:
        batch = sales_import(
            acting_user=request.user, file=file, filename=file.name or "upload", replace=replace
        )
    except IntegrityError:
        # A concurrent write to the same rows or batch; the service recorded it as failed.
        logger.warning("API sales import conflicted with a concurrent write", exc_info=True)
        return Status(409, {"detail": "Conflict with a concurrent change; nothing was imported."})
    except Exception:
        # The service has recorded the failed batch and logged the traceback.
        logger.exception("API sales import crashed")
        return Status(500, {"detail": "Internal error; nothing was imported."})
    if batch.duplicate:
        return Status(200, _batch(batch))
    if batch.status != ImportStatus.SUCCEEDED:
        return Status(
            422,
            {
                "detail": "The file was rejected; nothing was imported.",
                "batch": _batch(batch),
                "error_count": len(batch.errors),
                "errors": _errors(batch.errors),
            },
        )
    return Status(201, _batch(batch))


@router.get("/imports/{batch_id}", response=BatchOut, summary="One import batch")
def import_detail(request, batch_id: Path[Id]):
    require(request.user, roles.IMPORT_SALES)
    try:
        batch = SalesImport.objects.get(pk=batch_id)
    except SalesImport.DoesNotExist:
        raise Http404 from None
    return _batch(batch)


@router.get("/games", response=list[GameOut], summary="Games with the split rate in force")
def game_list(request, on: SaneDate | None = None):
    """Every game with its split rate in force today (or on the date ``on``)."""
    require(request.user, roles.VIEW_SALES)
    day = on or timezone.localdate()
    book = RateBook.load()
    return [
        {
            "code": game.code,
            "name": game.name,
            "game_type": game.game_type,
            "active": game.active,
            "rate": book.rate_on(game.pk, day),
        }
        for game in Game.objects.all()
    ]
