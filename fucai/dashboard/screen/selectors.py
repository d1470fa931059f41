"""Every figure of the big screen in one JSON-ready payload, within the user's scope
(``visible_to`` on every read), optionally narrowed to one district (the drill-down).

The sales figures come from the monthly rollups (``fucai.sales.selectors``) and, for the
last days, from the daily facts — all of it cached under the sales data version, so a
refresh every few seconds costs the cache reads and the handful of small queries of the
registry, supervision and alerts. The screen's "now" is the last day with sales (the
demo's data are 2018–2019): the year to date runs up to it and is compared with the same
days of last year.

Amounts are integer fen; growth rates are Decimal percentages sent as strings ("12.3")
so the page and the API carry exactly the same payload.
"""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, FloatField, Max, OuterRef, Q, Value
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from fucai.charity.selectors.activities import charity_summary
from fucai.core import roles
from fucai.core.maps import MAP_FEATURE_FOR_REGION
from fucai.core.scope import is_city_wide, regions_visible
from fucai.governance.models import RectificationOrder
from fucai.governance.services.rectifications import UNRESOLVED
from fucai.monitoring.choices import AlertSeverity, AlertStatus
from fucai.monitoring.models import Alert, Camera
from fucai.sales import kpis
from fucai.sales import selectors as sales
from fucai.sales.choices import ImportStatus
from fucai.sales.models import SalesImport
from fucai.sales.selectors.likedays import until_for
from fucai.stations.choices import StationKind, StationStatus
from fucai.stations.models import Station
from fucai.welfare.selectors import fund_summary

DAILY_DAYS = 30  # the sales-by-day chart: the last 30 days with data
RANKING_SIZE = 12  # districts are 12 in Wenzhou; a district's top stations likewise
ALERT_ITEMS = 6
# A station's camera page, built by the monitoring app; a placeholder id is put in the
# reversed URL once and the page puts each station's id in its place.
CAMERA_URL_NAME = "monitoring:station_cameras"
_ID_PLACEHOLDER = 987654321


def _pct(value) -> str | None:
    return None if value is None else str(value)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _feature(region) -> str:
    """The map shape a district is drawn in (龙港 inside 苍南, see core.maps)."""
    return MAP_FEATURE_FOR_REGION.get(region.code, region.name)


def camera_url_template(user) -> str | None:
    """The cameras page of a station with ``{id}`` for its pk, or None when the user
    may not see cameras or the page does not exist (yet)."""
    if not roles.has_permission(user, roles.VIEW_CAMERAS):
        return None
    try:
        url = reverse(CAMERA_URL_NAME, args=[_ID_PLACEHOLDER])
    except NoReverseMatch:
        return None
    return url.replace(str(_ID_PLACEHOLDER), "{id}")


# Freshness ---------------------------------------------------------------------------


def freshness(now: datetime.datetime | None = None) -> dict:
    """When the newest successful import finished and whether that is too long ago
    (``FUCAI_SCREEN_STALE_HOURS``): the imports have stopped. One query. The imports are
    the center's (a file covers every district), so this is not scoped."""
    now = now or timezone.now()
    last = SalesImport.objects.filter(status=ImportStatus.SUCCEEDED).aggregate(
        at=Max("finished_at")
    )["at"]
    limit = datetime.timedelta(hours=settings.FUCAI_SCREEN_STALE_HOURS)
    return {
        "last_import_at": _iso(timezone.localtime(last)) if last else None,
        "stale": last is None or now - last > limit,
        "stale_after_hours": settings.FUCAI_SCREEN_STALE_HOURS,
    }


# Sales -------------------------------------------------------------------------------


def _daily(source: sales.Rollups, until: datetime.date) -> dict:
    """The last DAILY_DAYS days up to ``until`` and the same days one year earlier (two
    reads of the daily facts over one month, cached with the sales figures)."""

    def read():
        start = until - datetime.timedelta(days=DAILY_DAYS - 1)
        this = sales.by_day(source.user, start, until, source.filters)
        last = sales.by_day(
            source.user,
            kpis.same_day_last_year(start),
            kpis.same_day_last_year(until),
            source.filters,
        )
        last_by_day = {row["date"]: row["sales_fen"] for row in last}
        return {
            "labels": [row["date"].strftime("%m-%d") for row in this],
            "sales_fen": [row["sales_fen"] for row in this],
            "last_sales_fen": [
                last_by_day.get(kpis.same_day_last_year(row["date"]), 0) for row in this
            ],
        }

    return source.cached("screen-daily", read, until)


