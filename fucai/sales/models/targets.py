"""Sales targets (销售任务) of a district or a station."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station


class SalesTargetQuerySet(ScopedQuerySet):
    """A target names either a district or a station, so the scope has two paths."""

    region_path = ("region", "station__region")
    owner_user_path = "station__owner__user"


class SalesTarget(models.Model):
    """A sales target (销售任务) for a district or a station, for a whole year (month
    empty) or one month. Achievement is the actual sales of that scope and period divided
    by the target; targets are set by the finance department."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Empty for a yearly target."),
    )
    region = models.ForeignKey(
        "core.Region",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales_targets",
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales_targets",
    )
    amount_fen = models.BigIntegerField(_("target amount"), validators=[MinValueValidator(1)])
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = SalesTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("sales target")
        verbose_name_plural = _("sales targets")
        ordering = ["year", "month", "region", "station"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True, station__isnull=False)
                | Q(region__isnull=False, station__isnull=True),
                name="salestarget_region_xor_station",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="salestarget_month_1_12",
            ),
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="salestarget_amount_gt_0"),
            # NULL months are distinct in a plain unique key, so yearly and monthly
            # targets each get a partial one.
            models.UniqueConstraint(
                fields=["region", "year"],
                condition=Q(month__isnull=True, region__isnull=False),
                name="salestarget_one_yearly_per_region",
            ),
            models.UniqueConstraint(
                fields=["region", "year", "month"],
                condition=Q(month__isnull=False, region__isnull=False),
                name="salestarget_one_monthly_per_region",
            ),
            models.UniqueConstraint(
                fields=["station", "year"],
                condition=Q(month__isnull=True, station__isnull=False),
                name="salestarget_one_yearly_per_station",
            ),
            models.UniqueConstraint(
                fields=["station", "year", "month"],
                condition=Q(month__isnull=False, station__isnull=False),
                name="salestarget_one_monthly_per_station",
            ),
        ]

    def __str__(self) -> str:
        scope = self.region or self.station
        period = f"{self.year}-{self.month:02d}" if self.month else str(self.year)
        return f"{scope} {period}"

    def clean(self) -> None:
        if (self.region_id is None) == (self.station_id is None):
            raise ValidationError(
                _("A target is for exactly one district or one station."), code="target_scope"
            )
