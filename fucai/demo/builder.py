"""Load the demo network into the database.

The plan (``plan``, ``records``) is drawn first, entirely in memory; this module then
writes it with ``bulk_create`` in one transaction. A bulk load is not a series of
business edits, so it bypasses the services (and their per-row audit entries and
validation round-trips) and writes a single audit entry summarizing the load.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from fucai.core import audit, context, crypto
from fucai.core.choices import AuditAction, OrgUnitKind, RegionLevel
from fucai.core.models import AuditEntry, OrgUnit, Region, User
from fucai.core.regions import load_regions
from fucai.stations.choices import StationStatus
from fucai.stations.cover import insurance_cover_refresh
from fucai.stations.models import (
    AgencyContract,
    Certificate,
    InsurancePolicy,
    SalesStaff,
    StaffAssignment,
    Station,
    StationOwner,
    StationStatusChange,
)

from . import charity as demo_charity
from . import commendations as demo_commendations
from . import facilities as demo_facilities
from . import feedback as demo_feedback
from . import governance as demo_governance
from . import marketing as demo_marketing
from . import monitoring as demo_monitoring
from . import notices as demo_notices
from . import orgs, plan, records
from . import party as demo_party
from . import ratings as demo_ratings
from . import recruitment as demo_recruitment
from . import reviews as demo_reviews
from . import sales as demo_sales
from . import siting as demo_siting
from . import staff as demo_staff
from . import training as demo_training
from . import welfare as demo_welfare
from .geo import SEATS

DEFAULT_SEED = 2019
BATCH_SIZE = 500
DEMO_OWNER_REGION = "330302"  # 鹿城: the `owner` login holds stations there


# Labels of the load summary in the audit log, which staff read in Chinese.
_TOTAL_LABELS = {
    "stations": "投注站",
    "active": "在营投注站",
    "closed": "已关停投注站",
    "preparing": "筹建中投注站",
    "owners": "业主",
    "status changes": "状态变更",
    "contracts": "代销合同",
    "policies": "责任险保单",
}


class DemoError(Exception):
    """The demo cannot be loaded as asked (the command reports it as an error)."""


@dataclass
class RegionCount:
    region: Region
    kinds: Counter = field(default_factory=Counter)  # active stations by kind
    closed: int = 0
    preparing: int = 0

    @property
    def active(self) -> int:
        return sum(self.kinds.values())


@dataclass
class DemoResult:
    """What was loaded, for the command's summary."""

    seed: int
    skipped: bool = False
    existing_stations: int = 0
    regions: list[RegionCount] = field(default_factory=list)
    users: list[tuple[User, bool]] = field(default_factory=list)
    owner_stations: list[str] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    flushed: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    sales: demo_sales.SalesSummary | None = None
    recruitment: demo_recruitment.RecruitmentSummary | None = None
    governance: demo_governance.GovernanceSummary | None = None
    reviews: demo_reviews.ReviewSummary | None = None
    staff: demo_staff.StaffSummary | None = None
    charity: demo_charity.CharitySummary | None = None
    welfare: demo_welfare.WelfareSummary | None = None
    ratings: demo_ratings.RatingsSummary | None = None
    commendations: demo_commendations.CommendationSummary | None = None
    marketing: demo_marketing.MarketingSummary | None = None
    monitoring: demo_monitoring.MonitoringSummary | None = None
    siting: demo_siting.SitingSummary | None = None
    party: demo_party.PartySummary | None = None
    notices: demo_notices.NoticeSummary | None = None
    feedback: demo_feedback.FeedbackSummary | None = None
    facilities: demo_facilities.FacilitiesSummary | None = None


