"""Organizational life: activities of a branch by kind (三会一课, 主题党日, ...), their
attendance, minutes and photos, and the minimum frequency of each kind (as data)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ActivityKind, ActivityStatus, Period
from .members import PartyBranch, PartyMember
from .scope import ActivityQuerySet, PartyQuerySet


class FrequencyRule(models.Model):
    """How often a branch must hold an activity of a kind: at least ``minimum`` per
    ``period`` (支部党员大会 quarterly, 支委会 monthly, ...). Kinds without a rule have no
    minimum."""

    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices, unique=True)
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    minimum = models.PositiveSmallIntegerField(
        _("minimum"), default=1, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("minimum frequency")
        verbose_name_plural = _("minimum frequencies")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_period_display()} ≥{self.minimum}"


class PartyActivity(models.Model):
    """An activity of a branch: planned for a date, then held with its minutes and the
    attendance of the members."""

    branch = models.ForeignKey(
        PartyBranch, on_delete=models.PROTECT, related_name="activities", verbose_name=_("branch")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=100)
    planned_on = models.DateField(_("planned for"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    place = models.CharField(_("place"), max_length=100, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("party activity")
        verbose_name_plural = _("party activities")
        ordering = ["-planned_on", "-id"]
        indexes = [models.Index(fields=["branch", "kind", "held_on"])]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Whether a member attended a held activity (and why not)."""

    activity = models.ForeignKey(
        PartyActivity, on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("member")
    )
    present = models.BooleanField(_("present"), default=True)
    absence_reason = models.CharField(_("reason of absence"), max_length=100, blank=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="party_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} @ {self.activity}"


class ActivityPhoto(models.Model):
    """A photo of a held activity (kept with its record, never public)."""

    activity = models.ForeignKey(PartyActivity, on_delete=models.CASCADE, related_name="photos")
    file = models.ImageField(_("photo"), upload_to="party/photos/%Y/")
    caption = models.CharField(_("caption"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.file.name
