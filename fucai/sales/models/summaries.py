"""Rollups the pages read: per district and month, per district, per station and
month or year."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.choices import StationKind
from fucai.stations.models import Station

from .catalogue import Game


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