def build_demo(
    *,
    seed: int = DEFAULT_SEED,
    stations: int = plan.DEFAULT_ACTIVE,
    flush: bool = False,
    if_empty: bool = False,
    today: datetime.date | None = None,
    sales: bool = True,
    recruitment: bool = True,
    governance: bool = True,
    welfare: bool = True,
    charity: bool = True,
    marketing: bool = True,
    monitoring: bool = True,
    party: bool = True,
    notices: bool = True,
    facilities: bool = True,
) -> DemoResult:
    """Build the demo network; see the ``demo`` management command for the options."""
    started = time.perf_counter()
    result = DemoResult(seed=seed)
    if not 1 <= stations <= 9000:
        # Codes are the city prefix and a 4-digit serial; closed and preparing stations
        # (about 5% more) need serials too.
        raise DemoError("--stations must be between 1 and 9000")
    if if_empty:
        # Checked before --flush: `make run` must never wipe a database in use.
        result.existing_stations = Station.objects.count()
        if result.existing_stations:
            result.skipped = True
            return result
    with transaction.atomic(), context.bind(request_id=f"demo-{seed}"):
        regions = _county_regions()
        if flush:
            result.flushed = flush_demo(regions)
        elif Station.objects.exists():
            raise DemoError(
                "The database already has stations. Use --flush to replace them with the "
                "demo, or --if-empty to leave them alone."
            )
        _load(result, regions, seed, stations, today or timezone.localdate())
        if facilities:
            # 2019's four county service stations and the five premises purchases
            # (2,100万元), on the org units and the finance login just loaded.
            result.facilities = demo_facilities.load_demo_facilities()
        if recruitment:
            result.recruitment = demo_recruitment.load_demo_recruitment(seed=seed, today=today)
        if sales:
            admin = User.objects.filter(username="admin").first()
            result.sales = demo_sales.load_demo_sales(seed=seed, batch_user=admin)
            if marketing:
                # Marketing: right after the sales (before anything is computed from
                # them), the 2019 派奖 raises its participants' sales; its lift is then
                # measured from the data. Materials, requests and ticket orders of today.
                result.marketing = demo_marketing.load_demo_marketing(seed=seed)
        if governance:
            # After sales: the 2019 monthly figures pick the sales-anomaly inspections.
            result.governance = demo_governance.load_demo_governance(
                seed=seed, today=today or timezone.localdate()
            )
            # The 2019 annual reviews (年审), computed from the inspections, violations
            # and closures loaded just above.
            result.reviews = demo_reviews.build_reviews(2019)
            # The 2019 grading and star round, computed from everything loaded above.
            result.ratings = demo_ratings.build_ratings(2019)
            # The 2019 commendations (表彰), nominated from the grades, stars, sales and
            # violations above (and the sellers' certificates).
            result.commendations = demo_commendations.build_commendations(2019)
        # After the staff demo (sellers and their certificates): their training records.
        demo_training.load_demo_training(seed=seed, today=today or timezone.localdate())
        if welfare:
            # The fund's ledger from the sales just loaded, its projects and budgets,
            # the 2018 disclosure (published).
            result.welfare = demo_welfare.load_demo_welfare(seed=seed)
        if charity and sales:
            # After the welfare fund (its projects and allocations pay for it): 2019's
            # charity activities, the people helped and the 助圆大学梦 grants, each
            # payment booked in the ledger.
            result.charity = demo_charity.load_demo_charity(seed=seed, today=today)
        if party:
            # After charity: the party-member volunteers it recorded become members.
            result.party = demo_party.load_demo_party(seed=seed)
        if welfare:
            # Last: 2019's disclosure is generated from the ledger once every payment of
            # the year is booked, and left awaiting the leadership's approval.
            demo_welfare.finish_demo_welfare()
            result.welfare.disclosures[2019] = "in_review"
        if monitoring:
            # After the sales, sellers and insurance: the cameras (the sample stream) and
            # the alerts the rules raise over the end of 2019 and today's lapses.
            result.monitoring = demo_monitoring.load_demo_monitoring(today=today)
        # Siting's population data set (data/population.csv), through marketing's import.
        result.siting = demo_siting.load_demo_siting()
        if notices:
            # 2019's notices to the stations and staff, with partial read receipts.
            result.notices = demo_notices.load_demo_notices(seed=seed)
        if governance:
            # 2019's complaints, public evaluation and supervisors (feedback app), after
            # the reviews and grades, which were computed from the governance records.
            result.feedback = demo_feedback.load_demo_feedback(seed=seed)
    result.seconds = time.perf_counter() - started
    return result


def _county_regions() -> list[Region]:
    """The city's county-level regions that the demo knows how to place stations in."""
    city = settings.FUCAI_CITY_REGION
    query = Region.objects.filter(level=RegionLevel.COUNTY, code__in=list(SEATS))
    if not query.exists():
        # Regions come from a data migration; a flushed test database has lost them.
        load_regions(Region)
    regions = list(query.filter(parent__code=city).order_by("code"))
    if not regions:
        raise DemoError(f"No county-level regions of {city} with demo coordinates were found.")
    return regions


