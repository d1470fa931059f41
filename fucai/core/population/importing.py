"""Checking and saving the rows of a population file: all rows or none, idempotent,
audited (see the package's docstring)."""

import hashlib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import audit
from ..choices import AuditAction
from ..models import PopulationArea, PopulationImport
from ..roles import MANAGE_POPULATION
from ..scope import regions_visible
from ..services import require
from .reading import (
    COLUMNS,
    MAX_ERRORS,
    MAX_ROWS,
    PopulationImportRejected,
    Row,
    RowError,
    cell_text,
    column_label,
    read_rows,
)

MAX_POPULATION = 50_000_000
FIRST_YEAR = 1950
VALUE_FIELDS = ("population", "latitude", "longitude", "source")


# Checking the rows -------------------------------------------------------------------


def _integer(value) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        return int(value)
    text = cell_text(value).replace(",", "").replace("，", "")
    if not text.isdigit():
        raise ValueError
    return int(text)


def _coordinate(value, low: int, high: int) -> Decimal | None:
    text = cell_text(value)
    if not text:
        return None
    try:
        number = Decimal(repr(value) if isinstance(value, float) else text)
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite() or not low <= number <= high:
        raise ValueError
    return number.quantize(Decimal("0.000001"))


def _check_row(row: Row, regions: dict[str, object], errors: list[RowError]) -> dict | None:
    raw, values, ok = row.values, {}, True

    def fail(name: str, message) -> None:
        nonlocal ok
        ok = False
        errors.append(RowError(row.number, column_label(name), str(message)))

    region_text = cell_text(raw.get("region"))
    values["region"] = regions.get(region_text)
    if not region_text:
        fail("region", _("Required."))
    elif values["region"] is None:
        fail(
            "region",
            _("No district with this code or name in your scope: %(value)s")
            % {"value": region_text[:30]},
        )
    values["township"] = cell_text(raw.get("township"))
    if len(values["township"]) > 50:
        fail("township", _("At most 50 characters."))
    this_year = timezone.localdate().year
    try:
        values["year"] = _integer(raw.get("year"))
        if not FIRST_YEAR <= values["year"] <= this_year:
            raise ValueError
    except ValueError:
        fail(
            "year",
            _("Not a year between %(first)s and %(last)s: %(value)s")
            % {"first": FIRST_YEAR, "last": this_year, "value": cell_text(raw.get("year"))[:30]},
        )
    try:
        values["population"] = _integer(raw.get("population"))
        if not 0 < values["population"] <= MAX_POPULATION:
            raise ValueError
    except ValueError:
        fail(
            "population",
            _("Not a number of persons: %(value)s")
            % {"value": cell_text(raw.get("population"))[:30]},
        )
    for name, low, high in (("latitude", 3, 54), ("longitude", 73, 136)):
        try:
            values[name] = _coordinate(raw.get(name), low, high)
        except ValueError:
            fail(
                name,
                _("Not a coordinate in China (degrees): %(value)s")
                % {"value": cell_text(raw.get(name))[:30]},
            )
    if ok and (values["latitude"] is None) != (values["longitude"] is None):
        fail("longitude", _("Give both latitude and longitude, or neither."))
    values["source"] = cell_text(raw.get("source"))
    if len(values["source"]) > 200:
        fail("source", _("At most 200 characters."))
    return values if ok else None


def _region_lookup(user) -> dict[str, object]:
    found = {}
    for region in regions_visible(user):
        for name in (region.code, region.name, region.short_name):
            if name:
                found[name] = region
    return found


def _check_totals(checked: list[tuple[int, dict]], errors: list[RowError]) -> None:
    """The townships of a district in one year cannot add up to more than the district."""
    districts, townships = {}, {}
    for number, values in checked:
        key = (values["region"].pk, values["year"])
        if values["township"]:
            townships[key] = townships.get(key, 0) + values["population"]
        else:
            districts[key] = (number, values)
    for key, (number, values) in districts.items():
        if townships.get(key, 0) > values["population"]:
            errors.append(
                RowError(
                    number,
                    column_label("population"),
                    str(
                        _(
                            "The townships of %(district)s in %(year)s add up to %(sum)s, "
                            "more than the district's population."
                        )
                        % {
                            "district": values["region"].name,
                            "year": values["year"],
                            "sum": f"{townships[key]:,}",
                        }
                    ),
                )
            )


