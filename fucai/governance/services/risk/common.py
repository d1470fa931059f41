"""What the risk rules share: the rule codes and labels, month arithmetic, the last
complete month of sales data, and the ``Finding`` each rule returns."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from fucai.sales.models import SalesDay
from fucai.stations.choices import StationStatus

RULE_JUMP = "sales_jump"
RULE_DROP = "sales_drop"
RULE_CLOSED = "closed_day_sales"
RULE_MIX = "game_mix"
RULE_ALERTS = "open_alerts"
RULE_LABELS = {
    RULE_JUMP: _("Sudden jump in sales"),
    RULE_DROP: _("Sudden drop in sales"),
    RULE_CLOSED: _("Sales while suspended or closed"),
    RULE_MIX: _("Game mix far from the district's"),
    RULE_ALERTS: _("Unresolved sales alerts"),
}
CLOSED_STATUSES = (StationStatus.SUSPENDED, StationStatus.CLOSED)


def add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def yuan(fen: int) -> str:
    return f"{fen / 100:,.0f}"


def latest_complete_month() -> datetime.date | None:
    """The last month whose daily data reach its last day (a month still being imported
    would look like a drop)."""
    last_day = SalesDay.objects.aggregate(last=Max("date"))["last"]
    if last_day is None:
        return None
    month = last_day.replace(day=1)
    return month if last_day == month_end(month) else add_months(month, -1)


@dataclass
class Finding:
    station_id: int
    rule: str
    period_start: datetime.date
    period_end: datetime.date
    evidence: dict = field(default_factory=dict)