def flush_demo(regions: list[Region]) -> dict[str, int]:
    """Delete the registry the demo writes, children before parents.

    All stations and owners go (a database loaded with the demo holds only demo
    stations); users and org units only if they carry a demo username or unit name.
    """
    station_models = (StationStatusChange, InsurancePolicy, AgencyContract, Station, StationOwner)
    unit_ids = list(
        OrgUnit.objects.filter(name__in=orgs.demo_unit_names(regions)).values_list("pk", flat=True)
    )
    user_ids = list(
        User.objects.filter(username__in=orgs.DEMO_USERNAMES).values_list("pk", flat=True)
    )
    types = ContentType.objects.get_for_models(*station_models, OrgUnit, User)
    audit_filter = (
        AuditEntry.objects.filter(content_type__in=[types[m] for m in station_models])
        | AuditEntry.objects.filter(
            content_type=types[OrgUnit], object_id__in=[str(pk) for pk in unit_ids]
        )
        | AuditEntry.objects.filter(
            content_type=types[User], object_id__in=[str(pk) for pk in user_ids]
        )
    )
    deleted = {str(AuditEntry._meta.verbose_name_plural): audit_filter.delete()[0]}
    # The service stations are org units under the demo's branches, their staff users in
    # them, their premises and purchases: first.
    deleted.update(demo_facilities.flush_demo_facilities())
    # Alerts and cameras refer to the stations (and their audit trail goes with them).
    deleted.update(demo_monitoring.flush_demo_monitoring())
    # Notices refer to their senders (demo users) and the districts: first.
    deleted.update(demo_notices.flush_demo_notices())
    # Facts and applications that refer to the stations go first (PROTECT).
    deleted.update(demo_commendations.flush_commendations())
    deleted.update(demo_marketing.flush_demo_marketing())  # refers to stations (PROTECT)
    deleted.update(demo_feedback.flush_demo_feedback())  # complaints refer to stations
    deleted.update(demo_sales.flush_demo_sales())
    deleted["applications"] = demo_recruitment.flush_demo_recruitment()
    deleted.update(demo_ratings.flush_demo_ratings())
    deleted.update(demo_governance.flush_demo_governance())
    deleted.update(demo_training.flush_demo_training())  # before the sales staff (PROTECT)
    deleted.update(demo_staff.flush_demo_staff())
    deleted.update(demo_party.flush_demo_party())  # before the users it links
    # Charity's rows refer to welfare projects: flushed first.
    deleted.update(demo_charity.flush_demo_charity())
    deleted.update(demo_welfare.flush_demo_welfare())
    deleted.update(demo_siting.flush_demo_siting())  # before the demo users (its importer)
    # The audit trail of the rows just removed — the fund's ledger and projects, charity,
    # training records, sellers and certificates — goes with them (a reused test
    # database or a reloaded demo must not show the last load's history).
    flushed = AuditEntry.objects.filter(
        content_type__app_label__in=("welfare", "charity", "training")
    ) | AuditEntry.objects.filter(
        content_type__in=ContentType.objects.get_for_models(
            SalesStaff, StaffAssignment, Certificate
        ).values()
    )
    deleted[str(AuditEntry._meta.verbose_name_plural)] += flushed.delete()[0]
    try:
        for model in station_models:
            deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    except ProtectedError as error:
        names = sorted({obj._meta.label for obj in error.protected_objects})
        raise DemoError(
            f"Cannot flush stations: rows of {', '.join(names)} refer to them."
        ) from None
    deleted[str(User._meta.verbose_name_plural)] = User.objects.filter(pk__in=user_ids).delete()[0]
    # Someone else's account or unit under a demo unit would block the delete (PROTECT);
    # detach it rather than refuse to flush.
    User.objects.filter(org_unit__in=unit_ids).update(org_unit=None)
    OrgUnit.objects.filter(parent__in=unit_ids).exclude(pk__in=unit_ids).update(parent=None)
    units = OrgUnit.objects.filter(pk__in=unit_ids)
    label = str(OrgUnit._meta.verbose_name_plural)
    deleted[label] = units.exclude(kind=OrgUnitKind.CENTER).delete()[0]
    deleted[label] += units.delete()[0]
    return deleted


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """Office hours on ``day`` in the project's time zone (history rows need a time)."""
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


