"""Importing an insurer's renewal list (续保清单): an Excel workbook with one policy per
row — station code, insurer, policy number, coverage, premium, start and end date.

All rows or none: every row is checked first, and if any cell is wrong nothing is
saved and each error names its row and column. Stations are matched by code within the
importer's data scope. A policy already on file with the same number, station and
period is skipped, so importing the same list twice creates nothing the second time; a
number already used for another station or period is an error.

The workbook is bounded before it is parsed: the upload's size, then the zip's declared
sizes (core.archives.check_zip), then the sheet's rows and columns counted from its XML
(scan_sheet), and only then openpyxl, read-only."""

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.archives import UnsafeArchive, check_zip, scan_sheet
from fucai.core.choices import AuditAction
from fucai.core.money import yuan_to_fen
from fucai.core.roles import MANAGE_INSURANCE
from fucai.core.services import require

from ..choices import StationStatus
from ..cover import insurance_cover_refresh
from ..models import InsuranceImport, InsurancePolicy, Station

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 30
MAX_ERRORS = 500

# (field, header the template writes, other headers accepted). The headers are the
# column names of the insurer's Chinese list, data rather than interface text.
COLUMNS = (
    ("code", "站点编号", ("站点编码", "网点编号", "station code", "code")),
    ("insurer", "保险公司", ("承保公司", "insurer")),
    ("policy_number", "保单号", ("保单号码", "policy number")),
    ("coverage", "保额（元）", ("保额", "保险金额", "coverage")),
    ("premium", "保费（元）", ("保费", "保险费", "premium")),
    ("starts_on", "起保日期", ("保险起期", "开始日期", "start date")),
    ("ends_on", "终止日期", ("保险止期", "到期日期", "结束日期", "end date")),
)
FIELDS = frozenset(field for field, _l, _o in COLUMNS)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class RenewalImportRejected(ValidationError):
    """The file was refused; ``row_errors`` lists each wrong cell (nothing was saved)."""

    def __init__(self, errors: list[RowError]):
        self.row_errors = errors
        super().__init__(
            _("The file has %(count)d errors; nothing was imported.") % {"count": len(errors)},
            code="rejected",
        )


def _key(text) -> str:
    return "".join(str(text or "").split()).lower().replace("(", "（").replace(")", "）")


def _aliases() -> dict[str, str]:
    found = {}
    for field, label, others in COLUMNS:
        for name in (str(label), *others):
            found[_key(name)] = field
    return found


def _label(field: str) -> str:
    return next(str(label) for name, label, _o in COLUMNS if name == field)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _money(value) -> int:
    if isinstance(value, float):
        value = repr(value)
    text = _text(value).replace(",", "").replace("¥", "").replace("元", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not amount.is_finite() or amount < 0:
        raise ValueError
    return yuan_to_fen(amount)


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    for suffix in ("日",):
        text = text.removesuffix(suffix)
    text = text.replace("年", "-").replace("月", "-")
    try:
        return datetime.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise ValueError from None


def read_rows(upload) -> list[tuple[int, dict]]:
    """The data rows of the workbook's first sheet as ``(row number, {field: value})``;
    raises ValidationError when the file itself cannot be read."""
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // 1024 // 1024},
            code="file_too_large",
        )
    upload.seek(0)
    if not upload.read(4).startswith(b"PK\x03\x04"):
        raise ValidationError(_("This is not an Excel workbook (.xlsx)."), code="file_type")
    try:
        check_zip(upload)
    except UnsafeArchive as refused:
        raise ValidationError(str(refused), code="unsafe_archive") from None
    import openpyxl  # only once the file is known to be a bounded workbook

    upload.seek(0)
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError(
            _("The workbook cannot be opened; is it a valid .xlsx?"), code="file_type"
        ) from None
    try:
        if not workbook.worksheets:
            raise ValidationError(_("The workbook has no worksheet."), code="no_sheet")
        sheet = workbook.worksheets[0]
        try:
            with workbook._archive.open(sheet._worksheet_path) as stream:
                scan_sheet(stream, max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS)
        except UnsafeArchive as refused:
            raise ValidationError(str(refused), code="too_large") from None
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        aliases = _aliases()
        positions: dict[str, int] = {}
        for index, cell in enumerate(header or ()):
            field = aliases.get(_key(cell))
            if field and field not in positions:
                positions[field] = index
        missing = [_label(field) for field, *_r in COLUMNS if field not in positions]
        if missing:
            raise ValidationError(
                _("The first row must name the columns; missing: %(columns)s.")
                % {"columns": "、".join(missing)},
                code="missing_columns",
            )
        records = []
        for number, cells in enumerate(rows, start=2):
            if not any(_text(cell) for cell in cells):
                continue
            records.append(
                (
                    number,
                    {
                        field: cells[index] if index < len(cells) else None
                        for field, index in positions.items()
                    },
                )
            )
        return records
    finally:
        workbook.close()


