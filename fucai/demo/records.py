"""Owners, agency contracts and insurance policies of the planned stations.

Still plain data (see ``plan``); ``builder`` turns it into rows. Each step takes its own
random stream so that, for example, the insurance plan — which depends on today's date —
cannot shift the names or owners drawn before it.

"Today" is the day the demo is loaded (``build_demo(today=...)``, by default the local
date), while the sales data end on 2019-12-31 (``plan.AS_OF``): contracts and policies
run up to today, so the registry's pages (contracts due, insurance expiring) look current
on the day of loading; the sales pages show the latest period that has data.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from fucai.stations.choices import OwnerKind, StationKind, StationStatus

from .people import PeopleFactory
from .plan import AS_OF, StationPlan, add_years, largest_remainder

CONTRACT_YEARS = 3
DEPOSIT_FEN = {
    StationKind.COMPUTER: 2_000_000,  # 2万元
    StationKind.INSTANT: 1_000_000,  # 1万元
    StationKind.VIDEO: 5_000_000,  # 5万元
}
INSURER = "中国人民财产保险股份有限公司温州市分公司"
COVERAGE_FEN = 50_000_000  # 50万元 per station
# Every active station was insured throughout 2019 (the seed: 全市投注站均投保责任险):
# each holds a one-year policy renewed on a day of its own, the renewal days spread
# over 2019 — the policy before runs from that day in 2018. The premium by kind.
RENEWAL_YEAR = 2019
PREMIUM_FEN = {
    StationKind.COMPUTER: 60_000,  # 600元
    StationKind.INSTANT: 30_000,  # 300元
    StationKind.VIDEO: 150_000,  # 1500元
}
# Since then each station renews its own policy for a year at a time, so the policy in
# force today ends on a day of its own. Where those ends fall around the demo's today:
# (share of the insured stations, first and last day from today). A few let it lapse
# (ended, not renewed: uninsured today), some are due within 30 or 60 days, most later.
POLICY_ENDS = (
    (0.04, -60, -3),
    (0.07, 0, 30),
    (0.07, 31, 60),
    (0.05, 61, 90),
    (0.77, 91, 364),
)
# Between the 2019 renewal and the latest one, a station may have let a year lapse.
RENEWAL_SHARE = 0.6
# The first policy after the 2019 renewal's runs from its end to the station's later
# renewal day: at least this long (otherwise to the renewal day a year later).
FIRST_TERM_MIN_DAYS = 90
COMPANY_SHARE = 0.05


@dataclass
class OwnerPlan:
    """A station owner: a person (ID number) or a company (credit code)."""

    kind: str
    name: str
    id_number: str
    phone: str
    region_code: str
    created_on: datetime.date
    is_demo_owner: bool = False


@dataclass(frozen=True)
class ContractPlan:
    station: int  # index into the stations list
    number: str
    starts_on: datetime.date
    ends_on: datetime.date
    deposit_fen: int


@dataclass(frozen=True)
class PolicyPlan:
    station: int
    number: str
    starts_on: datetime.date
    ends_on: datetime.date


def _group_size(rng: random.Random) -> int:
    # About 8% of owners hold two or three stations.
    return rng.choices((1, 2, 3), weights=(92, 6, 2))[0]


def plan_owners(
    rng: random.Random, stations: list[StationPlan], demo_owner_region: str
) -> list[OwnerPlan]:
    """Group stations into owners (within a region) and draw each owner's identity.

    The first owner of ``demo_owner_region`` gets two active stations there (one if the
    region has only one), and becomes the ``owner`` demo login.
    """
    people = PeopleFactory(rng)
    owners: list[OwnerPlan] = []
    by_region: dict[str, list[int]] = {}
    for index, plan in enumerate(stations):
        by_region.setdefault(plan.region.code, []).append(index)

    for code in sorted(by_region):
        indices = by_region[code]
        rng.shuffle(indices)
        groups: list[list[int]] = []
        if code == demo_owner_region:
            active = [i for i in indices if stations[i].status == StationStatus.ACTIVE][:2]
            if active:
                groups.append(active)
                indices = [i for i in indices if i not in active]
        while indices:
            size = _group_size(rng)
            groups.append(indices[:size])
            indices = indices[size:]

        for number, group in enumerate(groups):
            region = stations[group[0]].region
            demo = code == demo_owner_region and number == 0
            created = min(stations[i].registered_on for i in group)
            if not demo and rng.random() < COMPANY_SHARE:
                company = people.company(region.code, region.address_prefix)
                owner = OwnerPlan(
                    OwnerKind.COMPANY, company.name, company.credit_code, company.phone,
                    code, created,
                )  # fmt: skip
            else:
                person = people.person(region.code)
                owner = OwnerPlan(
                    OwnerKind.PERSON, person.name, person.id_number, person.phone,
                    code, created, is_demo_owner=demo,
                )  # fmt: skip
            for i in group:
                stations[i].owner = len(owners)
                # Mostly the owner's own mobile; some shops list a manager's number.
                stations[i].contact_phone = owner.phone if rng.random() < 0.85 else people.phone()
            owners.append(owner)
    return owners


def current_contract_start(plan: StationPlan) -> datetime.date | None:
    """Start of the contract in force at the end of 2019 (or on the eve of closing).

    Contracts run three years from opening and are renewed for three more each time.
    """
    if plan.opened_on is None:
        return None
    limit = AS_OF if plan.closed_on is None else plan.closed_on - datetime.timedelta(days=1)
    start = plan.opened_on
    while add_years(start, CONTRACT_YEARS) <= limit:
        start = add_years(start, CONTRACT_YEARS)
    return start


def plan_contracts(stations: list[StationPlan], today: datetime.date) -> list[ContractPlan]:
    """The contract in force at the end of 2019 for every opened station, plus, for
    stations still active, each three-year renewal up to the one in force ``today`` (the
    demo's today, as for the insurance) — so the demo shows a current contract whatever
    the date it is run on."""
    terms: list[tuple[datetime.date, str, int]] = []
    for index, plan in enumerate(stations):
        start = current_contract_start(plan)
        while start is not None:
            terms.append((start, plan.code, index))
            start = add_years(start, CONTRACT_YEARS)
            if plan.closed_on is not None or start > today:
                start = None
    contracts: list[ContractPlan] = []
    serial_by_year: dict[int, int] = {}
    for start, _code, index in sorted(terms):
        serial = serial_by_year[start.year] = serial_by_year.get(start.year, 0) + 1
        end = add_years(start, CONTRACT_YEARS) - datetime.timedelta(days=1)
        deposit = DEPOSIT_FEN[StationKind(stations[index].kind)]
        number = f"WZFC-DX-{start.year}-{serial:04d}"
        contracts.append(ContractPlan(index, number, start, end, deposit))
    return contracts


def plan_policies(
    rng: random.Random, stations: list[StationPlan], today: datetime.date
) -> list[PolicyPlan]:
    """Liability policies of the active stations: the policy renewed on a day of the
    station's own in 2019 (days spread over the year) and the one before it from that
    day in 2018, so every active station is insured all through 2019 from its opening;
    then one-year policies up to the latest, which ends around ``today`` as
    ``POLICY_ENDS`` spreads them.

    Each share of ``POLICY_ENDS`` gets at least one station, so the insurance page's
    lapsed and expiring lists are never empty.
    """
    insured = [
        index
        for index, plan in enumerate(stations)
        if plan.status == StationStatus.ACTIVE and plan.opened_on is not None
    ]
    year_start = datetime.date(RENEWAL_YEAR, 1, 1)
    renewals = [year_start + datetime.timedelta(days=rng.randrange(365)) for _ in insured]
    latest_ends = _latest_ends(rng, len(insured), today)
    policies: list[PolicyPlan] = []
    serial_by_year: dict[int, int] = {}
    day = datetime.timedelta(days=1)
    for index, renewal, latest_end in zip(insured, renewals, latest_ends, strict=True):
        plan = stations[index]
        terms = []
        before = (add_years(renewal, -1), renewal - day)
        if plan.opened_on <= before[1]:
            terms.append((max(before[0], plan.opened_on), before[1]))
        renewed = (max(renewal, plan.opened_on), add_years(renewal, 1) - day)
        if renewed[0] <= renewed[1]:
            terms.append(renewed)
        own = _own_terms(latest_end, renewed[1] + day)
        for number, term in enumerate(own):
            between = 0 < number < len(own) - 1
            if between and rng.random() >= RENEWAL_SHARE:
                continue
            terms.append(term)
        for start, end in terms:
            serial = serial_by_year[start.year] = serial_by_year.get(start.year, 0) + 1
            # PICC-style number: product, year, insured city's code, serial.
            number = f"PZAB{start.year}{plan.code[:4]}00{serial:06d}"
            policies.append(PolicyPlan(index, number, start, end))
    return policies


def _latest_ends(rng: random.Random, count: int, today: datetime.date) -> list[datetime.date]:
    """The end of each insured station's latest policy, in a random order of stations:
    ``POLICY_ENDS``'s shares by largest remainder, each at least one when it can be."""
    counts = largest_remainder(count, [round(share * 1000) for share, *_days in POLICY_ENDS])
    for position in range(len(counts) - 1):  # an empty share takes one of the last's
        if counts[position] == 0 and counts[-1] > 1:
            counts[position], counts[-1] = 1, counts[-1] - 1
    ends = [
        today + datetime.timedelta(days=rng.randint(first, last))
        for (_share, first, last), n in zip(POLICY_ENDS, counts, strict=True)
        for _ in range(n)
    ]
    rng.shuffle(ends)
    return ends


def _own_terms(
    end: datetime.date, first_start: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """A station's one-year policies, oldest first, back from the one ending on ``end``
    to ``first_start`` (the day after its 2019 renewal ends); the first runs from
    ``first_start`` to a renewal day at least ``FIRST_TERM_MIN_DAYS`` later."""
    day = datetime.timedelta(days=1)
    if end < first_start + datetime.timedelta(days=FIRST_TERM_MIN_DAYS):
        return []  # the demo's today is still in the 2019 renewal's year
    terms = []
    while True:
        start = add_years(end, -1) + day
        if start < first_start + datetime.timedelta(days=FIRST_TERM_MIN_DAYS):
            terms.append((first_start, end))
            return terms[::-1]
        terms.append((start, end))
        end = start - day


# Opening hours as stations post them: most open early and close late; video halls keep
# evening hours; a few shops inside another business follow its hours.
OPENING_HOURS = {
    StationKind.COMPUTER: ("08:00–22:00", "08:30–21:30", "09:00–21:00", "07:30–22:00"),
    StationKind.INSTANT: ("09:00–21:00", "08:30–20:30", "10:00–22:00"),
    StationKind.VIDEO: ("10:00–22:00", "11:00–23:00"),
}


def opening_hours(plan: StationPlan) -> str:
    """A station's posted opening hours, fixed by its code (no random stream to shift)."""
    choices = OPENING_HOURS[plan.kind]
    return choices[int(plan.code) % len(choices)]
