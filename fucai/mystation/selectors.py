"""What the owner's portal reads, every row through ``visible_to(user)``: an owner sees
their own stations only, a district its district's, the center every station."""

import datetime
from collections import defaultdict

from django.db.models import Max, Q, Subquery, Sum
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from fucai.feedback.models import Complaint
from fucai.governance.choices import RectificationStatus
from fucai.governance.models import RectificationOrder, Visit
from fucai.marketing.choices import OrderStatus, RequestStatus
from fucai.marketing.models import InstantTicketOrder, MaterialRequest
from fucai.notices.models import NoticeRecipient
from fucai.sales.models import SalesDay, SalesMonth
from fucai.sales.selectors.common import growth
from fucai.sales.selectors.likedays import same_day_last_year
from fucai.stations.choices import CertificateStatus, StationStatus
from fucai.stations.models import (
    AgencyContract,
    Certificate,
    InsurancePolicy,
    StaffAssignment,
    Station,
)
from fucai.training.selectors import material_count, staff_learners

# A renewal (contract, insurance) is a to-do this many days before its end.
DUE_WITHIN = datetime.timedelta(days=60)
# The rectification orders the owner must still answer.
AWAITING_ANSWER = (RectificationStatus.OPEN, RectificationStatus.OVERDUE)
OPEN_REQUESTS = (RequestStatus.REQUESTED, RequestStatus.APPROVED, RequestStatus.DELIVERED)
OPEN_ORDERS = (OrderStatus.REQUESTED, OrderStatus.APPROVED, OrderStatus.DELIVERED)
DAYS = 30


def station_for(user, code: str) -> Station:
    """The station ``code`` if the user may see it; a 404 otherwise (never a 403)."""
    try:
        return Station.objects.visible_to(user).select_related("region", "owner").get(code=code)
    except Station.DoesNotExist:
        raise Http404(_("No such station among yours.")) from None


# The hub -----------------------------------------------------------------------------


def _latest_ends(model, stations) -> dict[int, datetime.date]:
    rows = (
        model.objects.filter(station__in=stations)
        .values("station_id")
        .annotate(end=Max("ends_on"))
        .order_by()
    )
    return {row["station_id"]: row["end"] for row in rows}


def renewals(stations, today: datetime.date) -> tuple[dict, dict, list[dict]]:
    """The latest contract and insurance end of each station, and the renewals due
    (ended, or ending within ``DUE_WITHIN``)."""
    contracts = _latest_ends(AgencyContract, stations)
    policies = _latest_ends(InsurancePolicy, stations)
    due = []
    for station in stations:
        if station.status == StationStatus.CLOSED:
            continue
        for kind, ends in ((_("Agency contract"), contracts), (_("Liability insurance"), policies)):
            end = ends.get(station.pk)
            if end is None:
                due.append({"station": station, "what": kind, "end": None, "late": True})
            elif end - today <= DUE_WITHIN:
                due.append({"station": station, "what": kind, "end": end, "late": end < today})
    return contracts, policies, due


def seller_certificates(user, stations, today: datetime.date) -> list[dict]:
    """The sellers now at the stations whose latest certificate is expiring or expired
    (a renewed certificate replaces the old one)."""
    staff = StaffAssignment.objects.visible_to(user).filter(station__in=stations).current(today)
    at = {row["staff_id"]: row["station_id"] for row in staff.values("staff_id", "station_id")}
    latest: dict[int, Certificate] = {}
    certificates = (
        Certificate.objects.visible_to(user)
        .filter(holder_id__in=list(at), revoked_at__isnull=True)
        .with_status(today)
        .select_related("holder")
        .order_by("holder_id", "valid_to")
    )
    for certificate in certificates:
        latest[certificate.holder_id] = certificate
    by_id = {station.pk: station for station in stations}
    labels = dict(CertificateStatus.choices)
    rows = []
    for holder_id, certificate in latest.items():
        if certificate.status_now in (CertificateStatus.EXPIRING, CertificateStatus.EXPIRED):
            rows.append(
                {
                    "certificate": certificate,
                    "holder": certificate.holder.name,
                    "station": by_id.get(at[holder_id]),
                    "status": labels[certificate.status_now],
                    "late": certificate.status_now == CertificateStatus.EXPIRED,
                }
            )
    return sorted(rows, key=lambda row: row["certificate"].valid_to)


def todo(user, stations, today: datetime.date) -> dict:
    """The owner's to-do strip: unread notices, rectification orders to answer, renewals,
    sellers' certificates, open material requests and ticket orders, open complaints."""
    unread = (
        NoticeRecipient.objects.filter(user=user, read_at__isnull=True)
        .select_related("notice")
        .order_by("-notice__sent_at", "-id")
    )
    orders = (
        RectificationOrder.objects.visible_to(user)
        .filter(status__in=AWAITING_ANSWER)
        .select_related("station")
        .order_by("deadline_on", "pk")
    )
    contracts, policies, due = renewals(stations, today)
    requests = (
        MaterialRequest.objects.visible_to(user)
        .filter(status__in=OPEN_REQUESTS)
        .select_related("station", "material")
        .order_by("-requested_at")
    )
    tickets = (
        InstantTicketOrder.objects.visible_to(user)
        .filter(status__in=OPEN_ORDERS)
        .select_related("station", "game")
        .order_by("-requested_at")
    )
    complaints = (
        Complaint.objects.visible_to(user).open().select_related("station").order_by("due_on")
    )
    orders = list(orders)
    for order in orders:
        order.late = order.deadline_on < today
    return {
        "notices": list(unread[:5]),
        "notice_count": unread.count(),
        "rectifications": orders,
        "renewals": due,
        "contracts": contracts,
        "policies": policies,
        "certificates": seller_certificates(user, stations, today),
        "requests": list(requests[:10]),
        "tickets": list(tickets[:10]),
        "complaints": list(complaints[:10]),
    }