# The import ------------------------------------------------------------------------


@transaction.atomic
def population_import(*, acting_user, upload, filename: str) -> PopulationImport:
    """Import the population file ``upload``: every row or none (see the module)."""
    require(acting_user, MANAGE_POPULATION)
    rows = read_rows(upload)
    if not rows:
        raise ValidationError(_("The file has no data rows."), code="no_rows")
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("The file has %(rows)s rows, more than the %(limit)s allowed; split it.")
            % {"rows": f"{len(rows):,}", "limit": f"{MAX_ROWS:,}"},
            code="too_large",
        )
    regions = _region_lookup(acting_user)
    errors: list[RowError] = []
    checked, seen = [], {}
    for row in rows:
        values = _check_row(row, regions, errors)
        if values is None:
            continue
        key = (values["region"].pk, values["township"], values["year"])
        if key in seen:
            errors.append(
                RowError(
                    row.number,
                    column_label("township"),
                    str(_("The same area and year is on row %(row)d.") % {"row": seen[key]}),
                )
            )
            continue
        seen[key] = row.number
        checked.append((row.number, values))
    _check_totals(checked, errors)
    if errors:
        errors.sort(key=lambda e: e.row)
        raise PopulationImportRejected(errors[:MAX_ERRORS])

    on_file = {
        (area.region_id, area.township, area.year): area
        for area in PopulationArea.objects.select_for_update(of=("self",))
        .select_related("region")
        .filter(
            region__in={values["region"].pk for _n, values in checked},
            year__in={values["year"] for _n, values in checked},
        )
    }
    created, updated, unchanged = [], [], 0
    now = timezone.now()
    for _number, values in checked:
        area = on_file.get((values["region"].pk, values["township"], values["year"]))
        if area is None:
            area = PopulationArea(
                region=values["region"],
                township=values["township"],
                year=values["year"],
                updated_at=now,
                **{name: values[name] for name in VALUE_FIELDS},
            )
            area.full_clean(validate_unique=False)
            created.append(area)
            continue
        before = audit.snapshot(area, VALUE_FIELDS)
        for name in VALUE_FIELDS:
            setattr(area, name, values[name])
        changes = audit.diff(PopulationArea, before, audit.snapshot(area, VALUE_FIELDS))
        if not changes:
            unchanged += 1
            continue
        area.updated_at = now
        updated.append((area, changes))
    try:
        with transaction.atomic():
            PopulationArea.objects.bulk_create(created, batch_size=500)
    except IntegrityError:
        # Another import saved one of these areas and years since they were read.
        raise ValidationError(
            _(
                "Some of these figures were saved meanwhile by another import; "
                "import the file again."
            ),
            code="concurrent",
        ) from None
    PopulationArea.objects.bulk_update(
        [area for area, _c in updated], [*VALUE_FIELDS, "updated_at"], batch_size=500
    )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    batch = PopulationImport.objects.create(
        filename=filename[:200],
        sha256=digest.hexdigest(),
        rows=len(rows),
        created=len(created),
        updated=len(updated),
        unchanged=unchanged,
        created_by=acting_user,
    )
    comment = str(_("Population file %(file)s") % {"file": batch.filename})
    audit.record_many(
        actor=acting_user,
        action=AuditAction.CREATE,
        entries=[
            (area, audit.diff(PopulationArea, {}, audit.snapshot(area)), comment)
            for area in created
        ],
    )
    audit.record_many(
        actor=acting_user,
        action=AuditAction.UPDATE,
        entries=[(area, changes, comment) for area, changes in updated],
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.IMPORT,
        obj=batch,
        changes={
            "created": {"label": str(_("areas added")), "old": None, "new": len(created)},
            "updated": {"label": str(_("areas updated")), "old": None, "new": len(updated)},
            "unchanged": {"label": str(_("already on file")), "old": None, "new": unchanged},
        },
        comment=comment,
    )
    return batch


def template_rows() -> tuple[list[str], list[list]]:
    """The header and two example rows of the population file template."""
    headers = [label for _n, label, *_rest in COLUMNS]
    year = timezone.localdate().year - 1
    source = f"{year}年人口主要数据公报"
    return headers, [
        ["瑞安市", "", year, 1525800, None, None, source],
        ["瑞安市", "塘下镇", year, 350000, Decimal("27.846000"), Decimal("120.722000"), source],
    ]
