"""A station owner's home: their stations, the latest month's sales against the same
days of last year, the tasks that are due (contract renewals, insurance) and their
notices. Everything read through ``visible_to(user)``: an owner sees only their own."""

import datetime

from django.db.models import Max, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.models import Notification
from fucai.governance.models import RectificationOrder
from fucai.governance.services.rectifications import UNRESOLVED
from fucai.sales import kpis, selectors
from fucai.sales.models import SalesDay, SalesMonth
from fucai.stations.choices import StationStatus
from fucai.stations.models import AgencyContract, InsurancePolicy, Station

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
    if until != kpis.month_end(until):
        for item in figures.values():
            item["last"] = 0
        days = (
            SalesDay.objects.visible_to(user)
            .filter(date__gte=last_month, date__lte=kpis.same_day_last_year(until))
            .values("station_id")
            .annotate(total=Sum("sales_fen"))
            .order_by()
        )
        for row in days:
            figures.setdefault(row["station_id"], {"this": 0, "last": 0})["last"] = row["total"]
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
