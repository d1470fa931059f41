"""The audit log: every change to business data, written in the same transaction.

Services call :func:`record` (or the ``snapshot``/``diff`` pair for updates). Values of
protected fields (ID numbers, phones) are masked before they are stored here, so the
audit log never becomes a second copy of personal data.
"""

import datetime
import decimal
import uuid
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from . import context
from .choices import AuditAction
from .display import change_rows, is_internal, same_value  # noqa: F401 -- re-exported
from .fields import MaskedField
from .models import AuditEntry

# model label -> {field name: masking function}
_MASKED_FIELDS: dict[str, dict] = {}


def register_masked_fields(model: type[models.Model], **maskers) -> None:
    _MASKED_FIELDS[model._meta.label_lower] = maskers


# model label -> names of columns derived from other rows
_DERIVED_FIELDS: dict[str, frozenset[str]] = {}


def register_derived_fields(model: type[models.Model], *names: str) -> None:
    """Columns kept up to date from other rows (a station's insurance cover from its
    policies): no part of the record's own changes; the rows they come from are
    audited."""
    _DERIVED_FIELDS[model._meta.label_lower] = frozenset(names)


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
    if isinstance(value, models.Model | uuid.UUID):
        return str(value)
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """Field values of ``instance`` as JSON-friendly, display-ready values."""
    maskers = _MASKED_FIELDS.get(instance._meta.label_lower, {})
    derived = _DERIVED_FIELDS.get(instance._meta.label_lower, frozenset())
    result = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or (fields is not None and field.name not in fields):
            continue
        if field.name in {"created_at", "updated_at", "version"} or field.name in derived:
            continue
        if isinstance(field, MaskedField) or is_internal(field.name):
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


def record_many(*, actor, action: str, entries: list[tuple[models.Model, dict, str]]) -> int:
    """One audit entry per ``(object, changes, comment)`` of a bulk step (a year's
    gradings confirmed, a round's stars published), written in one insert: the same
    entries :func:`record` writes one by one. Must run inside the step's transaction."""
    if not entries:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many() must be called inside the change's transaction")
    ctx = context.current()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    types: dict[type, ContentType] = {}
    rows = []
    for obj, changes, comment in entries:
        model = type(obj)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(obj)
        rows.append(
            AuditEntry(
                actor=actor if is_user else None,
                actor_name=(actor.get_username() if is_user else "system"),
                ip=ctx.ip,
                request_id=ctx.request_id,
                action=action,
                content_type=types[model],
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                changes=changes or {},
                comment=comment,
            )
        )
    AuditEntry.objects.bulk_create(rows, batch_size=500)
    return len(rows)


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
