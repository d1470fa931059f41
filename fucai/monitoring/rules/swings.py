"""Sales jump / drop: a station's day against its own history AND its district.

One query reads the daily totals (all games) of every station over the window and the
days judged, through ``SalesDay``'s date-first key; everything else is arithmetic in
Python. A day counts only when the station reported it (a missing day is the import
rule's business, not a drop)."""

import datetime
from collections import defaultdict

from django.db.models import Sum
from django.utils.translation import gettext as _

from fucai.sales.models import SalesDay
from fucai.stations.models import Station

from ..choices import AlertKind
from ..stats import robust_z
from .common import Finding, params_of, yuan


def daily_totals(start: datetime.date, end: datetime.date) -> dict[int, dict]:
    """Station → {day: sales in fen, all games}, days with a reported row only."""
    totals: dict[int, dict] = defaultdict(dict)
    rows = (
        SalesDay.objects.filter(date__range=(start, end))
        .values_list("station_id", "date")
        .annotate(fen=Sum("sales_fen"))
        .values_list("station_id", "date", "fen")
    )
    for sid, day, fen in rows.iterator(5000):
        totals[sid][day] = fen
    return totals


def _days(start: datetime.date, end: datetime.date, max_days: int) -> list[datetime.date]:
    first = max(start, end - datetime.timedelta(days=max_days - 1))
    return [first + datetime.timedelta(days=n) for n in range((end - first).days + 1)]


def find_swings(jump_rule, drop_rule, start: datetime.date, end: datetime.date) -> list[Finding]:
    """Findings of the jump and the drop rule (either may be None: disabled) for the days
    ``start``..``end`` (only the last ``max_days`` of them)."""
    rules = {AlertKind.SALES_JUMP: jump_rule, AlertKind.SALES_DROP: drop_rule}
    rules = {kind: rule for kind, rule in rules.items() if rule is not None}
    if not rules:
        return []
    params = {kind: params_of(rule) for kind, rule in rules.items()}
    window = max(p["window_days"] for p in params.values())
    max_days = max(p["max_days"] for p in params.values())
    days = _days(start, end, max_days)
    totals = daily_totals(days[0] - datetime.timedelta(days=window), days[-1])
    stations = {
        pk: (region_id, code, name)
        for pk, region_id, code, name in Station.objects.filter(pk__in=list(totals)).values_list(
            "pk", "region_id", "code", "name"
        )
    }
    findings = []
    for day in days:
        scores = {}  # station → (z, median, mad, history length, value)
        ratios: dict[int, dict[int, float]] = defaultdict(dict)  # region → station → ratio
        for sid, by_day in totals.items():
            value = by_day.get(day)
            if value is None or sid not in stations:
                continue
            for kind, p in params.items():
                since = day - datetime.timedelta(days=p["window_days"])
                history = [fen for d, fen in by_day.items() if since <= d < day]
                if len(history) < p["min_history"]:
                    continue
                z, centre, spread = robust_z(value, history)
                scores[(sid, kind)] = (z, centre, spread, len(history), value)
                if centre > 0:
                    ratios[stations[sid][0]][sid] = value / centre
        for (sid, kind), (z, centre, spread, n, value) in scores.items():
            p = params[kind]
            if z is None:
                continue
            jump = kind == AlertKind.SALES_JUMP
            if (jump and z < p["z"]) or (not jump and z > -p["z"]):
                continue
            floor = p["min_sales_yuan"] * 100
            if (jump and value < floor) or (not jump and centre < floor):
                continue
            region_id, code, name = stations[sid]
            peers = ratios.get(region_id, {})
            district_z, district_median = None, None
            if len(peers) >= p["min_peers"] and sid in peers:
                district_z, district_median, _mad = robust_z(peers[sid], list(peers.values()))
                if district_z is None or (jump and district_z < p["z"]):
                    continue
                if not jump and district_z > -p["z"]:
                    continue
            findings.append(
                _finding(kind, rules[kind], sid, region_id, code, name, day, p, value, z)
                | {"centre": centre, "spread": spread, "n": n}
                | {"district_z": district_z, "district_ratio": district_median}
                | {"peers": len(peers)}
            )
    return [_as_finding(f) for f in findings]


def _finding(kind, rule, sid, region_id, code, name, day, p, value, z) -> dict:
    return {
        "kind": kind,
        "severity": rule.severity,
        "sid": sid,
        "region_id": region_id,
        "code": code,
        "name": name,
        "day": day,
        "window": p["window_days"],
        "value": value,
        "z": z,
    }


def _as_finding(f: dict) -> Finding:
    jump = f["kind"] == AlertKind.SALES_JUMP
    words = {
        "station": "{} {}".format(f["code"], f["name"]),
        "day": f["day"].isoformat(),
        "value": yuan(f["value"]),
        "median": yuan(f["centre"]),
        "mad": yuan(f["spread"]),
        "z": "{:+.1f}".format(f["z"]),
        "n": f["n"],
        "window": f["window"],
        "ratio": "{:.2f}".format(f["value"] / f["centre"]) if f["centre"] else "-",
    }
    title = (
        _("Sales jump at %(station)s on %(day)s")
        if jump
        else _("Sales drop at %(station)s on %(day)s")
    ) % words
    detail = (
        _(
            "On %(day)s the station sold %(value)s, %(ratio)s times its median of %(median)s "
            "over the %(n)s days with sales in the previous %(window)s days (median absolute "
            "deviation %(mad)s): a robust z-score of %(z)s."
        )
        % words
    )
    if f["district_z"] is not None:
        detail += " " + _(
            "The other %(peers)s stations of its district typically sold %(district)s times "
            "their own median that day; against them the station's move scores %(dz)s."
        ) % {
            "peers": f["peers"] - 1,
            "district": "{:.2f}".format(f["district_ratio"]),
            "dz": "{:+.1f}".format(f["district_z"]),
        }
    else:
        detail += " " + _("Too few stations of its district had history that day to compare.")
    data = {
        "sales_fen": f["value"],
        "median_fen": round(f["centre"]),
        "mad_fen": round(f["spread"]),
        "z": round(f["z"], 2),
        "history_days": f["n"],
        "window_days": f["window"],
        "district_z": None if f["district_z"] is None else round(f["district_z"], 2),
        "district_ratio": None if f["district_ratio"] is None else round(f["district_ratio"], 3),
        "district_stations": f["peers"],
    }
    return Finding(
        kind=f["kind"],
        key="{}:{}:{}".format(f["kind"], f["sid"], f["day"].isoformat()),
        region_id=f["region_id"],
        station_id=f["sid"],
        day=f["day"],
        title=title,
        detail=detail,
        data=data,
        severity=f["severity"],
    )
