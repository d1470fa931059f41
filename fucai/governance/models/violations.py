from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station

from ..choices import Penalty, ViolationSource, ViolationType
from .inspections import Inspection


class PenaltyRule(models.Model):
    """The penalty table: for a violation type and the how-many-th occurrence within the
    repeat window (1 = first; the highest row applies to every later one), the penalty,
    fine and suspension days. Configurable by the station-management department."""

    violation_type = models.CharField(
        _("violation type"), max_length=30, choices=ViolationType.choices
    )
    occurrence = models.PositiveSmallIntegerField(
        _("occurrence"), validators=[MinValueValidator(1)]
    )
    penalty = models.CharField(_("penalty"), max_length=12, choices=Penalty.choices)
    fine_fen = models.BigIntegerField(_("fine"), default=0, validators=[MinValueValidator(0)])
    suspension_days = models.PositiveSmallIntegerField(_("suspension days"), default=0)

    class Meta:
        verbose_name = _("penalty rule")
        verbose_name_plural = _("penalty rules")
        ordering = ["violation_type", "occurrence"]
        constraints = [
            models.UniqueConstraint(
                fields=["violation_type", "occurrence"], name="one_penalty_per_occurrence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.violation_type} #{self.occurrence}: {self.penalty}"


class ViolationQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class Violation(models.Model):
    """A violation by a station (违规), found by an inspection, from a complaint or a
    report, with the penalty decided from the penalty table (the occurrence counts
    earlier violations of the same type within the repeat window)."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="violations"
    )
    violation_type = models.CharField(
        _("violation type"), max_length=30, choices=ViolationType.choices
    )
    source = models.CharField(_("source"), max_length=12, choices=ViolationSource.choices)
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="violations",
    )
    # A complaint's reference until a complaints app exists to point to.
    source_reference = models.CharField(_("source reference"), max_length=50, blank=True)
    occurred_on = models.DateField(_("occurred on"))
    description = models.TextField(_("description"))
    occurrence = models.PositiveSmallIntegerField(_("occurrence"), default=1)
    penalty = models.CharField(_("penalty"), max_length=12, choices=Penalty.choices)
    fine_fen = models.BigIntegerField(_("fine"), default=0, validators=[MinValueValidator(0)])
    suspension_days = models.PositiveSmallIntegerField(_("suspension days"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ViolationQuerySet.as_manager()

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["station", "violation_type", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.station_id} {self.get_violation_type_display()} {self.occurred_on}"


class ViolationEvidence(models.Model):
    violation = models.ForeignKey(Violation, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("evidence"), upload_to="governance/violations/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("violation evidence")
        verbose_name_plural = _("violation evidence")

    def __str__(self) -> str:
        return self.file.name