# One station's page ------------------------------------------------------------------


def sales_until(user, station) -> datetime.date | None:
    """The station's last day with sales data."""
    return (
        SalesDay.objects.visible_to(user)
        .filter(station=station)
        .aggregate(last=Max("date"))["last"]
    )


def sales_by_month_and_game(user, station, year: int, until_month: int) -> dict:
    """Sales of ``year`` by month (chart: this year against last) and by game, January
    to ``until_month`` against the same months of last year (one query)."""
    rows = (
        SalesMonth.objects.visible_to(user)
        .filter(station=station, month__year__in=[year, year - 1])
        .values("month", "game__code", "game__name")
        .annotate(sales=Sum("sales_fen"))
        .order_by("month", "game__code")
    )
    months = {year: [0] * 12, year - 1: [0] * 12}
    games: dict[str, dict] = {}
    for row in rows:
        month = row["month"]
        months[month.year][month.month - 1] += row["sales"] or 0
        if month.month > until_month:
            continue
        game = games.setdefault(
            row["game__code"],
            {"code": row["game__code"], "name": row["game__name"], "this": 0, "last": 0},
        )
        game["this" if month.year == year else "last"] += row["sales"] or 0
    for game in games.values():
        game["yoy"] = growth(game["this"], game["last"])
    game_rows = sorted(games.values(), key=lambda g: (-g["this"], g["code"]))
    this_total = sum(g["this"] for g in game_rows)
    last_total = sum(g["last"] for g in game_rows)
    return {
        "chart": {
            "labels": [_("Month %(month)s") % {"month": m} for m in range(1, 13)],
            "series": [
                {"name": str(year), "values": months[year]},
                {"name": str(year - 1), "values": months[year - 1]},
            ],
        },
        "games": game_rows,
        "totals": {
            "this": this_total,
            "last": last_total,
            "yoy": growth(this_total, last_total),
        },
    }


def sales_last_days(user, station, until: datetime.date, days: int = DAYS) -> dict:
    """The last ``days`` days up to ``until`` against the same days of last year."""
    first = until - datetime.timedelta(days=days - 1)
    dates = [first + datetime.timedelta(days=n) for n in range(days)]
    last_year = {day: same_day_last_year(day) for day in dates}
    rows = (
        SalesDay.objects.visible_to(user)
        .filter(station=station)
        .filter(Q(date__range=(first, until)) | Q(date__range=(last_year[first], last_year[until])))
        .values("date")
        .annotate(sales=Sum("sales_fen"))
        .order_by()
    )
    by_date = defaultdict(int, {row["date"]: row["sales"] or 0 for row in rows})
    this = [by_date[day] for day in dates]
    last = [by_date[last_year[day]] for day in dates]
    return {
        "chart": {
            "labels": [day.strftime("%m-%d") for day in dates],
            "series": [
                {"name": _("Last %(days)s days") % {"days": days}, "values": this},
                {"name": _("Same days last year"), "values": last},
            ],
        },
        "this": sum(this),
        "last": sum(last),
        "yoy": growth(sum(this), sum(last)),
        "first": first,
        "until": until,
    }


def sellers(user, station, today: datetime.date) -> dict:
    """The people now selling at the station with their training and certificates."""
    here = StaffAssignment.objects.visible_to(user).filter(station=station).current(today)
    people = list(
        staff_learners(user).filter(pk__in=Subquery(here.values("staff_id"))).order_by("name")
    )
    labels = dict(CertificateStatus.choices)
    for person in people:
        latest = person.certificates_now[0] if person.certificates_now else None
        person.certificate = latest
        person.certificate_status = latest.status_now if latest else ""
        person.certificate_label = labels.get(latest.status_now, "") if latest else ""
    return {"people": people, "materials": material_count()}


def station_page(user, station, today: datetime.date) -> dict:
    """Everything the station page shows, in a bounded number of queries."""
    until = sales_until(user, station)
    context: dict = {"until": until}
    if until is not None:
        context["year"] = until.year
        context["by_month"] = sales_by_month_and_game(user, station, until.year, until.month)
        context["days"] = sales_last_days(user, station, until)
    context["visits"] = list(
        Visit.objects.visible_to(user)
        .filter(station=station)
        .select_related("org_unit")
        .prefetch_related("purposes", "follow_ups")
        .order_by("-visited_on", "-pk")[:10]
    )
    context.update(sellers(user, station, today))
    context["policies"] = list(
        InsurancePolicy.objects.visible_to(user).filter(station=station).order_by("-ends_on")[:3]
    )
    context["contracts"] = list(
        AgencyContract.objects.filter(station=station).order_by("-ends_on")[:3]
    )
    context["requests"] = list(
        MaterialRequest.objects.visible_to(user)
        .filter(station=station)
        .select_related("material")
        .order_by("-requested_at")[:10]
    )
    context["tickets"] = list(
        InstantTicketOrder.objects.visible_to(user)
        .filter(station=station)
        .select_related("game")
        .order_by("-requested_at")[:10]
    )
    context["complaints"] = list(
        Complaint.objects.visible_to(user).filter(station=station).order_by("-received_at")[:10]
    )
    orders = list(
        RectificationOrder.objects.visible_to(user)
        .filter(station=station)
        .order_by("-issued_on", "-pk")[:10]
    )
    for order in orders:
        order.awaiting = order.status in AWAITING_ANSWER
        order.url = reverse("governance:rectification_detail", args=[order.pk])
    context["rectifications"] = orders
    return context
