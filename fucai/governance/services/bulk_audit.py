"""Audit entries of a bulk step (a year's gradings confirmed, a round's stars
published) written in one insert: the same entries ``fucai.core.audit.record`` writes
one by one, inside the step's transaction."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from fucai.core import context
from fucai.core.models import AuditEntry


def record_many(*, actor, action: str, entries: list[tuple[models.Model, dict, str]]) -> int:
    """One audit entry per (object, changes, comment), in one insert."""
    if not entries:
        return 0
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_many() must be called inside the change's transaction")
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
