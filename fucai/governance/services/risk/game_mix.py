"""The ``game_mix`` rule: total variation distance between the station's game shares and
those of the other stations of its district and kind."""

import datetime
from collections import defaultdict

from django.db.models import Sum

from fucai.sales.models import Game, SalesMonth, SalesRegionMonth
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from ...constants import RISK_MIX_DISTANCE, RISK_MIX_MIN_SALES_FEN, RISK_MIX_MONTHS
from .common import RULE_MIX, Finding, add_months, month_end


def total_variation(p: dict, q: dict) -> float:
    """½ Σ |p − q| of two distributions given as {key: amount} (normalized here)."""
    sp, sq = sum(p.values()), sum(q.values())
    if not sp or not sq:
        return 0.0
    keys = set(p) | set(q)
    return 0.5 * sum(abs(p.get(k, 0) / sp - q.get(k, 0) / sq) for k in keys)


def find_game_mix(month: datetime.date) -> list[Finding]:
    first = add_months(month, -(RISK_MIX_MONTHS - 1))
    station_games: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for sid, gid, fen in (
        SalesMonth.objects.filter(month__gte=first, month__lte=month)
        .values_list("station_id", "game_id")
        .annotate(fen=Sum("sales_fen"))
        .values_list("station_id", "game_id", "fen")
    ):
        station_games[sid][gid] += fen
    group_games: dict[tuple, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for rid, kind, gid, fen in (
        SalesRegionMonth.objects.filter(month__gte=first, month__lte=month)
        .values_list("region_id", "kind", "game_id")
        .annotate(fen=Sum("sales_fen"))
        .values_list("region_id", "kind", "game_id", "fen")
    ):
        group_games[(rid, kind)][gid] += fen
    stations = {
        pk: (rid, kind)
        for pk, rid, kind in Station.objects.filter(
            pk__in=list(station_games), status=StationStatus.ACTIVE
        ).values_list("pk", "region_id", "kind")
    }
    names = dict(Game.objects.values_list("pk", "name"))
    findings = []
    for sid, games in station_games.items():
        if sid not in stations or sum(games.values()) < RISK_MIX_MIN_SALES_FEN:
            continue
        group = group_games.get(stations[sid], {})
        # The district's other stations of the same kind: the station itself taken out.
        others = {g: group.get(g, 0) - games.get(g, 0) for g in set(group) | set(games)}
        others = {g: fen for g, fen in others.items() if fen > 0}
        if not others:
            continue
        distance = total_variation(games, others)
        if distance < RISK_MIX_DISTANCE:
            continue
        total, rest = sum(games.values()), sum(others.values())
        shares = sorted(
            (
                {
                    "game": names.get(g, str(g)),
                    "station_share": round(games.get(g, 0) / total, 3),
                    "district_share": round(others.get(g, 0) / rest, 3),
                }
                for g in set(games) | set(others)
            ),
            key=lambda row: -abs(row["station_share"] - row["district_share"]),
        )
        findings.append(
            Finding(
                sid,
                RULE_MIX,
                first,
                month_end(month),
                {
                    "distance": round(distance, 3),
                    "sales_fen": total,
                    "from": first.strftime("%Y-%m"),
                    "to": month.strftime("%Y-%m"),
                    "games": shares[:5],
                },
            )
        )
    return findings
