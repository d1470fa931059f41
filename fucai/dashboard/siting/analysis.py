"""Siting arithmetic, free of the database: which township a station belongs to, the
figures of an area (stations per 10,000 residents, sales per station) and the
under-served index that ranks the candidate areas.

**Township of a station.** Stations carry no township field; it is derived, in order:

1. its address: after the province, city and district names, an address names its
   township (街道 / 镇 / 乡 / 片区) — the first township of the district whose full name,
   or its name without that suffix, starts the rest of the address (the longest wins);
2. else its position: the township of its district with the nearest centroid, when the
   station has coordinates and the population data set gives centroids;
3. else none: the station counts in its district's figures only ("not assigned").

**Index.** For an area with ``population`` residents, ``active`` active stations and,
in the latest full year of sales, ``sales`` sold by its ``selling`` stations:

* density ``d = active ÷ population × 10,000`` (stations per 10,000 residents);
* sales per station ``s = sales ÷ selling`` (an area with no selling station takes
  its district's figure: the demand around it);
* against the reference of everything the user sees — ``D`` (all active stations ÷ all
  residents of the districts) and ``S`` (all sales ÷ all selling stations):

  ``index = (s ÷ S) × (D ÷ d′)``, where ``d′`` counts at least one station (an area
  without any is scored as if it had one, so the index stays finite and such an area
  ranks high).

An index above 1 means fewer stations per resident than the reference, stations that
sell more than the reference, or both: under-served. ``gap`` is the number of stations
the area would need to reach the reference density, the quota a call could open.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

TOWNSHIP_SUFFIXES = ("街道", "片区", "社区", "镇", "乡")
PER = 10_000  # density per 10,000 residents
UNDER_SERVED = 1.0


@dataclass(frozen=True)
class Township:
    name: str
    latitude: float | None = None
    longitude: float | None = None

    @property
    def core(self) -> str:
        """The name without its suffix (塘下镇 → 塘下), when two characters remain."""
        for suffix in TOWNSHIP_SUFFIXES:
            if self.name.endswith(suffix) and len(self.name) - len(suffix) >= 2:
                return self.name[: -len(suffix)]
        return self.name


def _strip_prefixes(address: str, prefixes: tuple[str, ...]) -> str:
    rest = address.strip()
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if prefix and rest.startswith(prefix):
                rest = rest[len(prefix) :]
                changed = True
    return rest


def township_of(
    address: str,
    latitude: float | None,
    longitude: float | None,
    townships: list[Township],
    prefixes: tuple[str, ...] = (),
) -> str | None:
    """The township a station belongs to (see the module), or None."""
    if not townships:
        return None
    rest = _strip_prefixes(address or "", prefixes)
    best = None
    for town in townships:
        for name in (town.name, town.core):
            if name and rest.startswith(name) and (best is None or len(name) > best[0]):
                best = (len(name), town.name)
    if best is not None:
        return best[1]
    if latitude is None or longitude is None:
        return None
    placed = [t for t in townships if t.latitude is not None and t.longitude is not None]
    if not placed:
        return None
    scale = math.cos(math.radians(latitude))

    def distance(town: Township) -> float:
        return ((town.latitude - latitude) ** 2) + ((town.longitude - longitude) * scale) ** 2

    return min(placed, key=distance).name


@dataclass
class Area:
    """A district (``township`` empty) or a township, with its figures."""

    region_id: int
    region_code: str
    region_name: str
    township: str = ""
    population: int | None = None
    year: int | None = None
    source: str = ""
    latitude: float | None = None
    longitude: float | None = None
    active: int = 0
    selling: int = 0
    sales_fen: int = 0
    index: float | None = None
    gap: int = 0
    unassigned: int = 0  # a district's active stations in none of its townships
    station_ids: list[int] = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        return f"{self.region_name}{self.township}"

    @property
    def density(self) -> float | None:
        if not self.population:
            return None
        return self.active / self.population * PER

    @property
    def sales_per_station_fen(self) -> int | None:
        return self.sales_fen // self.selling if self.selling else None

    @property
    def under_served(self) -> bool:
        return self.index is not None and self.index > UNDER_SERVED and self.gap > 0


@dataclass(frozen=True)
class Reference:
    """The yardstick: density and sales per station of everything in view."""

    density: float | None
    sales_per_station_fen: int | None


def reference(districts: list[Area]) -> Reference:
    residents = sum(a.population or 0 for a in districts if a.population)
    active = sum(a.active for a in districts if a.population)
    selling = sum(a.selling for a in districts)
    sales = sum(a.sales_fen for a in districts)
    return Reference(
        density=active / residents * PER if residents else None,
        sales_per_station_fen=sales // selling if selling else None,
    )


def score(area: Area, ref: Reference, district_sales_per_station: int | None) -> None:
    """Set ``area.index`` and ``area.gap`` against ``ref`` (see the module)."""
    area.index, area.gap = None, 0
    if not area.population or not ref.density or not ref.sales_per_station_fen:
        return
    sales = area.sales_per_station_fen or district_sales_per_station or ref.sales_per_station_fen
    density = max(area.active, 1) / area.population * PER
    area.index = (sales / ref.sales_per_station_fen) * (ref.density / density)
    area.gap = max(0, round(area.population * ref.density / PER) - area.active)


def ranked(areas: list[Area]) -> list[Area]:
    """Areas with an index, the most under-served first (ties: the larger gap)."""
    return sorted(
        (a for a in areas if a.index is not None),
        key=lambda a: (-a.index, -a.gap, a.region_code, a.township),
    )
