"""The home pages: the front door for visitors, the staff home (the station network at a
glance and the sales KPIs, within the user's scope) and a station owner's home.

A station owner's home: their stations, the latest month's sales against the same
days of last year, the tasks that are due (contract renewals, insurance) and their
notices. Everything read through ``visible_to(user)``: an owner sees only their own.
"""

import datetime

from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Count, Max, Q, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.choices import Role
from fucai.core.generic import RolePermissionMixin
from fucai.core.maps import map_series
from fucai.core.models import Notification
from fucai.core.scope import regions_visible
from fucai.governance.models import RectificationOrder
from fucai.governance.services.rectifications import UNRESOLVED
from fucai.sales import kpis, selectors
from fucai.sales.models import SalesMonth
from fucai.sales.selectors import likedays
from fucai.stations.choices import StationKind, StationStatus
from fucai.stations.models import AgencyContract, InsurancePolicy, Station
from fucai.training.views.learn import LearnerHomeView


def _sales_kpis(user) -> dict:
    """Sales and welfare fund of the latest year with data (up to its latest day),
    against the same days a year earlier, within the user's scope."""
    if not roles.has_permission(user, roles.VIEW_SALES):
        return {"can_view_sales": False}
    comparison = kpis.latest(user)
    return {
        "can_view_sales": True,
        "sales_period": comparison.period,
        "sales_totals": comparison.totals,
        "period_label": comparison.label,
        "data_until": comparison.until,
    }


def front_door(request):
    """``/`` for a visitor who is not signed in: the public services on one side, the
    staff sign-in on the other."""
    return render(
        request,
        "dashboard/front_door.html",
        {"form": AuthenticationForm(request), "next": ""},
    )


# A station owner's home ------------------------------------------------------------

DUE_WITHIN = datetime.timedelta(days=60)


def _latest_ends(model, stations) -> dict[int, datetime.date]:
    rows = (
        model.objects.filter(station__in=stations)
        .values("station_id")
        .annotate(end=Max("ends_on"))
        .order_by()
    )
    return {row["station_id"]: row["end"] for row in rows}


def _month_sales(user, until: datetime.date) -> dict[int, dict]:
    """{station id: {this, last}}: sales of ``until``'s month up to ``until``, and of the
    same days one year earlier (the rollup when the month is complete, the daily facts
    of last year's month otherwise)."""
    month = until.replace(day=1)
    last_month = month.replace(year=month.year - 1)
    rows = (
        SalesMonth.objects.visible_to(user)
        .filter(month__in=[month, last_month])
        .values("station_id", "month")
        .annotate(total=Sum("sales_fen"))
        .order_by()
    )
    figures: dict[int, dict] = {}
    for row in rows:
        key = "this" if row["month"] == month else "last"
        figures.setdefault(row["station_id"], {"this": 0, "last": 0})[key] = row["total"] or 0
    cut = likedays.cut(kpis.Period(until.year, until.month, until.month), until)
    if cut is not None and cut.days is not None:
        for item in figures.values():
            item["last"] = 0
        days = likedays.last_year_station_sales(selectors.rollups(user), cut.days)
        for station_id, total in days.items():
            figures.setdefault(station_id, {"this": 0, "last": 0})["last"] = total
    return figures


def _tasks(stations, contracts, policies, today) -> list[dict]:
    tasks = []
    for station in stations:
        if station.status == StationStatus.CLOSED:
            continue
        if station.status == StationStatus.RECTIFYING:
            tasks.append({"station": station, "text": _("Rectification in progress")})
        end = contracts.get(station.pk)
        if end is not None and end - today <= DUE_WITHIN:
            text = (
                _("Agency contract expired on %(day)s: renew it")
                if end < today
                else _("Agency contract ends on %(day)s: renew it")
            )
            tasks.append({"station": station, "text": text % {"day": end.isoformat()}})
        end = policies.get(station.pk)
        if end is None:
            tasks.append({"station": station, "text": _("No liability insurance on file")})
        elif end - today <= DUE_WITHIN:
            text = (
                _("Liability insurance expired on %(day)s")
                if end < today
                else _("Liability insurance expires on %(day)s")
            )
            tasks.append({"station": station, "text": text % {"day": end.isoformat()}})
    return tasks