def _load(
    result: DemoResult, regions: list[Region], seed: int, active: int, today: datetime.date
) -> None:
    # Separate random streams per step (string seeds hash deterministically), so a
    # change in one step — or today's date in the insurance step — leaves the others be.
    infos = [plan.RegionInfo(r.code, r.name, r.label, r.population) for r in regions]
    station_plans = plan.StationPlanner(random.Random(seed), infos).plan_all(active)
    plan.assign_codes(random.Random(f"{seed}:codes"), station_plans, regions[0].code[:4])
    plan.describe(random.Random(f"{seed}:describe"), station_plans)
    owner_plans = records.plan_owners(
        random.Random(f"{seed}:owners"), station_plans, DEMO_OWNER_REGION
    )
    contract_plans = records.plan_contracts(station_plans, today)
    policy_plans = records.plan_policies(random.Random(f"{seed}:insurance"), station_plans, today)

    units = orgs.ensure_org_units(regions)
    demo_owner = next((o for o in owner_plans if o.is_demo_owner), None)
    result.users = orgs.ensure_users(units, demo_owner.name if demo_owner else None)
    owner_user = next(u for u, _ in result.users if u.username == "owner")
    # The owner login may have been linked to an owner of an earlier load (OneToOne).
    StationOwner.objects.filter(user=owner_user).update(user=None)

    owners = [
        StationOwner(
            kind=o.kind,
            name=o.name,
            id_number=o.id_number,
            id_number_digest=crypto.blind_index(o.id_number),
            phone=o.phone,
            user=owner_user if o.is_demo_owner else None,
            created_at=_aware(o.created_on),
        )
        for o in owner_plans
    ]
    StationOwner.objects.bulk_create(owners, batch_size=BATCH_SIZE)

    by_code = {r.code: r for r in regions}
    stations = [
        Station(
            code=p.code,
            name=p.name,
            kind=p.kind,
            station_class=p.station_class,
            region=by_code[p.region.code],
            address=p.address,
            latitude=p.latitude,
            longitude=p.longitude,
            premises_area=p.premises_area,
            owner=owners[p.owner],
            contact_phone=p.contact_phone,
            status=p.status,
            status_changed_on=p.status_changed_on,
            terminal_count=p.terminal_count,
            opened_on=p.opened_on,
            closed_on=p.closed_on,
            close_reason=p.close_reason,
            opening_hours=records.opening_hours(p),
            created_at=_aware(p.registered_on),
        )
        for p in station_plans
    ]
    Station.objects.bulk_create(stations, batch_size=BATCH_SIZE)

    changes = [
        StationStatusChange(
            station=station,
            from_status=c.from_status,
            to_status=c.to_status,
            effective_on=c.effective_on,
            reason=c.reason,
            at=_aware(c.effective_on),
        )
        for station, p in zip(stations, station_plans, strict=True)
        for c in p.changes
    ]
    StationStatusChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
    contracts = [
        AgencyContract(
            station=stations[c.station],
            number=c.number,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            deposit_fen=c.deposit_fen,
            created_at=_aware(c.starts_on, 10),
        )
        for c in contract_plans
    ]
    AgencyContract.objects.bulk_create(contracts, batch_size=BATCH_SIZE)
    policies = [
        InsurancePolicy(
            station=stations[p.station],
            insurer=records.INSURER,
            policy_number=p.number,
            coverage_fen=records.COVERAGE_FEN,
            premium_fen=records.PREMIUM_FEN[stations[p.station].kind],
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            created_at=_aware(p.starts_on, 10),
        )
        for p in policy_plans
    ]
    InsurancePolicy.objects.bulk_create(policies, batch_size=BATCH_SIZE)
    insurance_cover_refresh(on=today)  # bulk_create sends no signals
    # The sales staff of the active stations (持证上岗), with their certificates.
    result.staff = demo_staff.load_demo_staff(
        seed=seed,
        today=today,
        seller_user=next((u for u, _ in result.users if u.username == "seller"), None),
        demo_owner=next(
            (o for o, p in zip(owners, owner_plans, strict=True) if p.is_demo_owner), None
        ),
    )

    _summarize(result, regions, station_plans, owner_plans)
    result.totals.update(
        {"status changes": len(changes), "contracts": len(contracts), "policies": len(policies)}
    )
    audit.record(
        actor=None,
        action=AuditAction.IMPORT,
        obj=units["center"],
        changes={
            name: {"label": _TOTAL_LABELS.get(name, name), "old": None, "new": count}
            for name, count in result.totals.items()
        },
        comment=f"演示数据载入：温州 2019 年末网点（seed {seed}）",
    )


def _summarize(
    result: DemoResult,
    regions: list[Region],
    station_plans: list[plan.StationPlan],
    owner_plans: list[records.OwnerPlan],
) -> None:
    counts = {r.code: RegionCount(r) for r in regions}
    for p in station_plans:
        row = counts[p.region.code]
        if p.status == StationStatus.ACTIVE:
            row.kinds[p.kind] += 1
        elif p.status == StationStatus.CLOSED:
            row.closed += 1
        else:
            row.preparing += 1
    result.regions = list(counts.values())
    demo_owner = next((i for i, o in enumerate(owner_plans) if o.is_demo_owner), None)
    if demo_owner is not None:
        result.owner_stations = [
            f"{p.code} {p.name}" for p in station_plans if p.owner == demo_owner
        ]
    result.totals = {
        "stations": len(station_plans),
        "active": sum(r.active for r in result.regions),
        "closed": sum(r.closed for r in result.regions),
        "preparing": sum(r.preparing for r in result.regions),
        "owners": len(owner_plans),
    }
