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
    ``start``..``end`` (only the last ``max_days`` of them), and for the week ending on
    ``end`` against the ``weeks`` weeks before it (0: days only)."""
    rules = {AlertKind.SALES_JUMP: jump_rule, AlertKind.SALES_DROP: drop_rule}
    rules = {kind: rule for kind, rule in rules.items() if rule is not None}
    if not rules:
        return []
    params = {kind: params_of(rule) for kind, rule in rules.items()}
    window = max(max(p["window_days"], 7 * p["weeks"] + 6) for p in params.values())
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
        samples = {}  # (station, kind) → (value, history)
        for sid, by_day in totals.items():
            value = by_day.get(day)
            if value is None or sid not in stations:
                continue
            for kind, p in params.items():
                since = day - datetime.timedelta(days=p["window_days"])
                history = [fen for d, fen in by_day.items() if since <= d < day]
                if len(history) >= p["min_history"]:
                    samples[(sid, kind)] = (value, history)
        findings += _judge(samples, params, rules, stations, day, weekly=False)
    weekly = {kind: p for kind, p in params.items() if p["weeks"] > 0}
    if weekly:
        samples = {}
        for sid, by_day in totals.items():
            if sid not in stations:
                continue
            for kind, p in weekly.items():
                week = _week(by_day, days[-1])
                if week is None:
                    continue
                history = [
                    fen
                    for k in range(1, p["weeks"] + 1)
                    if (fen := _week(by_day, days[-1] - datetime.timedelta(days=7 * k))) is not None
                ]
                if len(history) * 4 >= p["weeks"] * 3:  # at least three weeks in four
                    samples[(sid, kind)] = (week, history)
        # A week that stands out because of a day already flagged is the same finding.
        week_start = days[-1] - datetime.timedelta(days=6)
        flagged = {(f["sid"], f["kind"]) for f in findings if f["day"] >= week_start}
        findings += [
            f
            for f in _judge(samples, weekly, rules, stations, days[-1], weekly=True)
            if (f["sid"], f["kind"]) not in flagged
        ]
    return [_as_finding(f) for f in findings]


def _week(by_day: dict, last: datetime.date) -> int | None:
    """Sales of the 7 days ending on ``last``, if the station reported at least 5."""
    values = [by_day.get(last - datetime.timedelta(days=n)) for n in range(7)]
    reported = [v for v in values if v is not None]
    return sum(reported) if len(reported) >= 5 else None


def _judge(samples: dict, params: dict, rules: dict, stations: dict, day, *, weekly: bool):
    """Robust z of each station against its own history, then of its ratio to its own
    median against the same ratio of the other stations of its district."""
    scores = {}
    ratios: dict[int, dict[int, float]] = defaultdict(dict)  # region → station → ratio
    for (sid, kind), (value, history) in samples.items():
        z, centre, spread = robust_z(value, history)
        scores[(sid, kind)] = (z, centre, spread, len(history), value)
        if centre > 0:
            ratios[stations[sid][0]][sid] = value / centre
    found = []
    for (sid, kind), (z, centre, spread, n, value) in scores.items():
        p = params[kind]
        if z is None:
            continue
        jump = kind == AlertKind.SALES_JUMP
        if (jump and z < p["z"]) or (not jump and z > -p["z"]):
            continue
        floor = p["min_sales_yuan"] * 100 * (7 if weekly else 1)
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
        found.append(
            _finding(kind, rules[kind], sid, region_id, code, name, day, p, value, z)
            | {"centre": centre, "spread": spread, "n": n, "weekly": weekly}
            | {"district_z": district_z, "district_ratio": district_median}
            | {"peers": len(peers)}
        )
    return found


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
    weekly = f["weekly"]
    if weekly:
        title = (
            _("Weekly sales jump at %(station)s to %(day)s")
            if jump
            else _("Weekly sales drop at %(station)s to %(day)s")
        ) % words
    else:
        title = (
            _("Sales jump at %(station)s on %(day)s")
            if jump
            else _("Sales drop at %(station)s on %(day)s")
        ) % words
    detail = (
        _(
            "In the 7 days to %(day)s the station sold %(value)s, %(ratio)s times its median "
            "of %(median)s over the %(n)s weeks before (median absolute deviation "
            "%(mad)s): a robust z-score of %(z)s."
        )
        % words
        if weekly
        else _(
            "On %(day)s the station sold %(value)s, %(ratio)s times its median of %(median)s "
            "over the %(n)s days with sales in the previous %(window)s days (median absolute "
            "deviation %(mad)s): a robust z-score of %(z)s."
        )
        % words
    )
    if f["district_z"] is not None:
        district = (
            _(
                "The other %(peers)s stations of its district typically sold %(district)s "
                "times their own median that week; against them the station's move scores "
                "%(dz)s."
            )
            if weekly
            else _(
                "The other %(peers)s stations of its district typically sold %(district)s "
                "times their own median that day; against them the station's move scores "
                "%(dz)s."
            )
        )
        detail += " " + district % {
            "peers": f["peers"] - 1,
            "district": "{:.2f}".format(f["district_ratio"]),
            "dz": "{:+.1f}".format(f["district_z"]),
        }
    else:
        detail += " " + _("Too few stations of its district had history to compare.")
    data = {
        "sales_fen": f["value"],
        "median_fen": round(f["centre"]),
        "mad_fen": round(f["spread"]),
        "z": round(f["z"], 2),
        **({"history_weeks": f["n"]} if weekly else {"history_days": f["n"]}),
        **({} if weekly else {"window_days": f["window"]}),
        "district_z": None if f["district_z"] is None else round(f["district_z"], 2),
        "district_ratio": None if f["district_ratio"] is None else round(f["district_ratio"], 3),
        "district_stations": f["peers"],
        "period": "week" if weekly else "day",
    }
    return Finding(
        kind=f["kind"],
        key="{}:{}:{}{}".format(f["kind"], f["sid"], "w" if weekly else "", f["day"].isoformat()),
        region_id=f["region_id"],
        station_id=f["sid"],
        day=f["day"],
        title=title,
        detail=detail,
        data=data,
        severity=f["severity"],
    )
