"""Sales facts: one station's sales of one game on one day, and per month."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station

from .catalogue import Game
from .imports import SalesImport


class SalesDayQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class SalesDay(models.Model):
    """One station's sales of one game on one day (销量日报), as reported by the issuing
    system. The welfare fund it raised is never stored here: it is computed from the
    sales and the split rate of that day (see ``fucai.sales.split``)."""

    # The natural key is the primary key: date first, because sales arrive day by day,
    # so new keys append at the end of the index (measured ~3x faster COPY than station
    # first, DESIGN.md), and city-wide date ranges read one contiguous slice. No
    # surrogate id: a second index and a sequence cost a third of a bulk import.
    pk = models.CompositePrimaryKey("date", "station", "game")
    # The foreign keys carry no database constraint and no index of their own. Rows only
    # arrive through the import, which checks every station and game first, and the
    # ORM still refuses to delete a station or game that has sales (PROTECT). A
    # per-row constraint check costs more than the COPY itself at tens of millions of
    # rows a year; the primary key serves the lookups.
    date = models.DateField(_("date"))
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="sales_days",
        db_index=False,
        db_constraint=False,
    )
    game = models.ForeignKey(
        Game,
        verbose_name=_("game"),
        on_delete=models.PROTECT,
        related_name="sales_days",
        db_index=False,
        db_constraint=False,
    )
    sales_fen = models.BigIntegerField(_("sales"), validators=[MinValueValidator(0)])
    tickets = models.PositiveIntegerField(_("tickets"), default=0)
    # Prizes paid out at the station; reported for instant tickets only.
    payout_fen = models.BigIntegerField(
        _("prizes paid"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    # The import that last wrote the row. Not indexed: each batch keeps its own totals
    # (``SalesImport.by_game``), and an index here would slow every import.
    import_batch = models.ForeignKey(
        SalesImport,
        verbose_name=_("import batch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sales_days",
        db_index=False,
        db_constraint=False,
    )

    objects = SalesDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily sales")
        verbose_name_plural = _("daily sales")
        constraints = [
            models.CheckConstraint(condition=Q(sales_fen__gte=0), name="salesday_sales_gte_0"),
            models.CheckConstraint(
                condition=Q(payout_fen__isnull=True) | Q(payout_fen__gte=0),
                name="salesday_payout_gte_0",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.game_id} {self.date}"


class SalesMonthQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class SalesMonth(models.Model):
    """A station's sales of one game in one month (月报), maintained by every import from
    the daily rows. The split amounts are the sums of each day's split at that day's
    rate, so a rate change in mid-month is honoured. Dashboards and reports read these."""

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="sales_months",
        db_index=False,  # the unique key leads with the station
    )
    game = models.ForeignKey(
        Game, verbose_name=_("game"), on_delete=models.PROTECT, related_name="sales_months"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    sales_fen = models.BigIntegerField(_("sales"), default=0)
    tickets = models.BigIntegerField(_("tickets"), default=0)
    days = models.PositiveSmallIntegerField(_("days with sales data"), default=0)
    prize_fen = models.BigIntegerField(_("prize fund"), default=0)
    issuance_fen = models.BigIntegerField(_("issuance fee"), default=0)
    welfare_fen = models.BigIntegerField(_("welfare fund"), default=0)
    commission_fen = models.BigIntegerField(_("station commission"), default=0)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = SalesMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly sales")
        verbose_name_plural = _("monthly sales")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "game", "month"], name="salesmonth_one_per_station_game_month"
            )
        ]
        indexes = [models.Index(fields=["month", "game"], name="salesmonth_month_game")]

    def __str__(self) -> str:
        return f"{self.station_id} {self.game_id} {self.month:%Y-%m}"
