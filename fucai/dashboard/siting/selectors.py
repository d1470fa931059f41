"""The siting page's figures, within the user's data scope: the latest population of
each district and township (core.PopulationArea), the active stations now, and the
sales of the latest full year from the yearly station rollup (sales.SalesStationYear),
each station counted in its district and in its township (see ``analysis``).

A handful of queries whatever the number of stations: regions, population figures,
stations, one year of station sales, and the sales data's last day."""

from __future__ import annotations

from dataclasses import dataclass

from fucai.core.maps import MAP_FEATURE_FOR_REGION
from fucai.core.models import PopulationArea
from fucai.core.scope import regions_visible
from fucai.sales import selectors as sales_selectors
from fucai.sales.models import SalesStationYear
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from . import analysis
from .analysis import Area, Reference, Township

CANDIDATES = 10


@dataclass
class Siting:
    sales_year: int | None
    districts: list[Area]
    townships: list[Area]
    reference: Reference
    candidates: list[Area]

    @property
    def has_population(self) -> bool:
        return any(a.population for a in self.districts + self.townships)


def latest_full_year(user) -> int | None:
    """The last calendar year whose December is in the monthly rollups of the user's
    scope (one cached query: the daily facts are not read, a scoped MAX over them costs
    seconds for a district)."""
    last = sales_selectors.latest_month(user)
    if last is None:
        return None
    return last.year if last.month == 12 else last.year - 1


def _latest_figures(user, region_ids: set[int]) -> dict[tuple[int, str], PopulationArea]:
    latest: dict[tuple[int, str], PopulationArea] = {}
    rows = (
        PopulationArea.objects.visible_to(user)
        .filter(region_id__in=region_ids)
        .order_by("region_id", "township", "-year")
    )
    for row in rows:
        latest.setdefault((row.region_id, row.township), row)
    return latest


def _coordinate(value) -> float | None:
    return None if value is None else float(value)


def siting(user, region_code: str | None = None) -> Siting:
    regions = list(regions_visible(user).select_related("parent__parent"))
    if region_code:
        regions = [r for r in regions if r.code == region_code]
    by_id = {r.pk: r for r in regions}
    figures = _latest_figures(user, set(by_id))

    districts: dict[int, Area] = {}
    townships: dict[tuple[int, str], Area] = {}
    for region in regions:
        row = figures.get((region.pk, ""))
        districts[region.pk] = _area(region, row)
    for (region_id, name), row in figures.items():
        if name:
            townships[(region_id, name)] = _area(by_id[region_id], row, name)
    towns_of: dict[int, list[Township]] = {}
    for (region_id, name), area in townships.items():
        towns_of.setdefault(region_id, []).append(Township(name, area.latitude, area.longitude))

    year = latest_full_year(user)
    sales: dict[int, int] = {}
    if year is not None:
        sales = dict(
            SalesStationYear.objects.visible_to(user)
            .filter(year=year, region_id__in=list(by_id), sales_fen__gt=0)
            .values_list("station_id", "sales_fen")
        )
    stations = (
        Station.objects.visible_to(user)
        .filter(region_id__in=list(by_id))
        .only("pk", "region_id", "address", "latitude", "longitude", "status")
        .order_by()
    )
    for station in stations:
        active = station.status == StationStatus.ACTIVE
        sold = sales.get(station.pk, 0)
        if not active and not sold:
            continue
        region = by_id[station.region_id]
        targets = [districts[region.pk]]
        name = analysis.township_of(
            station.address,
            _coordinate(station.latitude),
            _coordinate(station.longitude),
            towns_of.get(region.pk, []),
            _prefixes(region),
        )
        if name is not None:
            targets.append(townships[(region.pk, name)])
        elif active:
            districts[region.pk].unassigned += 1
        for area in targets:
            area.active += active
            area.selling += bool(sold)
            area.sales_fen += sold
            area.station_ids.append(station.pk)

    district_list = list(districts.values())
    ref = analysis.reference(district_list)
    for area in district_list:
        analysis.score(area, ref, None)
    township_list = sorted(
        townships.values(), key=lambda a: (by_id[a.region_id].sort_order, a.region_code, a.township)
    )
    for area in township_list:
        analysis.score(area, ref, districts[area.region_id].sales_per_station_fen)
    # Candidates: townships, and districts for which no township is on file.
    with_towns = {a.region_id for a in township_list if a.population}
    pool = township_list + [a for a in district_list if a.region_id not in with_towns]
    candidates = [a for a in analysis.ranked(pool) if a.under_served][:CANDIDATES]
    return Siting(
        sales_year=year,
        districts=district_list,
        townships=township_list,
        reference=ref,
        candidates=candidates,
    )


def _area(region, row: PopulationArea | None, township: str = "") -> Area:
    return Area(
        region_id=region.pk,
        region_code=region.code,
        region_name=region.name,
        township=township,
        population=row.population if row else None,
        year=row.year if row else None,
        source=row.source if row else "",
        latitude=_coordinate(row.latitude) if row else None,
        longitude=_coordinate(row.longitude) if row else None,
    )


def _prefixes(region) -> tuple[str, ...]:
    names = [region.name, region.short_name]
    parent = region.parent
    while parent is not None:
        names += [parent.name, parent.short_name]
        parent = parent.parent
    return tuple(n for n in names if n)


def map_data(result: Siting) -> dict:
    """The map's series: districts coloured by stations per 10,000 residents (regions
    the map does not draw folded into their host shape, counts summed before dividing)
    and the townships with a centroid as points sized by residents."""
    features: dict[str, dict] = {}
    for area in result.districts:
        feature = MAP_FEATURE_FOR_REGION.get(area.region_code, area.region_name)
        entry = features.setdefault(feature, {"active": 0, "population": 0, "sales": 0, "n": 0})
        entry["active"] += area.active
        entry["population"] += area.population or 0
        entry["sales"] += area.sales_fen
        entry["n"] += area.selling
    districts = [
        {
            "name": name,
            "value": round(e["active"] / e["population"] * analysis.PER, 2)
            if e["population"]
            else None,
            "stations": e["active"],
            "population": e["population"],
            "sales_per_station": e["sales"] // e["n"] if e["n"] else None,
        }
        for name, e in features.items()
    ]
    points = [
        {
            "name": area.name,
            "value": [area.longitude, area.latitude, round(area.index or 0, 2)],
            "population": area.population,
            "stations": area.active,
            "density": round(area.density, 2) if area.density is not None else None,
            "under_served": area.under_served,
        }
        for area in result.townships
        if area.latitude is not None and area.population
    ]
    return {"districts": districts, "points": points}
