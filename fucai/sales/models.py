from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Round
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.choices import StationKind
from fucai.stations.models import Station

from .choices import GameType, ImportMode, ImportStatus

_PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Game(models.Model):
    """A welfare-lottery game (玩法) sold at stations, e.g. 双色球 or 刮刮乐. Its sales are
    split into prize fund, issuance fee and welfare fund by the game's split rates."""

    code = models.CharField(_("game code"), max_length=10, unique=True)
    name = models.CharField(_("game name"), max_length=50, unique=True)
    game_type = models.CharField(_("game type"), max_length=10, choices=GameType.choices)
    active = models.BooleanField(_("on sale"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("game")
        verbose_name_plural = _("games")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class SplitRate(models.Model):
    """How a game's sales are split (返奖 / 发行费 / 公益金 比例) from a given date on, in
    percent of sales. The station commission (代销费) is paid out of the issuance fee, so
    it is not a fourth share. A rate stays in force until the next one of the game."""

    game = models.ForeignKey(
        Game, verbose_name=_("game"), on_delete=models.PROTECT, related_name="split_rates"
    )
    effective_from = models.DateField(_("effective from"))
    prize_pct = models.DecimalField(
        _("prize fund %"), max_digits=5, decimal_places=2, validators=_PERCENT
    )
    issuance_pct = models.DecimalField(
        _("issuance fee %"), max_digits=5, decimal_places=2, validators=_PERCENT
    )
    welfare_pct = models.DecimalField(
        _("welfare fund %"), max_digits=5, decimal_places=2, validators=_PERCENT
    )
    commission_pct = models.DecimalField(
        _("station commission %"), max_digits=5, decimal_places=2, validators=_PERCENT
    )

    class Meta:
        verbose_name = _("split rate")
        verbose_name_plural = _("split rates")
        ordering = ["game", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["game", "effective_from"], name="splitrate_one_per_game_and_date"
            ),
            # Round() because SQLite evaluates decimals as floats, where 65.55 + 12.45 +
            # 22 need not be exactly 100.
            models.CheckConstraint(
                condition=Exact(
                    Round(F("prize_pct") + F("issuance_pct") + F("welfare_pct"), 2),
                    Value(Decimal(100)),
                ),
                name="splitrate_shares_sum_to_100",
            ),
            models.CheckConstraint(
                condition=Q(commission_pct__lte=F("issuance_pct")),
                name="splitrate_commission_within_issuance",
            ),
            models.CheckConstraint(
                condition=Q(prize_pct__gte=0)
                & Q(issuance_pct__gte=0)
                & Q(welfare_pct__gte=0)
                & Q(commission_pct__gte=0),
                name="splitrate_non_negative",
            ),
        ]

    def __str__(self) -> str:
        shares = f"{self.prize_pct}/{self.issuance_pct}/{self.welfare_pct}"
        return f"{self.game} {self.effective_from}: {shares}"

    def clean(self) -> None:
        shares = (self.prize_pct, self.issuance_pct, self.welfare_pct)
        if all(share is not None for share in shares) and sum(shares) != 100:
            raise ValidationError(
                _("Prize fund, issuance fee and welfare fund must add up to exactly 100%."),
                code="split_sum",
            )
        if (
            self.commission_pct is not None
            and self.issuance_pct is not None
            and self.commission_pct > self.issuance_pct
        ):
            raise ValidationError(
                {
                    "commission_pct": _(
                        "The station commission is paid out of the issuance fee and cannot "
                        "exceed it."
                    )
                },
                code="commission_exceeds_issuance",
            )


class SalesImport(models.Model):
    """One upload of daily sales figures (销量日报) from a file: who brought it in, the
    file's checksum (so the same file is never counted twice), what it covered and, when
    it was rejected, every error found in it."""

    filename = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, db_index=True)
    mode = models.CharField(
        _("mode"), max_length=10, choices=ImportMode.choices, default=ImportMode.INSERT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows = models.PositiveIntegerField(_("data rows"), default=0)
    inserted = models.PositiveIntegerField(_("rows inserted"), default=0)
    replaced = models.PositiveIntegerField(_("rows replaced"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # What the file brought in, per game: [{"game": id, "rows", "sales_fen", "tickets"}].
    by_game = models.JSONField(_("totals by game"), default=list, blank=True)
    date_from = models.DateField(_("first sales date"), null=True, blank=True)
    date_to = models.DateField(_("last sales date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sales import")
        verbose_name_plural = _("sales imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A failed attempt may be retried with the same file; a successful one may not.
            models.UniqueConstraint(
                fields=["checksum"],
                condition=Q(status="succeeded"),
                name="salesimport_unique_succeeded_checksum",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    # Set on the batch returned for a file that was already imported; never stored.
    duplicate = False


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


class _Amounts(models.Model):
    """The amounts every rollup carries, in fen."""

    sales_fen = models.BigIntegerField(_("sales"), default=0)
    tickets = models.BigIntegerField(_("tickets"), default=0)
    prize_fen = models.BigIntegerField(_("prize fund"), default=0)
    issuance_fen = models.BigIntegerField(_("issuance fee"), default=0)
    welfare_fen = models.BigIntegerField(_("welfare fund"), default=0)
    commission_fen = models.BigIntegerField(_("station commission"), default=0)

    class Meta:
        abstract = True


class SalesRegionMonthQuerySet(ScopedQuerySet):
    region_path = "region"
    owner_user_path = None  # a district total is not a station owner's to see


class SalesRegionMonth(_Amounts):
    """Sales of one game in one month by all stations of one district and kind: the
    ``SalesMonth`` rows summed over stations (≈ 1,000 rows a year for a city, however
    many stations it has). City and district overviews, the welfare-fund page and the
    API read this. Rebuilt from ``SalesMonth`` for every month an import or a rate
    change touches, and for a station's months when its district or kind changes."""

    month = models.DateField(_("month"))
    region = models.ForeignKey(
        "core.Region", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("station kind"), max_length=10, choices=StationKind.choices)
    game = models.ForeignKey(
        Game, verbose_name=_("game"), on_delete=models.PROTECT, related_name="+"
    )

    objects = SalesRegionMonthQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly sales by district")
        verbose_name_plural = _("monthly sales by district")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region", "kind", "game"], name="salesregionmonth_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.kind} {self.game_id} {self.month:%Y-%m}"


class SalesRegionTotalQuerySet(ScopedQuerySet):
    region_path = "region"
    owner_user_path = None


class SalesRegionTotal(_Amounts):
    """Sales of all games and station kinds in one district and month:
    ``SalesRegionMonth`` summed (a dozen rows a month for a city). Totals and trends
    without a game or kind filter — the home page, every overview — read this."""

    month = models.DateField(_("month"))
    region = models.ForeignKey(
        "core.Region", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )

    objects = SalesRegionTotalQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly sales total by district")
        verbose_name_plural = _("monthly sales totals by district")
        constraints = [
            models.UniqueConstraint(fields=["month", "region"], name="salesregiontotal_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m}"


class SalesStationMonthQuerySet(ScopedQuerySet):
    region_path = "region"
    owner_user_path = "station__owner__user"


class _StationSummary(_Amounts):
    """A station's sales of all games, with its district and kind copied in so that
    rankings filter without a join."""

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # each table's own keys lead with or include the station
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("station kind"), max_length=10, choices=StationKind.choices)

    objects = SalesStationMonthQuerySet.as_manager()

    class Meta:
        abstract = True


class SalesStationMonth(_StationSummary):
    """One station's sales of all games in one month: ``SalesMonth`` summed over games.
    Rebuilt with ``SalesRegionMonth``."""

    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("monthly sales by station")
        verbose_name_plural = _("monthly sales by station")
        constraints = [
            models.UniqueConstraint(fields=["station", "month"], name="salesstationmonth_unique")
        ]
        indexes = [models.Index(fields=["month", "station"], name="salesstationmonth_month")]

    def __str__(self) -> str:
        return f"{self.station_id} {self.month:%Y-%m}"


class SalesStationYear(_StationSummary):
    """One station's sales of all games in one calendar year: ``SalesStationMonth``
    summed over the year, so a whole-year ranking reads one row per station and year
    however long the history. Rebuilt with the other summaries."""

    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("yearly sales by station")
        verbose_name_plural = _("yearly sales by station")
        constraints = [
            models.UniqueConstraint(fields=["year", "station"], name="salesstationyear_unique")
        ]
        indexes = [models.Index(fields=["station", "year"], name="salesstationyear_station")]

    def __str__(self) -> str:
        return f"{self.station_id} {self.year}"


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


class SalesDataVersion(models.Model):
    """One row (pk 1) whose ``version`` goes up in the same transaction as every write
    to the rollups (and every change of what the analytics pages show next to them, a
    game's name): the computed figures of a page are cached under the version they were
    read at, so a new import is seen by the next request and nothing is ever invalidated
    by hand. See ``fucai.sales.figures``."""

    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("sales data version")
        verbose_name_plural = _("sales data versions")

    def __str__(self) -> str:
        return str(self.version)