def _ranking(source, period, regions, drilled) -> dict:
    """Districts by sales (with growth), or a district's top stations once drilled in
    (or when the scope is one district); cached with the sales figures."""
    stations = drilled or len(regions) == 1
    return source.cached(
        "screen-ranking", lambda: _read_ranking(source, period, regions, stations), period, stations
    )


def _read_ranking(source, period, regions, stations: bool) -> dict:
    if stations:
        rows = sales.ranking(source, period, "top", RANKING_SIZE)
        return {
            "level": "station",
            "items": [
                {
                    "code": row["code"],
                    "name": row["name"],
                    "sales_fen": row["sales_fen"],
                    "yoy_pct": _pct(row["yoy_sales_fen"]),
                }
                for row in rows
            ],
        }
    rows = sales.Breakdown(source, period).by_region(regions)
    rows.sort(key=lambda row: (-row["sales_fen"], row["code"]))
    return {
        "level": "district",
        "items": [
            {
                "code": row["code"],
                "name": row["name"],
                "sales_fen": row["sales_fen"],
                "yoy_pct": _pct(row["yoy_sales_fen"]),
            }
            for row in rows[:RANKING_SIZE]
        ],
    }


def data_until(user) -> datetime.date | None:
    """The last day with sales in the user's scope (cached with the sales figures)."""
    return until_for(sales.Rollups(user))


def sales_section(user, region, regions, until: datetime.date | None) -> dict | None:
    """KPIs of the year to date against the same days last year, the days, the game
    mix, the ranking and the map's values per district; None without sales data."""
    if until is None:
        return None
    source = sales.Rollups(user, sales.Filters(region=region))
    period = sales.Period(until.year, 1, until.month)
    comparison = kpis.compare(user, period, sales.Filters(region=region), until=until)
    totals = comparison.totals
    breakdown = sales.Breakdown(source, period)
    games = breakdown.by_game()
    by_region = breakdown.by_region(regions) if region is None else breakdown.by_region([region])
    districts: dict[str, int] = {}
    for row in by_region:
        feature = _feature(row["region"])
        districts[feature] = districts.get(feature, 0) + row["sales_fen"]
    return {
        "year": until.year,
        "period_label": comparison.label,
        "kpis": {
            "sales_fen": totals["sales_fen"],
            "last_sales_fen": totals["last_sales_fen"],
            "yoy_sales_pct": _pct(totals["yoy_sales_fen"]),
            "welfare_fen": totals["welfare_fen"],
            "last_welfare_fen": totals["last_welfare_fen"],
            "yoy_welfare_pct": _pct(totals["yoy_welfare_fen"]),
        },
        "daily": _daily(source, until),
        "games": [
            {"code": row["code"], "name": row["name"], "sales_fen": row["sales_fen"]}
            for row in games
            if row["sales_fen"]
        ],
        "ranking": _ranking(source, period, regions, region is not None),
        "districts": [{"name": name, "sales_fen": value} for name, value in districts.items()],
    }


# Stations ----------------------------------------------------------------------------


def stations_section(user, region) -> dict:
    """Counts of the network and every active station with a position, as compact rows
    ``[id, code, name, kind, stars, longitude, latitude, has_cameras]`` (one query
    each). ``has_cameras`` is true only where the user may watch a camera of the
    station, so the map offers the camera page only where there is something to see."""
    stations = Station.objects.visible_to(user)
    if region is not None:
        stations = stations.filter(region=region)
    counts = stations.aggregate(
        active=Count("id", filter=Q(status=StationStatus.ACTIVE)),
        starred=Count("id", filter=Q(status=StationStatus.ACTIVE, stars__gt=0)),
        provincial=Count(
            "id", filter=Q(status=StationStatus.ACTIVE, provincial_star_year__isnull=False)
        ),
        **{
            f"kind_{kind}": Count("id", filter=Q(status=StationStatus.ACTIVE, kind=kind))
            for kind in StationKind.values
        },
    )
    points = (
        stations.filter(status=StationStatus.ACTIVE, longitude__isnull=False)
        .exclude(latitude__isnull=True)
        .annotate(
            lon=Cast("longitude", FloatField()),
            lat=Cast("latitude", FloatField()),
            has_cameras=(
                Exists(Camera.objects.visible_to(user).filter(station=OuterRef("pk")))
                if roles.has_permission(user, roles.VIEW_CAMERAS)
                else Value(False)
            ),
        )
        .order_by("code")
        .values_list("id", "code", "name", "kind", "stars", "lon", "lat", "has_cameras")
    )
    return {
        "active": counts["active"],
        "starred": counts["starred"],
        "provincial": counts["provincial"],
        "by_kind": [
            {"kind": kind, "name": str(label), "count": counts[f"kind_{kind}"]}
            for kind, label in StationKind.choices
        ],
        "points": [list(row) for row in points],
    }