def _rectification_tasks(user, today) -> list[dict]:
    """The owner's unresolved rectification orders, soonest deadline first, each a task
    that links to the order (where the owner replies)."""
    orders = (
        RectificationOrder.objects.visible_to(user)
        .filter(status__in=UNRESOLVED)
        .select_related("station")
        .order_by("deadline_on", "pk")
    )
    tasks = []
    for order in orders:
        late = order.deadline_on < today
        text = (
            _("Rectification %(number)s overdue since %(day)s: %(problem)s")
            if late
            else _("Rectify by %(day)s (%(number)s): %(problem)s")
        )
        tasks.append(
            {
                "station": order.station,
                "text": text
                % {
                    "number": order.number,
                    "day": order.deadline_on.isoformat(),
                    "problem": order.problem[:60],
                },
                "url": reverse("governance:rectification_detail", args=[order.pk]),
                "deadline": order.deadline_on,
                "late": late,
                "status": order.get_status_display(),
            }
        )
    return tasks


def owner_home(request):
    user = request.user
    today = timezone.localdate()
    stations = list(Station.objects.visible_to(user).select_related("region").order_by("code"))
    contracts = _latest_ends(AgencyContract, stations)
    policies = _latest_ends(InsurancePolicy, stations)
    until = kpis.data_until(user)
    figures = _month_sales(user, until) if until else {}
    rows = []
    for station in stations:
        sales = figures.get(station.pk, {"this": 0, "last": 0})
        rows.append(
            {
                "station": station,
                "contract_end": contracts.get(station.pk),
                "insurance_end": policies.get(station.pk),
                "insurance_valid": (policies.get(station.pk) or datetime.date.min) >= today,
                "sales": sales["this"],
                "last_sales": sales["last"],
                "yoy": selectors.growth(sales["this"], sales["last"]),
            }
        )
    context = {
        "rows": rows,
        "tasks": _rectification_tasks(user, today) + _tasks(stations, contracts, policies, today),
        "notices": list(Notification.objects.filter(recipient=user)[:5]),
        "data_until": until,
        "month_label": until.strftime("%Y-%m") if until else "",
    }
    if until is not None:
        comparison = kpis.compare(user, kpis.Period(until.year, 1, until.month), until=until)
        context.update(
            year_totals=comparison.totals,
            period_label=comparison.label,
            data_until=comparison.until,
        )
    return render(request, "dashboard/owner_home.html", context)


class HomeView(RolePermissionMixin, TemplateView):
    """The landing page: the station network at a glance, within the user's scope. A
    visitor who is not signed in gets the front door, a station owner their own
    stations (``owner_home``), a seller their learning (courses, exams, certificates)."""

    permission = roles.USE_STAFF_SITE
    template_name = "dashboard/home.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return front_door(request)
        if roles.role_of(request.user) == Role.STATION_OWNER:
            return owner_home(request)
        if roles.role_of(request.user) == Role.SELLER:
            return LearnerHomeView.as_view()(request)
        return super().dispatch(request, *args, **kwargs)

    def sales_kpis(self, user) -> dict:
        return _sales_kpis(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        stations = Station.objects.visible_to(user)
        can_view = roles.has_permission(user, roles.VIEW_STATION)
        if not can_view:
            stations = stations.none()
        # Star ratings as published onto the stations (星级评定, 省级星级站点).
        starred, provincial = Q(stars__gt=0), Q(provincial_star_year__isnull=False)
        totals = stations.aggregate(
            total=Count("id"),
            starred=Count("id", filter=starred),
            provincial=Count("id", filter=provincial),
            provincial_year=Max("provincial_star_year"),
            **{status: Count("id", filter=Q(status=status)) for status in StationStatus.values},
        )
        by_region = {
            row["region"]: row
            for row in stations.values("region").annotate(
                active=Count("id", filter=Q(status=StationStatus.ACTIVE)),
                total=Count("id"),
                starred=Count("id", filter=starred),
                provincial=Count("id", filter=provincial),
                **{
                    kind: Count("id", filter=Q(status=StationStatus.ACTIVE, kind=kind))
                    for kind in StationKind.values
                },
            )
        }
        regions = []
        for region in regions_visible(user) if can_view else []:
            row = by_region.get(region.id, {})
            regions.append(
                {
                    "code": region.code,
                    "name": region.name,
                    "label": region.label,
                    "active": row.get("active", 0),
                    "total": row.get("total", 0),
                    "starred": row.get("starred", 0),
                    "provincial": row.get("provincial", 0),
                    "kinds": {kind: row.get(kind, 0) for kind in StationKind.values},
                }
            )
        context.update(self.sales_kpis(user))
        context.update(
            totals=totals,
            regions=regions,
            kinds=StationKind.choices,
            statuses=StationStatus,
            map_data=map_series(regions, "active"),
            can_view_stations=can_view,
        )
        return context
