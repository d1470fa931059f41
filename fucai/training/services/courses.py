"""Courses, their materials and live sessions (staff), and what learners do with them:
the progress the video player reports, the attendance of a live session."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.files import VIDEOS, inspect_upload
from fucai.stations.models import SalesStaff

from ..choices import AttendanceSource, MaterialKind
from ..constants import COMPLETION_RATIO, MAX_DOCUMENT_BYTES, MAX_VIDEO_BYTES
from ..models import Attendance, Course, LiveSession, Material, MaterialProgress
from .common import require_learner, require_manager

COURSE_FIELDS = ("code", "title", "topic", "kind", "description", "position", "active")
# How far past the end a player may report (rounding, a last frame): clamped.
POSITION_SLACK_SECONDS = 5
# A longest lecture the player may claim (a forged length cannot inflate progress).
MAX_DURATION_SECONDS = 6 * 3600


@transaction.atomic
def course_save(*, acting_user, course: Course | None = None, **values) -> Course:
    """Create a course, or change ``course``."""
    require_manager(acting_user)
    created = course is None
    course = Course() if created else Course.objects.select_for_update().get(pk=course.pk)
    before = {} if created else audit.snapshot(course)
    for name in COURSE_FIELDS:
        if name in values:
            setattr(course, name, values[name])
    course.full_clean()
    course.save()
    if created:
        audit.record_create(actor=acting_user, obj=course)
    else:
        changes = audit.diff(Course, before, audit.snapshot(course))
        if changes:
            audit.record(actor=acting_user, action=AuditAction.UPDATE, obj=course, changes=changes)
    return course


@transaction.atomic
def material_add(*, acting_user, course: Course, title: str, file, position: int = 0) -> Material:
    """Upload a document (PDF) or a video (MP4, WebM) to ``course``: the type is read
    from the content, the kind follows from it."""
    require_manager(acting_user)
    detected = inspect_upload(file, max_bytes=MAX_VIDEO_BYTES, allowed=VIDEOS | {"application/pdf"})
    is_video = detected.content_type in VIDEOS
    if not is_video and detected.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("A document may be at most %(mb)d MB.") % {"mb": MAX_DOCUMENT_BYTES // 2**20},
            code="file_too_large",
        )
    material = Material(
        course=course,
        title=title,
        kind=MaterialKind.VIDEO if is_video else MaterialKind.DOCUMENT,
        content_type=detected.content_type,
        size=detected.size,
        sha256=detected.sha256,
        position=position,
        uploaded_by=acting_user,
    )
    material.file.save(detected.random_name(), file, save=False)
    material.full_clean()
    material.save()
    # The file's stored name, not the FieldFile, goes to the log.
    audit.record(
        actor=acting_user,
        action=AuditAction.CREATE,
        obj=material,
        changes={
            "title": {"label": str(_("title")), "old": None, "new": material.title},
            "kind": {"label": str(_("kind")), "old": None, "new": material.get_kind_display()},
            "file": {"label": str(_("file")), "old": None, "new": material.file.name},
        },
        comment=str(course),
    )
    return material


@transaction.atomic
def material_set_active(*, acting_user, material: Material, active: bool) -> Material:
    """Withdraw a material from learners (or bring it back); its progress records stay."""
    require_manager(acting_user)
    material = Material.objects.select_for_update().get(pk=material.pk)
    if material.active != active:
        audit.record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=material,
            changes={"active": {"label": str(_("active")), "old": material.active, "new": active}},
        )
        material.active = active
        material.save(update_fields=["active"])
    return material


@transaction.atomic
def progress_record(
    *,
    acting_user,
    material: Material,
    position: float | int = 0,
    duration: float | int | None = None,
    now: datetime.datetime | None = None,
) -> MaterialProgress:
    """What the player reports every few seconds: the furthest position only grows, and
    the video counts as completed at 90% of its length. Opening a document completes
    it. Reports are frequent, so only a real change is written (and audited)."""
    learner = require_learner(acting_user)
    if not material.active or not material.course.active:
        raise ValidationError(_("This material is no longer available."))
    now = now or timezone.now()
    progress, created = MaterialProgress.objects.select_for_update().get_or_create(
        learner=learner, material=material, defaults={"started_at": now, "updated_at": now}
    )
    before = (progress.furthest_seconds, progress.duration_seconds, progress.completed_at)
    if material.kind == MaterialKind.DOCUMENT:
        if progress.completed_at is None:
            progress.completed_at = now
    else:
        try:
            position = float(position or 0)
            duration = float(duration or 0)
        except (TypeError, ValueError):
            raise ValidationError(_("The position must be a number of seconds.")) from None
        if not (0 <= position < 10**6 and 0 <= duration <= MAX_DURATION_SECONDS):
            raise ValidationError(_("The position must be a number of seconds."))
        if duration and not progress.duration_seconds:
            progress.duration_seconds = round(duration)
        length = progress.duration_seconds
        if length:
            position = min(position, length + POSITION_SLACK_SECONDS, length)
        progress.furthest_seconds = max(progress.furthest_seconds, int(position))
        if (
            progress.completed_at is None
            and length
            and progress.furthest_seconds >= COMPLETION_RATIO * length
        ):
            progress.completed_at = now
    after = (progress.furthest_seconds, progress.duration_seconds, progress.completed_at)
    if after != before or created:
        progress.updated_at = now
        progress.full_clean()
        progress.save()
        if progress.completed_at is not None and before[2] is None:
            audit.record(
                actor=acting_user,
                action=AuditAction.UPDATE,
                obj=progress,
                changes={
                    "completed_at": {
                        "label": str(_("completed at")),
                        "old": None,
                        "new": audit.snapshot(progress, ["completed_at"])["completed_at"],
                    }
                },
                comment=str(material),
            )
    return progress


@transaction.atomic
def session_create(
    *,
    acting_user,
    course: Course,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    meeting_url: str,
    notes: str = "",
) -> LiveSession:
    require_manager(acting_user)
    session = LiveSession(
        course=course,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        meeting_url=meeting_url,
        notes=notes,
        created_by=acting_user,
    )
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The session must end after it starts.")})
    session.full_clean()
    session.save()
    audit.record_create(actor=acting_user, obj=session, comment=str(course))
    return session


# A learner may join from this long before the start until the end.
JOIN_EARLY = datetime.timedelta(minutes=30)


@transaction.atomic
def attendance_join(
    *, acting_user, session: LiveSession, now: datetime.datetime | None = None
) -> Attendance:
    """The learner opens the session's link: their attendance is recorded (once)."""
    learner = require_learner(acting_user)
    now = now or timezone.now()
    # Two taps on "join" at once: the second waits here and finds the first's record.
    SalesStaff.objects.select_for_update().filter(pk=learner.pk).first()
    if now < session.starts_at - JOIN_EARLY:
        raise ValidationError(_("This session has not opened yet."))
    if now > session.ends_at:
        raise ValidationError(_("This session is over."))
    attendance = Attendance.objects.filter(session=session, learner=learner).first()
    if attendance is not None:
        return attendance
    attendance = Attendance(
        session=session, learner=learner, joined_at=now, source=AttendanceSource.JOINED
    )
    attendance.full_clean()
    attendance.save()
    audit.record_create(actor=acting_user, obj=attendance, comment=str(session))
    return attendance
