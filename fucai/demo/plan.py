"""The demo network as plain Python data: which stations exist, where, since when.

Planning is kept apart from the database (see ``builder``) so that it is deterministic
by construction — it only sees the seed, the regions and the requested size — and so
that it can be reasoned about and tested without touching the ORM.

The picture is Wenzhou at the end of 2019 (the seed year of the center's figures):
1,275 active stations spread over the 12 county-level units by population, plus some
closed in 2018–2019 and some still being prepared.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from fucai.stations.choices import StationClass, StationKind, StationStatus

from .geo import PLACES, SEATS, URBAN_DISTRICTS, VIDEO_HALL_REGIONS
from .outlines import pull_inside

AS_OF = datetime.date(2019, 12, 31)
DEFAULT_ACTIVE = 1275
# Closed and preparing stations scale with the requested size so small test runs keep
# the same mix (45 and 25 at full size).
CLOSED_RATIO = 45 / 1275
PREPARING_RATIO = 25 / 1275
EPISODE_RATIO = 15 / 1275
FIRST_YEAR, LAST_YEAR = 2005, 2019
# Station kinds: 15% instant-ticket shops everywhere, video halls worth 3% of the whole
# network but only where they are licensed (see geo.VIDEO_HALL_REGIONS).
INSTANT_SHARE = 0.15
VIDEO_SHARE = 0.03

CLOSE_FOR_LOSSES = "经营不善主动退出"
CLOSE_FOR_VIOLATION = "违规销售终止合同"
CLOSE_AT_EXPIRY = "合同到期不再续签"
_CLOSE_REASONS = ((CLOSE_FOR_LOSSES, 45), (CLOSE_FOR_VIOLATION, 20), (CLOSE_AT_EXPIRY, 35))

REASON_REGISTERED = "新站登记，进入筹建"
REASON_OPENED = "验收合格，开业销售"
REASON_RESUMED = "整改完成，恢复销售"
_EPISODE_REASONS = {
    StationStatus.SUSPENDED: ("设备故障停机检修", "门店装修暂停销售", "违规销售停机整顿"),
    StationStatus.RECTIFYING: (
        "年检不合格，限期整改",
        "店面形象不达标，限期整改",
        "未张贴禁止向未成年人售彩标识，限期整改",
    ),
}


@dataclass(frozen=True)
class RegionInfo:
    """What planning needs to know about a county-level region."""

    code: str
    name: str
    short_name: str
    population: int

    @property
    def address_prefix(self) -> str:
        # Urban districts are written with the city (温州市鹿城区); counties and
        # county-level cities stand on their own (瑞安市, 永嘉县).
        return f"温州市{self.name}" if self.code in URBAN_DISTRICTS else self.name


@dataclass(frozen=True)
class Change:
    """One planned status change (becomes a StationStatusChange row)."""

    from_status: str
    to_status: str
    effective_on: datetime.date
    reason: str


@dataclass
class StationPlan:
    """One station; fields after ``changes`` are filled in by later planning steps."""

    region: RegionInfo
    status: str
    kind: str
    station_class: str
    registered_on: datetime.date
    opened_on: datetime.date | None
    closed_on: datetime.date | None = None
    close_reason: str = ""
    changes: list[Change] = field(default_factory=list)
    code: str = ""
    name: str = ""
    address: str = ""
    latitude: Decimal = Decimal(0)
    longitude: Decimal = Decimal(0)
    premises_area: Decimal = Decimal(0)
    terminal_count: int = 1
    owner: int = -1  # index into NetworkPlan.owners
    contact_phone: str = ""

    @property
    def status_changed_on(self) -> datetime.date:
        return self.changes[-1].effective_on


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into integers that sum to ``total``.

    Each share gets its floor, then the units left over go to the largest fractional
    parts (ties to the earlier entry, so the result is stable).
    """
    weight_sum = sum(weights)
    if weight_sum <= 0:
        weights, weight_sum = [1] * len(weights), len(weights)
    exact = [total * w / weight_sum for w in weights]
    shares = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _random_day(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return datetime.date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def _opening_year(rng: random.Random, last_year: int) -> int:
    # The network grew steadily; weight each year by its distance from 2003 so that
    # 2019 sees about eight times the openings of 2005.
    years = list(range(FIRST_YEAR, last_year + 1))
    return rng.choices(years, weights=[year - 2003 for year in years])[0]


class StationPlanner:
    """Draws the stations of every region: kind, class, dates and status history."""

    def __init__(self, rng: random.Random, regions: list[RegionInfo]) -> None:
        self.rng = rng
        self.regions = regions
        total_pop = sum(r.population for r in regions) or 1
        video_pop = sum(r.population for r in regions if r.code in VIDEO_HALL_REGIONS)
        # Inside the licensed regions video halls need a larger share to make up 3%.
        self.video_share = min(0.2, VIDEO_SHARE * total_pop / video_pop) if video_pop else 0.0

    def active_kinds(self, region: RegionInfo, count: int) -> list[str]:
        """Kinds of a region's active stations by quota, in random order.

        Quotas rather than independent draws, so the mix of the active network is the
        intended one (82 / 15 / 3%) and not off by a few percent by chance.
        """
        video = round(count * self.video_share) if region.code in VIDEO_HALL_REGIONS else 0
        instant = min(count - video, round(count * INSTANT_SHARE))
        kinds = [StationKind.VIDEO] * video + [StationKind.INSTANT] * instant
        kinds += [StationKind.COMPUTER] * (count - len(kinds))
        self.rng.shuffle(kinds)
        return [str(kind) for kind in kinds]

    def kind_and_class(self, region: RegionInfo, kind: str | None = None) -> tuple[str, str]:
        """A station's kind (drawn unless given) and class."""
        rng = self.rng
        if kind is None:
            draw = rng.random()
            if draw < INSTANT_SHARE:
                kind = StationKind.INSTANT
            elif region.code in VIDEO_HALL_REGIONS and draw < INSTANT_SHARE + self.video_share:
                kind = StationKind.VIDEO
            else:
                kind = StationKind.COMPUTER
        if kind == StationKind.VIDEO:
            # A hall is a dedicated venue by licence; the biggest are flagships.
            cls = StationClass.FLAGSHIP if rng.random() < 0.25 else StationClass.DEDICATED
        else:
            classes = (StationClass.FLAGSHIP, StationClass.DEDICATED, StationClass.COMBINED)
            cls = rng.choices(classes, weights=(4.4, 54.6, 41))[0]
        return str(kind), str(cls)

    def active(self, region: RegionInfo, kind: str) -> StationPlan:
        # 龙港 (330383) stations existed long before 2019 as 苍南 stations; they keep
        # their original opening dates and are simply filed under 龙港 today.
        rng = self.rng
        kind, cls = self.kind_and_class(region, kind)
        year = _opening_year(rng, LAST_YEAR)
        opened = _random_day(rng, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        registered = opened - datetime.timedelta(days=rng.randint(30, 150))
        plan = StationPlan(region, StationStatus.ACTIVE, kind, cls, registered, opened)
        plan.changes = [
            Change("", StationStatus.PREPARING, registered, REASON_REGISTERED),
            Change(StationStatus.PREPARING, StationStatus.ACTIVE, opened, REASON_OPENED),
        ]
        return plan

    def closed(self, region: RegionInfo) -> StationPlan:
        rng = self.rng
        kind, cls = self.kind_and_class(region)
        reason = rng.choices([r for r, _ in _CLOSE_REASONS], [w for _, w in _CLOSE_REASONS])[0]
        if reason == CLOSE_AT_EXPIRY:
            # Not renewed: the station closes the day after a 3-year contract term ends,
            # so open it a whole number of terms before that day.
            closed = _random_day(rng, datetime.date(2018, 1, 2), AS_OF)
            terms = [k for k in range(1, 6) if add_years(closed, -3 * k).year >= FIRST_YEAR]
            opened = add_years(closed, -3 * rng.choice(terms))
        else:
            year = _opening_year(rng, 2017)
            opened = _random_day(rng, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
            earliest = max(datetime.date(2018, 1, 1), opened + datetime.timedelta(days=180))
            closed = _random_day(rng, earliest, AS_OF)
        registered = opened - datetime.timedelta(days=rng.randint(30, 150))
        plan = StationPlan(region, StationStatus.CLOSED, kind, cls, registered, opened)
        plan.closed_on, plan.close_reason = closed, reason
        plan.changes = [
            Change("", StationStatus.PREPARING, registered, REASON_REGISTERED),
            Change(StationStatus.PREPARING, StationStatus.ACTIVE, opened, REASON_OPENED),
        ]
        last = StationStatus.ACTIVE
        if reason == CLOSE_FOR_VIOLATION:
            # A contract is terminated after the station was first switched off.
            stopped = closed - datetime.timedelta(days=rng.randint(20, 60))
            plan.changes.append(
                Change(last, StationStatus.SUSPENDED, stopped, "违规销售，停机调查")
            )
            last = StationStatus.SUSPENDED
        plan.changes.append(Change(last, StationStatus.CLOSED, closed, reason))
        return plan

    def preparing(self, region: RegionInfo) -> StationPlan:
        rng = self.rng
        kind, cls = self.kind_and_class(region)
        # Registered in the last months of 2019, not yet opened at the year's end.
        registered = _random_day(rng, datetime.date(2019, 9, 1), datetime.date(2019, 12, 20))
        plan = StationPlan(region, StationStatus.PREPARING, kind, cls, registered, None)
        plan.changes = [Change("", StationStatus.PREPARING, registered, REASON_REGISTERED)]
        return plan

    def add_episode(self, plan: StationPlan) -> None:
        """A past suspension or rectification of an active station, since resolved."""
        rng = self.rng
        assert plan.opened_on is not None
        status = rng.choice((StationStatus.SUSPENDED, StationStatus.RECTIFYING))
        start = _random_day(
            rng, plan.opened_on + datetime.timedelta(days=90), datetime.date(2019, 11, 30)
        )
        end = min(AS_OF, start + datetime.timedelta(days=rng.randint(7, 45)))
        reason = rng.choice(_EPISODE_REASONS[status])
        plan.changes += [
            Change(StationStatus.ACTIVE, status, start, reason),
            Change(status, StationStatus.ACTIVE, end, REASON_RESUMED),
        ]

    def plan_all(self, active_total: int) -> list[StationPlan]:
        """All stations, region by region, in a stable order."""
        weights = [r.population for r in self.regions]
        counts = zip(
            largest_remainder(active_total, weights),
            largest_remainder(round(active_total * CLOSED_RATIO), weights),
            largest_remainder(round(active_total * PREPARING_RATIO), weights),
            strict=True,
        )
        stations: list[StationPlan] = []
        for region, (n_active, n_closed, n_preparing) in zip(self.regions, counts, strict=True):
            stations += [self.active(region, kind) for kind in self.active_kinds(region, n_active)]
            stations += [self.closed(region) for _ in range(n_closed)]
            stations += [self.preparing(region) for _ in range(n_preparing)]
        # A handful of active stations with a resolved episode in their history; only
        # ones open long enough for an episode to fit before the end of 2019.
        eligible = [
            s
            for s in stations
            if s.status == StationStatus.ACTIVE
            and s.opened_on is not None
            and s.opened_on <= datetime.date(2019, 6, 30)
        ]
        episodes = min(len(eligible), max(1, round(active_total * EPISODE_RATIO)))
        for plan in self.rng.sample(eligible, episodes):
            self.add_episode(plan)
        return stations


def assign_codes(rng: random.Random, stations: list[StationPlan], prefix: str) -> None:
    """Give each station a code: the city prefix and a 4-digit serial.

    Serials are handed out in order of registration (with gaps, as numbers of stations
    that never opened are not reused), so older stations have lower numbers. The
    stations list is re-sorted into code order.
    """
    if len(stations) > 9999:
        raise ValueError("at most 9,999 stations fit a 4-digit serial")
    serials = sorted(rng.sample(range(1, 10000), len(stations)))
    order = sorted(range(len(stations)), key=lambda i: (stations[i].registered_on, i))
    for serial, i in zip(serials, order, strict=True):
        stations[i].code = f"{prefix}{serial:04d}"
    stations.sort(key=lambda s: s.code)


def describe(rng: random.Random, stations: list[StationPlan]) -> None:
    """Name, address, position, premises and terminals of each station (in code order)."""
    used_names: set[str] = set()
    for plan in stations:
        region = plan.region
        places = PLACES[region.code]
        town, road = rng.choice(places.towns), rng.choice(places.roads)
        number = f"{rng.randint(1, 399)}"
        if rng.random() < 0.1:
            number += f"-{rng.randint(1, 12)}"
        plan.address = f"{region.address_prefix}{town}{road}{number}号"
        plan.name = _station_name(rng, plan, road, used_names)

        seat = SEATS[region.code]
        # Polar jitter: r ≤ jitter keeps both axes inside the limit, and taking the
        # distance uniformly (not its square) crowds stations towards the centre.
        angle, radius = rng.uniform(0, 2 * math.pi), seat.jitter * rng.random()
        # Near a district's edge the circle overlaps the neighbour (or the sea): such a
        # point is pulled back towards the seat, inside the outline drawn on the map.
        lat, lng = pull_inside(
            region.code,
            (seat.latitude, seat.longitude),
            (seat.latitude + radius * math.sin(angle), seat.longitude + radius * math.cos(angle)),
        )
        plan.latitude = Decimal(f"{lat:.6f}")
        plan.longitude = Decimal(f"{lng:.6f}")

        low, high = {
            StationClass.FLAGSHIP: (60, 200),
            StationClass.DEDICATED: (15, 60),
            StationClass.COMBINED: (20, 120),
        }[StationClass(plan.station_class)]
        plan.premises_area = Decimal(f"{rng.uniform(low, high):.2f}")
        if plan.station_class == StationClass.FLAGSHIP:
            plan.terminal_count = rng.randint(2, 4)
        else:
            plan.terminal_count = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]


def _station_name(rng: random.Random, plan: StationPlan, road: str, used: set[str]) -> str:
    # Official numbered names are unique by construction (the serial is the code's); a
    # shop-style name that is already taken falls back to the numbered one.
    serial, region = plan.code[-4:], plan.region
    if plan.kind == StationKind.VIDEO:
        numbered = f"中福在线{region.name}第{serial}号销售厅"
        styled = f"中福在线·{region.short_name}{road}销售厅"
    elif plan.kind == StationKind.INSTANT:
        numbered = f"温州福彩{region.name}第{serial}号即开型专营店"
        styled = f"福彩即开·{road}店"
    elif plan.station_class == StationClass.FLAGSHIP:
        numbered = f"温州福彩{region.name}第{serial}号投注站"
        styled = f"温州福彩·{region.short_name}{road}旗舰店"
    else:
        numbered = f"温州福彩{region.name}第{serial}号投注站"
        styled = f"福彩·{road}站"
    name = styled if rng.random() < 0.3 and styled not in used else numbered
    used.add(name)
    return name
