"""Courses (培训课程), their materials (documents and videos), what each learner watched,
live sessions (直播课) and who attended them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import SalesStaff

from ..choices import AttendanceSource, CourseKind, CourseTopic, MaterialKind


class LearnerQuerySet(ScopedQuerySet):
    """Records about one learner (a :class:`SalesStaff`): district staff see the people
    who work, or worked, at their district's stations; an owner or a seller sees only
    their own records (through their login)."""

    region_path = "learner__assignments__station__region"
    owner_user_path = "learner__user"
    seller_user_path = "learner__user"

    def visible_to(self, user):
        return super().visible_to(user).distinct()


class Course(models.Model):
    """A training course for sales staff: its materials, live sessions, question bank
    and exam. Reference data: everyone who learns sees the active courses."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=100)
    topic = models.CharField(_("topic"), max_length=12, choices=CourseTopic.choices)
    kind = models.CharField(
        _("kind"), max_length=14, choices=CourseKind.choices, default=CourseKind.GENERAL
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course_manage", args=[self.pk])


def material_upload_to(instance: "Material", filename: str) -> str:
    # ``filename`` is already the random name with the detected extension (core.files).
    return f"training/materials/{timezone.now():%Y}/{filename}"


class Material(models.Model):
    """A document (PDF) or a video of a course, stored through Django storage under a
    random name; its type was read from its content when it was uploaded."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="materials", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    file = models.FileField(_("file"), upload_to=material_upload_to, max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")
        ordering = ["course", "position", "id"]

    def __str__(self) -> str:
        return self.title


class MaterialProgress(models.Model):
    """How far one learner got in one material: the furthest position reached in a
    video (never moves back when they rewatch), and when they completed it (a video
    watched to 90%, a document opened)."""

    learner = models.ForeignKey(
        SalesStaff,
        on_delete=models.CASCADE,
        related_name="material_progress",
        verbose_name=_("learner"),
    )
    material = models.ForeignKey(
        Material, on_delete=models.CASCADE, related_name="progress", verbose_name=_("material")
    )
    furthest_seconds = models.PositiveIntegerField(_("furthest position (seconds)"), default=0)
    duration_seconds = models.PositiveIntegerField(_("length (seconds)"), default=0)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = LearnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning progress")
        verbose_name_plural = _("learning progress")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "material"], name="progress_one_per_material"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} · {self.material_id}"

    @property
    def percent(self) -> int:
        if self.completed_at is not None:
            return 100
        if not self.duration_seconds:
            return 0
        return min(100, self.furthest_seconds * 100 // self.duration_seconds)


class LiveSession(models.Model):
    """A scheduled live lesson held on a video conference: learners join through its
    link, and joining records their attendance."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course")
    )
    title = models.CharField(_("title"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    meeting_url = models.URLField(_("video-conference link"), max_length=300)
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_times_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """A learner's presence at a live session (once per session)."""

    session = models.ForeignKey(
        LiveSession,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("live session"),
    )
    learner = models.ForeignKey(
        SalesStaff, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("learner")
    )
    source = models.CharField(
        _("recorded as"),
        max_length=10,
        choices=AttendanceSource.choices,
        default=AttendanceSource.JOINED,
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    objects = LearnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "learner"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} @ {self.session_id}"