# Fund, charity, supervision, alerts ----------------------------------------------------


def welfare_section(user, year: int) -> dict | None:
    """The fund raised and spent in the data's year, from the ledger (city level)."""
    if not roles.has_permission(user, roles.VIEW_WELFARE):
        return None
    summary = fund_summary(user, year)
    return {
        "year": year,
        "city_wide": is_city_wide(user),
        "raised_fen": summary["raised_fen"],
        "allocated_fen": summary["allocated_fen"],
        "spent_fen": summary["spent_fen"],
    }


def charity_section(user, year: int) -> dict | None:
    """The year's charity activities, people helped and spending; None when the user
    may not read charity or nothing was recorded."""
    if not roles.has_permission(user, roles.VIEW_CHARITY):
        return None
    summary = charity_summary(user, year)
    if not summary["activities"] and not summary["beneficiaries"]:
        return None
    return summary


def rectifications_section(user, region, today: datetime.date) -> dict | None:
    """Open rectification orders (整改) and how many are past their deadline."""
    if not roles.has_permission(user, roles.VIEW_GOVERNANCE):
        return None
    orders = RectificationOrder.objects.visible_to(user).filter(status__in=UNRESOLVED)
    if region is not None:
        orders = orders.filter(station__region=region)
    return orders.aggregate(open=Count("id"), overdue=Count("id", filter=Q(deadline_on__lt=today)))


def alerts_section(user, region) -> dict | None:
    """Unresolved alerts by status and severity, and the latest few (title, district,
    station, severity): two queries."""
    if not roles.has_permission(user, roles.VIEW_ALERTS):
        return None
    alerts = Alert.objects.visible_to(user).unresolved()
    if region is not None:
        alerts = alerts.filter(region=region)
    counts = alerts.aggregate(
        open=Count("id", filter=Q(status=AlertStatus.OPEN)),
        acknowledged=Count("id", filter=Q(status=AlertStatus.ACKNOWLEDGED)),
        critical=Count("id", filter=Q(severity=AlertSeverity.CRITICAL)),
    )
    latest = alerts.select_related("region", "station").order_by("-raised_at", "-pk")
    severities = dict(AlertSeverity.choices)
    return {
        **counts,
        "items": [
            {
                "title": alert.title,
                "severity": alert.severity,
                "severity_label": str(severities.get(alert.severity, alert.severity)),
                "status": alert.status,
                "district": alert.region.name,
                "station": alert.station.name if alert.station_id else "",
                "raised_at": _iso(timezone.localtime(alert.raised_at)),
            }
            for alert in latest[:ALERT_ITEMS]
        ],
    }


# The payload ---------------------------------------------------------------------------


def screen_payload(user, region=None) -> dict:
    """Every figure of the screen for ``user``, of the whole scope or of ``region`` (a
    district inside it: the caller checks with ``region_in_scope``)."""
    now = timezone.now()
    regions = list(regions_visible(user))
    can_sales = roles.has_permission(user, roles.VIEW_SALES)
    until = data_until(user) if can_sales else None
    sales_figures = sales_section(user, region, regions, until) if can_sales else None
    year = until.year if until else timezone.localdate(now).year
    return {
        "generated_at": _iso(timezone.localtime(now)),
        "data_until": _iso(until),
        **freshness(now),
        "region": {"code": region.code, "name": region.name} if region is not None else None,
        "regions": [{"code": r.code, "name": r.name, "feature": _feature(r)} for r in regions],
        "camera_url": camera_url_template(user),
        "sales": sales_figures,
        "stations": stations_section(user, region),
        "welfare": welfare_section(user, year),
        "charity": charity_section(user, year),
        "rectifications": rectifications_section(user, region, timezone.localdate(now)),
        "alerts": alerts_section(user, region),
    }
