"""Owners, agency contracts and insurance policies of the planned stations.

Still plain data (see ``plan``); ``builder`` turns it into rows. Each step takes its own
random stream so that, for example, the insurance plan — which depends on today's date —
cannot shift the names or owners drawn before it.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from fucai.stations.choices import OwnerKind, StationKind, StationStatus

from .people import PeopleFactory
from .plan import AS_OF, StationPlan, add_years

CONTRACT_YEARS = 3
DEPOSIT_FEN = {
    StationKind.COMPUTER: 2_000_000,  # 2万元
    StationKind.INSTANT: 1_000_000,  # 1万元
    StationKind.VIDEO: 5_000_000,  # 5万元
}
INSURER = "中国人民财产保险股份有限公司温州市分公司"
COVERAGE_FEN = 50_000_000  # 50万元 per station
# The city insured every computer-ticket station and video hall from 2019-07-01 (the
# seed's 为全市所有电脑票投注站和市级中福在线销售厅投保责任险); instant shops could opt in.
FIRST_POLICY_YEAR = 2019
INSTANT_INSURED_SHARE = 0.3
# Between 2019's policy and the one in force today, a station may have let a year lapse.
RENEWAL_SHARE = 0.6
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


def plan_contracts(stations: list[StationPlan]) -> list[ContractPlan]:
    """The contract in force at the end of 2019 for every opened station, plus, for
    stations still active, each three-year renewal up to the one in force today — so
    the demo shows a current contract whatever the date it is run on."""
    today = timezone.localdate()
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


def policy_year_containing(day: datetime.date) -> int:
    """Policy years run 1 July – 30 June; the year a policy starts in names it."""
    return day.year if day >= datetime.date(day.year, 7, 1) else day.year - 1


def plan_policies(
    rng: random.Random, stations: list[StationPlan], today: datetime.date
) -> list[PolicyPlan]:
    """Liability policies of the active stations, 2019 to the policy year of ``today``.

    Every active computer station and video hall has the 2019 policy and the one in
    force today; years in between are renewed for most, not all, so coverage reports
    have something to show.
    """
    last_year = max(FIRST_POLICY_YEAR, policy_year_containing(today))
    policies: list[PolicyPlan] = []
    serial_by_year: dict[int, int] = {}
    for index, plan in enumerate(stations):
        if plan.status != StationStatus.ACTIVE or plan.opened_on is None:
            continue
        if plan.kind == StationKind.INSTANT and rng.random() >= INSTANT_INSURED_SHARE:
            continue
        for year in range(FIRST_POLICY_YEAR, last_year + 1):
            between = FIRST_POLICY_YEAR < year < last_year
            if between and rng.random() >= RENEWAL_SHARE:
                continue
            # A station opened after 1 July 2019 joins the city policy from its opening.
            start = max(datetime.date(year, 7, 1), plan.opened_on)
            serial = serial_by_year[year] = serial_by_year.get(year, 0) + 1
            # PICC-style number: product, year, insured city's code, serial.
            number = f"PZAB{year}{plan.code[:4]}00{serial:06d}"
            policies.append(PolicyPlan(index, number, start, datetime.date(year + 1, 6, 30)))
    return policies