def _check_row(number: int, raw: dict, errors: list[RowError]) -> dict | None:
    values, ok = {}, True

    def fail(field: str, message) -> None:
        nonlocal ok
        ok = False
        errors.append(RowError(number, _label(field), str(message)))

    for field in ("code", "insurer", "policy_number"):
        values[field] = _text(raw[field])
        if not values[field]:
            fail(field, _("Required."))
    if len(values["insurer"]) > 100:
        fail("insurer", _("At most 100 characters."))
    if len(values["policy_number"]) > 50:
        fail("policy_number", _("At most 50 characters."))
    for field in ("coverage", "premium"):
        try:
            values[f"{field}_fen"] = _money(raw[field])
        except ValueError:
            fail(field, _("Not an amount in yuan: %(value)s") % {"value": _text(raw[field])[:30]})
    if ok and values["coverage_fen"] <= 0:
        fail("coverage", _("The coverage must be more than zero."))
    for field in ("starts_on", "ends_on"):
        try:
            values[field] = _date(raw[field])
        except ValueError:
            fail(field, _("Not a date (YYYY-MM-DD): %(value)s") % {"value": _text(raw[field])[:30]})
    if "starts_on" in values and "ends_on" in values and values["ends_on"] < values["starts_on"]:
        fail("ends_on", _("The end date must not be before the start date."))
    return values if ok else None


@transaction.atomic
def insurance_renewals_import(*, acting_user, upload, filename: str) -> InsuranceImport:
    """Import the renewal list ``upload``: every policy or none (see the module)."""
    require(acting_user, MANAGE_INSURANCE)
    records = read_rows(upload)
    if not records:
        raise ValidationError(_("The file has no data rows."), code="no_rows")
    errors: list[RowError] = []
    checked = [(number, _check_row(number, raw, errors)) for number, raw in records]
    codes = {values["code"] for _n, values in checked if values}
    stations = {
        s.code: s
        for s in Station.objects.visible_to(acting_user)
        .filter(code__in=codes)
        .only("pk", "code", "status")
    }
    numbers = [values["policy_number"] for _n, values in checked if values]
    on_file = {
        p.policy_number: p
        for p in InsurancePolicy.objects.filter(policy_number__in=numbers).only(
            "policy_number", "station_id", "starts_on", "ends_on"
        )
    }
    seen: dict[str, int] = {}
    new, skipped = [], 0
    for number, values in checked:
        if values is None:
            continue
        station = stations.get(values["code"])
        policy_number = values["policy_number"]
        if station is None:
            errors.append(
                RowError(number, _label("code"), str(_("No station with this code in your scope.")))
            )
            continue
        if station.status == StationStatus.CLOSED:
            errors.append(RowError(number, _label("code"), str(_("This station is closed."))))
            continue
        if policy_number in seen:
            errors.append(
                RowError(
                    number,
                    _label("policy_number"),
                    str(
                        _("The same policy number is on row %(row)d.")
                        % {"row": seen[policy_number]}
                    ),
                )
            )
            continue
        seen[policy_number] = number
        existing = on_file.get(policy_number)
        if existing is not None:
            same = (existing.station_id, existing.starts_on, existing.ends_on) == (
                station.pk,
                values["starts_on"],
                values["ends_on"],
            )
            if same:
                skipped += 1
            else:
                errors.append(
                    RowError(
                        number,
                        _label("policy_number"),
                        str(
                            _(
                                "This policy number is already on file for another "
                                "station or period."
                            )
                        ),
                    )
                )
            continue
        policy = InsurancePolicy(
            station=station,
            insurer=values["insurer"],
            policy_number=policy_number,
            coverage_fen=values["coverage_fen"],
            premium_fen=values["premium_fen"],
            starts_on=values["starts_on"],
            ends_on=values["ends_on"],
        )
        try:
            policy.full_clean(validate_unique=False)
        except ValidationError as error:
            fields = {"coverage_fen": "coverage", "premium_fen": "premium", "station": "code"}
            for field, messages in error.message_dict.items():
                field = fields.get(field, field)
                label = _label(field) if field in FIELDS else ""
                errors.extend(RowError(number, label, message) for message in messages)
            continue
        new.append(policy)
    if errors:
        errors.sort(key=lambda e: e.row)
        raise RenewalImportRejected(errors[:MAX_ERRORS])
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    batch = InsuranceImport.objects.create(
        filename=filename[:200],
        sha256=digest.hexdigest(),
        rows=len(records),
        created=len(new),
        skipped=skipped,
        created_by=acting_user,
    )
    try:
        with transaction.atomic():
            InsurancePolicy.objects.bulk_create(new, batch_size=500)
    except IntegrityError:
        # Another import saved one of these policy numbers since they were checked.
        raise ValidationError(
            _(
                "Some of these policies were saved meanwhile by another import; "
                "import the file again."
            ),
            code="concurrent",
        ) from None
    comment = str(_("Renewal list %(file)s") % {"file": batch.filename})
    for policy in new:
        audit.record_create(actor=acting_user, obj=policy, comment=comment)
    insurance_cover_refresh({policy.station_id for policy in new})  # bulk: no signals
    audit.record(
        actor=acting_user,
        action=AuditAction.IMPORT,
        obj=batch,
        changes={
            "created": {"label": str(_("policies created")), "old": None, "new": len(new)},
            "skipped": {"label": str(_("already on file")), "old": None, "new": skipped},
        },
        comment=comment,
    )
    return batch


def template_rows() -> tuple[list[str], list[list]]:
    """The header and one example row of the renewal list template."""
    headers = [str(label) for _f, label, _o in COLUMNS]
    example = [
        "33030001",
        "中国人民财产保险股份有限公司温州市分公司",
        "PZAB2020330300000001",
        Decimal("500000.00"),
        Decimal("600.00"),
        datetime.date(2020, 7, 1),
        datetime.date(2021, 6, 30),
    ]
    return headers, [example]
