"""Stored values in the center's words, and whether two of them differ at all.

The audit log keeps before/after values as JSON; this module compares them (no-op
differences: the same instant in two time zones, ``12.5`` against ``12.50``) and turns
them into what people read (labels, yuan, local time, 是/否). It imports no model, so
the audit module, the models and the template tags can all use it.
"""

import decimal
import re

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from . import money


def is_internal(name: str) -> bool:
    """Keyed hashes kept for lookup (``id_number_digest``): no one reads them."""
    return name.endswith("_digest")


def file_kind(content_type: str) -> str:
    """A MIME type as people say it: "image/png" → "PNG 图片", "application/pdf" →
    "PDF 文件"."""
    if not content_type:
        return ""
    major, _slash, minor = str(content_type).partition("/")
    name = {"jpeg": "JPEG", "png": "PNG", "pdf": "PDF", "webp": "WebP"}.get(minor, minor.upper())
    if major == "image":
        return _("%(kind)s image") % {"kind": name}
    return _("%(kind)s file") % {"kind": name}


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
        return file_kind(value)
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
        if is_internal(name):
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
