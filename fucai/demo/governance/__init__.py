"""Demo data of station supervision in 2019: the annual inspection campaign (年检) of every
station active that year, with its answers, scores and rectification orders; special
inspections of a few risk cases; violations with penalties from the penalty table;
monthly visits (三服务三助力) by every department and branch against monthly plans.

Like the station network (``builder``) it is drawn in memory and written in bulk
(``COPY`` on PostgreSQL, ``common.insert_rows``; tens of thousands of answers would take
minutes through the services) — but the rows are the ones the services write: order
numbers from the numbering service, deadlines from ``RECTIFICATION_DAYS``, one order per
failed item, an event per transition, penalties looked up in ``PenaltyRule`` with repeats
counted over ``REPEAT_WINDOW_MONTHS``. One audit entry summarizes the load, as for the network.

The demo's "today" is the day it is loaded (``build_demo(today=...)``): the 2019 orders
have all been settled since (verified, or closed when their station closed); the orders
still open, replied or overdue come from routine patrols of the last weeks, so their
deadlines make sense against today (an overdue one is days late, escalated to the branch
head and not yet to the station's status). Runs inside the demo's transaction, after
the network (and after sales, whose 2019 figures pick the sales-anomaly cases).
"""

from __future__ import annotations

import datetime
import time

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType

from fucai.core import audit
from fucai.core.choices import AuditAction, OrgUnitKind, Role
from fucai.core.models import AuditEntry, OrgUnit, User
from fucai.governance.defaults import load_reference_data
from fucai.governance.models import (
    AnnualReview,
    InspectionPlan,
    InspectionProposal,
    PenaltyRule,
    RectificationOrder,
    Violation,
    Visit,
    VisitPlan,
    VisitPurpose,
)
from fucai.governance.models import Inspection as InspectionModel
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station, StationStatusChange

from ..orgs import CENTER_NAME, DEMO_USERNAMES, DISTRICT_STAFF
from . import activity, inspections
from .checklist import annual_checklist
from .common import YEAR, Context, GovernanceSummary, StationInfo

# Departments whose staff visit stations (三服务三助力).
VISITING_ROLES = {Role.STATION_MANAGEMENT, Role.FINANCE, Role.CHARITY, Role.MARKETING}


def load_demo_governance(*, seed: int, today: datetime.date) -> GovernanceSummary:
    """Load the supervision demo. Call inside the demo's transaction, after the network."""
    started = time.perf_counter()
    if not PenaltyRule.objects.exists() or not VisitPurpose.objects.exists():
        # Reference data comes from a data migration; a flushed test database lost it.
        load_reference_data(django_apps)
    context = _context(seed, today)
    template, items = annual_checklist()
    drafts = inspections.plan_inspections(context, template, items)
    activity.load_violations(context, drafts)
    activity.load_visits(context)
    summary = context.summary
    summary.seconds = time.perf_counter() - started
    audit.record(
        actor=None,
        action=AuditAction.IMPORT,
        obj=context.units["center"],
        changes={
            "inspections": {"label": "年检", "old": None, "new": summary.annual},
            "orders": {"label": "整改通知", "old": None, "new": sum(summary.orders.values())},
            "violations": {"label": "违规", "old": None, "new": summary.violations},
            "visits": {"label": "走访", "old": None, "new": summary.visits},
        },
        comment=f"演示数据载入：{YEAR} 年站点监管（年检、整改、违规、走访）（seed {seed}）",
    )
    return summary


def _context(seed: int, today: datetime.date) -> Context:
    rows = (
        Station.objects.filter(opened_on__lte=datetime.date(YEAR, 12, 31))
        .exclude(closed_on__lt=datetime.date(YEAR, 1, 1))
        .order_by("code")
        .values_list(
            *("id", "code", "region_id", "region__code", "status", "opened_on", "closed_on"),
            *("latitude", "longitude", "terminal_count", "owner__name", "owner__user_id"),
        )
    )
    stations = [StationInfo(*row) for row in rows]
    by_id = {s.id: s for s in stations}
    changes = StationStatusChange.objects.filter(
        station__in=list(by_id), effective_on__year=YEAR
    ).exclude(from_status="")
    for station_id, to_status, day, reason in changes.order_by("effective_on", "id").values_list(
        "station_id", "to_status", "effective_on", "reason"
    ):
        by_id[station_id].changes.append((to_status, day, reason))
    for station in stations:
        if station.closed_on is not None:
            last = station.closed_on - datetime.timedelta(days=1)
            for to_status, day, _reason in station.changes:
                if to_status == StationStatus.SUSPENDED and day <= station.closed_on:
                    last = min(last, day - datetime.timedelta(days=1))
            station.last_active = last
    # Active on at least one day of the year (not suspended from 2018 until closing).
    first = datetime.date(YEAR, 1, 1)
    stations = [
        s for s in stations if s.last_active is None or s.last_active >= max(first, s.opened_on)
    ]

    center = OrgUnit.objects.filter(name=CENTER_NAME, kind=OrgUnitKind.CENTER).first()
    units: dict[str, OrgUnit] = {"center": center}
    officers: dict[str, User] = {}
    inspectors: dict[str, User] = {}
    departments: dict[str, User] = {}
    # The demo's logins (orgs.DEMO_USERS): the districts' officers and inspectors, the
    # departments that visit stations.
    users = {
        u.username: u
        for u in User.objects.filter(username__in=DEMO_USERNAMES)
        .select_related("org_unit")
        .prefetch_related("org_unit__regions")
        .order_by("pk")
    }
    for code, (login, _, _) in DISTRICT_STAFF.items():
        inspector = users.get("inspector" if code == "330302" else f"inspector_{login}")
        if inspector is not None:
            inspectors[code] = inspector
        if login in users:
            officers[code] = users[login]
    for user in users.values():
        unit = user.org_unit
        if unit is None:
            continue
        if unit.kind == OrgUnitKind.BRANCH:
            for region in unit.regions.all():
                units.setdefault(region.code, unit)
        elif user.role in VISITING_ROLES:
            units[unit.name] = unit
            # A department's first login visits (公益事业科 has two: charity, charity2).
            departments.setdefault(unit.name, user)
    manager = (
        next((u for u in departments.values() if u.role == Role.STATION_MANAGEMENT), None)
        or User.objects.filter(username="admin").first()
    )
    return Context(
        seed, today, stations, inspectors, officers, departments, units, manager,
        GovernanceSummary(),
    )  # fmt: skip


def flush_demo_governance() -> dict[str, int]:
    """Delete the supervision rows (they PROTECT stations and users): call before the
    stations and the demo users are flushed. Checklists stay (reference data)."""
    deleted: dict[str, int] = {}
    # Their audit entries go with them (the review confirmations, the load's summary):
    # left behind they would name rows that no longer exist.
    governance_types = ContentType.objects.filter(app_label="governance")
    deleted["governance audit entries"] = AuditEntry.objects.filter(
        content_type__in=governance_types
    ).delete()[0]
    for model in (
        RectificationOrder,
        Violation,
        InspectionProposal,
        InspectionModel,
        InspectionPlan,
        Visit,
        VisitPlan,
        AnnualReview,
    ):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    return deleted
