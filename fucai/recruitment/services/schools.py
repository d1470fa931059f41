"""The school register, imported from a CSV the education bureau provides."""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction, RegionLevel
from fucai.core.models import Region
from fucai.core.services import require

from ..constants import MANAGE_CALLS
from ..models import School

# Accepted header names per column, Chinese first.
COLUMNS = {
    "name": ("名称", "name"),
    "region": ("区县代码", "region"),
    "latitude": ("纬度", "lat", "latitude"),
    "longitude": ("经度", "lng", "longitude"),
}


def _decode(file) -> str:
    raw = file.read()
    if isinstance(raw, str):
        return raw
    # Excel saves CSV as UTF-8 with a BOM or as GBK on Chinese Windows.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is not UTF-8 or GBK text."), code="encoding")


def _coordinate(text: str, low: int, high: int) -> Decimal:
    value = Decimal(text.strip())
    if not value.is_finite() or not low <= value <= high:
        raise InvalidOperation
    return value.quantize(Decimal("0.000001"))


@transaction.atomic
def schools_import_csv(*, acting_user, file) -> int:
    """Add the schools listed in ``file``. All or nothing: any bad row refuses the whole
    file with one message per row, so a half-imported register never exists."""
    require(acting_user, MANAGE_CALLS)
    reader = csv.DictReader(io.StringIO(_decode(file)))
    headers = {(h or "").strip(): h for h in reader.fieldnames or []}
    column = {}
    for key, names in COLUMNS.items():
        found = next((headers[n] for n in names if n in headers), None)
        if found is None:
            raise ValidationError(
                _("Missing column %(column)s.") % {"column": " / ".join(names)},
                code="missing_column",
            )
        column[key] = found
    regions = {r.code: r for r in Region.objects.filter(level=RegionLevel.COUNTY)}
    schools, errors = [], []
    for line, row in enumerate(reader, start=2):
        name = (row.get(column["name"]) or "").strip()
        code = (row.get(column["region"]) or "").strip()
        try:
            latitude = _coordinate(row.get(column["latitude"]) or "", -90, 90)
            longitude = _coordinate(row.get(column["longitude"]) or "", -180, 180)
        except (InvalidOperation, ValueError):
            errors.append(_("Row %(line)d: invalid coordinates.") % {"line": line})
            continue
        if not name:
            errors.append(_("Row %(line)d: the name is empty.") % {"line": line})
        elif code not in regions:
            errors.append(
                _("Row %(line)d: unknown district code %(code)s.") % {"line": line, "code": code}
            )
        else:
            schools.append(
                School(
                    name=name[:100], region=regions[code], latitude=latitude, longitude=longitude
                )
            )
    if errors:
        raise ValidationError([str(e) for e in errors], code="invalid_rows")
    if not schools:
        raise ValidationError(_("The file has no rows."), code="empty")
    School.objects.bulk_create(schools)
    audit.record(
        actor=acting_user,
        action=AuditAction.IMPORT,
        obj=schools[-1],
        comment=str(_("%(count)d schools imported")) % {"count": len(schools)},
    )
    return len(schools)
