"""Per-station figures: the ranking, a station's months by game, sales of a set of
stations."""

import datetime

from django.db.models import F, Max, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from fucai.stations.models import Station

from ..models import SalesMonth
from .common import Period, growth
from .likedays import cut_for, last_year_station_sales
from .sources import Rollups

RANKING_ORDERS = {
    "top": _("Top sellers"),
    "bottom": _("Lowest sellers"),
    "growth": _("Fastest growing"),
    "decline": _("Fastest falling"),
}


def ranking(source: Rollups, period: Period, order: str = "top", limit: int = 20) -> list:
    """Stations by sales in the period (top / bottom), or by growth on the same months
    last year (growth / decline, only stations with sales in both); ties go by station.
    Two queries: the sums grouped by station id alone, then the names of the stations
    ranked (grouping every station's rows by its names too costs more than the sums).

    When the data stop inside the period, last year stops at the same day
    (``likedays``): its whole months from the station × month rollup, its incomplete
    month from the daily facts (one query more), and the stations are ranked here."""
    if order not in RANKING_ORDERS:
        raise ValueError(f"unknown ranking order: {order}")
    cut = cut_for(source, period)
    table = source.stations(period, monthly=cut is not None)
    this = table.q(period)
    last = table.q(period.previous) if cut is None else cut.last_q()
    rows = (
        table.queryset.filter(this | last)
        .values("station")
        .annotate(
            sales=Coalesce(Sum("sales_fen", filter=this), 0),
            last_sales=Coalesce(Sum("sales_fen", filter=last), 0),
            welfare=Coalesce(Sum("welfare_fen", filter=this), 0),
        )
        .filter(sales__gt=0)
    )
    if cut is not None and cut.days is not None:
        part = last_year_station_sales(source, cut.days)
        rows = _ranked_here(rows.order_by(), part, order, limit)
    elif order in {"growth", "decline"}:
        # Integer ratio in parts per million: exact enough to order by, no floats.
        rows = rows.filter(last_sales__gt=0).annotate(
            change_ppm=(F("sales") - F("last_sales")) * 1_000_000 / F("last_sales")
        )
        ordering = ("-change_ppm",) if order == "growth" else ("change_ppm",)
        rows = list(rows.order_by(*ordering, "station")[:limit])
    else:
        ordering = ("-sales",) if order == "top" else ("sales",)
        rows = list(rows.order_by(*ordering, "station")[:limit])
    stations = Station.objects.filter(pk__in=[row["station"] for row in rows]).values(
        "id", "code", "name", "region__name"
    )
    names = {station["id"]: station for station in stations}
    result = []
    for rank, row in enumerate(rows, start=1):
        station = names[row["station"]]
        result.append(
            {
                "rank": rank,
                "station_id": row["station"],
                "code": station["code"],
                "name": station["name"],
                "region": station["region__name"],
                "sales_fen": row["sales"],
                "last_sales_fen": row["last_sales"],
                "welfare_fen": row["welfare"],
                "yoy_sales_fen": growth(row["sales"], row["last_sales"]),
            }
        )
    return result


def _ranked_here(rows, days: dict[int, int], order: str, limit: int) -> list[dict]:
    """``rows`` with last year's incomplete month (``days``: station → sales) added,
    ranked as the SQL of ``ranking`` ranks them (the change in whole parts per million,
    truncated towards zero as integer division is)."""
    ranked = []
    for row in rows:
        row["last_sales"] += days.get(row["station"], 0)
        if order in {"growth", "decline"}:
            if row["last_sales"] <= 0:
                continue
            change = row["sales"] - row["last_sales"]
            ppm = abs(change) * 1_000_000 // row["last_sales"]
            key = -ppm if change < 0 else ppm
        else:
            key = row["sales"]
        ranked.append((-key if order in {"top", "growth"} else key, row["station"], row))
    ranked.sort(key=lambda item: item[:2])
    return [row for _key, _station, row in ranked[:limit]]


def station_months(user, station, months: int = 24, until: datetime.date | None = None) -> dict:
    """A station's last ``months`` months (ending with its latest month with data) by
    game, with the same month a year earlier for YoY: one query (plus one for the
    end month when ``until`` is not given)."""
    queryset = SalesMonth.objects.visible_to(user).filter(station=station)
    if until is None:
        until = queryset.aggregate(last=Max("month"))["last"]
    if until is None:
        return {"months": [], "games": [], "until": None}
    first = until
    for _i in range(months - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    window_start = first.replace(year=first.year - 1)
    rows = (
        queryset.filter(month__gte=window_start, month__lte=until)
        .values("month", "game", "game__name", "game__sort_order")
        .annotate(sales=Sum("sales_fen"), welfare=Sum("welfare_fen"))
        .order_by("month", "game__sort_order")
    )
    games: dict[int, str] = {}
    cells: dict[datetime.date, dict[int, int]] = {}
    welfare: dict[datetime.date, int] = {}
    for row in rows:
        games.setdefault(row["game"], row["game__name"])
        cells.setdefault(row["month"], {})[row["game"]] = row["sales"]
        welfare[row["month"]] = welfare.get(row["month"], 0) + row["welfare"]
    result = []
    month = first
    while month <= until:
        total = sum(cells.get(month, {}).values())
        last = sum(cells.get(month.replace(year=month.year - 1), {}).values())
        result.append(
            {
                "month": month,
                "by_game": [cells.get(month, {}).get(game, 0) for game in games],
                "sales_fen": total,
                "welfare_fen": welfare.get(month, 0),
                "last_sales_fen": last,
                "yoy_sales_fen": growth(total, last),
            }
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return {"months": result, "games": list(games.values()), "until": until}


def sales_by_station(source: Rollups, period: Period, station_ids) -> dict[int, int]:
    """{station id: sales in the period} for the given stations: one query."""
    table = source.stations(period)
    rows = (
        table.queryset.filter(table.q(period), station__in=list(station_ids))
        .values("station")
        .annotate(sales=Sum("sales_fen"))
        .order_by()
    )
    return {row["station"]: row["sales"] for row in rows}
