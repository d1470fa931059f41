"""The machinery every workflow service shares: locking the row inside the caller's
scope, checking the transition against the one table, logging the event with its SLA
deadline, auditing and notifying — all in the caller's transaction."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.services import require

from .. import notify
from ..calendar import add_working_days
from ..choices import ALLOWED_TRANSITIONS, ApplicationStatus
from ..models import Application, ApplicationDocument, ApplicationEvent
from ..uploads import inspect_upload


def lock_for_applicant(user, application: Application) -> Application:
    """The application, locked, if it belongs to ``user``; 404 otherwise, so another
    applicant cannot even learn that it exists."""
    locked = (
        Application.objects.select_for_update()
        .filter(pk=application.pk, applicant_id=getattr(user, "pk", None))
        .first()
    )
    if locked is None or not getattr(user, "is_authenticated", False):
        raise Http404("No such application")
    return locked


def lock_for_staff(user, application: Application, permission: str) -> Application:
    """The application, locked, if ``user`` holds ``permission`` and the application's
    district is inside their data scope."""
    require(user, permission)
    locked = (
        Application.objects.visible_to(user).select_for_update().filter(pk=application.pk).first()
    )
    if locked is None:
        raise PermissionDenied(_("This application is outside your data scope."))
    return locked


def _label(status: str) -> str:
    return str(ApplicationStatus(status).label) if status in ApplicationStatus.values else status


def check_transition(application: Application, to_status: str) -> None:
    if to_status not in ALLOWED_TRANSITIONS.get(application.status, ()):
        raise ValidationError(
            _("An application cannot go from “%(from)s” to “%(to)s”.")
            % {"from": _label(application.status), "to": _label(to_status)},
            code="invalid_transition",
        )


def deadline_for(application: Application, status: str, today: datetime.date) -> datetime.date:
    """When the step that follows ``status`` is due: the SLA in working days, the end of
    the public notice (calendar days), or the signing appointment."""
    if status == ApplicationStatus.IN_NOTICE:
        # The notice runs its calendar days; closing it is due the day after.
        return application.notice_ends_on + datetime.timedelta(days=1)
    if status == ApplicationStatus.CONTRACT_SCHEDULED and application.contract_appointment_at:
        return timezone.localtime(application.contract_appointment_at).date()
    days = application.call.sla_for(status)
    return None if days is None else add_working_days(today, days)


def required_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("This field is required.")}, code="required")
    return value


def transition(
    application: Application,
    *,
    to_status: str,
    actor,
    comment: str = "",
    updates: dict[str, Any] | None = None,
    handled_by=None,
    in_person: bool = False,
    notify_applicant: bool = True,
) -> ApplicationEvent:
    """Move a locked application to ``to_status``, applying ``updates`` to its fields,
    and log, audit and notify it. Must run inside the caller's transaction."""
    check_transition(application, to_status)
    updates = dict(updates or {})
    fields = ["status", "due_on", *updates]
    before = audit.snapshot(application, fields=fields)
    from_status = application.status
    for name, value in updates.items():
        setattr(application, name, value)
    now = timezone.now()
    application.status = to_status
    application.status_changed_at = now
    application.due_on = deadline_for(application, to_status, timezone.localdate(now))
    application.full_clean()
    application.save()
    event = ApplicationEvent.objects.create(
        application=application,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=now,
        comment=comment,
        deadline_on=application.due_on,
        handled_by=handled_by,
        in_person=in_person,
    )
    audit.record(
        actor=actor,
        action=AuditAction.TRANSITION,
        obj=application,
        changes=audit.diff(Application, before, audit.snapshot(application, fields=fields)),
        comment=comment,
    )
    if notify_applicant:
        notify.notify_status(application)
    return event


def document_store(*, acting_user, application, kind: str, file, comment: str):
    """Store an uploaded file (its type already judged from its content) as a document
    of ``application``, audited. The file goes to storage under a random name with the
    detected extension; if the database then refuses the row, the file is removed."""
    detected = inspect_upload(file)
    document = ApplicationDocument(
        application=application,
        kind=kind,
        original_name=(getattr(file, "name", "") or "")[-255:],
        content_type=detected.content_type,
        size=detected.size,
        sha256=detected.sha256,
    )
    document.file.save(detected.random_name(), file, save=False)
    # A rollback later in the caller's transaction leaves an orphan under a random name,
    # never linked to anything.
    try:
        document.full_clean()
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    # audit.snapshot cannot serialize a FieldFile: record the stored name instead.
    after = audit.snapshot(document, fields=["kind", "original_name", "content_type", "size"])
    after["file"] = document.file.name
    audit.record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=document,
        changes=audit.diff(ApplicationDocument, {}, after),
        comment=comment,
    )
    return document
