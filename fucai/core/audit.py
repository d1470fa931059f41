"""The audit log: every change to business data, written in the same transaction.

Services call :func:`record` (or the ``snapshot``/``diff`` pair for updates). Values of
protected fields (ID numbers, phones) are masked before they are stored here, so the
audit log never becomes a second copy of personal data.
"""

import datetime
import decimal
import re
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from . import context, money
from .choices import AuditAction
from .fields import MaskedField
from .models import AuditEntry

# model label -> {field name: masking function}
_MASKED_FIELDS: dict[str, dict] = {}


def register_masked_fields(model: type[models.Model], **maskers) -> None:
    _MASKED_FIELDS[model._meta.label_lower] = maskers


def _plain(value, field=None):
    # Canonical forms, so that a value read back from the database and the same value
    # typed into a form snapshot identically: an aware datetime in local time (the
    # database hands it back in UTC), a Decimal at the field's scale ("12.5" == "12.50").
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        places = getattr(field, "decimal_places", None)
        if places is not None and value.is_finite():
            value = value.quantize(decimal.Decimal(1).scaleb(-places))
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _is_internal(name: str) -> bool:
    """Keyed hashes kept for lookup (``id_number_digest``): no one reads them."""
    return name.endswith("_digest")


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """Field values of ``instance`` as JSON-friendly, display-ready values."""
    maskers = _MASKED_FIELDS.get(instance._meta.label_lower, {})
    result = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or (fields is not None and field.name not in fields):
            continue
        if field.name in {"created_at", "updated_at", "version"}:
            continue
        if isinstance(field, MaskedField) or _is_internal(field.name):
            continue  # derived from an encrypted source: a mask, a keyed hash
        if field.is_relation:
            value = getattr(instance, field.name)
            value = str(value) if value is not None else None
        elif field.choices:
            raw = getattr(instance, field.attname)
            value = str(dict(field.flatchoices).get(raw, raw)) if raw not in (None, "") else raw
        else:
            value = _plain(getattr(instance, field.attname), field)
        if field.name in maskers and value:
            value = maskers[field.name](value)
        result[field.name] = value
    return result


_EMPTY = (None, "", {}, [])
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")


def _as_instant(value):
    if isinstance(value, str) and "T" in value:
        parsed = parse_datetime(value)
        if parsed is not None and timezone.is_aware(parsed):
            return parsed
    return None


def _as_number(value):
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | decimal.Decimal):
        return decimal.Decimal(value)
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        # Only plain numbers: "0330" (a code) is not the number 330.
        return decimal.Decimal(value)
    return None


def same_value(old, new) -> bool:
    """Whether a before/after pair is no change at all: equal, both empty, the same
    instant written in two time zones, or the same number at two scales."""
    if old == new:
        return True
    if old in _EMPTY and new in _EMPTY:
        return True
    old_instant, new_instant = _as_instant(old), _as_instant(new)
    if old_instant is not None and new_instant is not None:
        return old_instant == new_instant
    old_number, new_number = _as_number(old), _as_number(new)
    if old_number is not None and new_number is not None:
        return old_number == new_number
    return False


def diff(model: type[models.Model], before: dict, after: dict) -> dict:
    """The fields whose value really changed (no-op differences are dropped)."""
    changes = {}
    for name in after.keys() | before.keys():
        old, new = before.get(name), after.get(name)
        if not same_value(old, new):
            label = str(model._meta.get_field(name).verbose_name)
            changes[name] = {"label": label, "old": old, "new": new}
    return changes


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    changes: dict | None = None,
    comment: str = "",
) -> AuditEntry:
    """Write one audit entry. Must run inside the transaction of the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the change's transaction")
    ctx = context.current()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_name=(actor.get_username() if is_user else "system"),
        ip=ctx.ip,
        request_id=ctx.request_id,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes or {},
        comment=comment,
    )


def record_create(*, actor, obj: models.Model, comment: str = "") -> AuditEntry:
    after = snapshot(obj)
    changes = diff(type(obj), {}, {k: v for k, v in after.items() if v not in (None, "")})
    return record(actor=actor, action=AuditAction.CREATE, obj=obj, changes=changes, comment=comment)


def history_for(*objs: models.Model):
    """Audit entries of the given objects (e.g. a station with its owner and contracts),
    newest first."""
    condition = Q(pk__in=[])
    for obj in objs:
        condition |= Q(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))
    return (
        AuditEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-at", "-id")
    )


# --- Display ------------------------------------------------------------------------


def _file_kind(content_type: str) -> str:
    from .templatetags.fucai import file_kind  # the one wording of MIME types

    return file_kind(content_type)


def _model_field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def _display(value, field=None, name: str = "") -> str:
    """One stored value as the center's staff read it: labels instead of codes, yuan
    instead of fen, local time, 是/否."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict) and isinstance(value.get("passed"), bool):
        # A stored check (the site survey's conditions): its verdict is what people read.
        return _("conditions met") if value["passed"] else _("conditions not met")
    if isinstance(value, list) and value and all(isinstance(i, dict) for i in value):
        return _("%(n)s items") % {"n": len(value)}
    if isinstance(value, dict):
        return "，".join(f"{_(str(key))}：{_display(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return "、".join(_display(item) for item in value)
    if name == "content_type" and isinstance(value, str) and "/" in value:
        return _file_kind(value)
    if name.endswith("_fen") and _as_number(value) is not None:
        return money.format_yuan(int(_as_number(value)))
    if field is not None and getattr(field, "choices", None):
        labels = {str(key): str(label) for key, label in field.flatchoices}
        # Entries store the label; older ones may hold the code or the English label.
        return labels.get(str(value), _(str(value)))
    if isinstance(value, str):
        instant = _as_instant(value)
        if instant is not None:
            return timezone.localtime(instant).strftime("%Y-%m-%d %H:%M")
        if field is not None and isinstance(field, models.DateField):
            day = parse_date(value)
            if day is not None:
                return day.isoformat()
    return str(value)


def change_rows(entry) -> list[tuple[str, str, str]]:
    """(field label, before, after) of an audit entry, readable, real changes only.

    Handles every shape entries have been written in: ``{"label", "old", "new"}``
    dicts, ``[old, new]`` pairs, and old entries that recorded no-op differences (a
    datetime in another time zone, ``12.5`` against ``12.50``), which are left out."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
    rows = []
    items = sorted((entry.changes or {}).items(), key=lambda item: order.get(item[0], 999))
    for name, change in items:
        if _is_internal(name):
            continue
        if isinstance(change, dict) and {"old", "new"} & change.keys():
            old, new, label = change.get("old"), change.get("new"), change.get("label")
        elif isinstance(change, list | tuple) and len(change) == 2:
            (old, new), label = change, None
        else:
            old, new, label = None, change, None
        if same_value(old, new):
            continue
        field = _model_field(model, name)
        if field is not None and getattr(field, "verbose_name", None):
            label = str(field.verbose_name)
        label = _(str(label)) if label else _(name.replace("_", " "))
        old_text = "" if old in (None, "") else _display(old, field, name)
        rows.append((label, old_text, _display(new, field, name)))
    return rows
