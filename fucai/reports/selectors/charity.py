"""Charity activities held in the period, the distinct people they helped and their
spending (the year's figures are charity's own summary)."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from fucai.charity.models import Benefit
from fucai.charity.selectors.activities import by_series, charity_summary, held_activities

from ..content import COUNT, FEN, Chart, Fact, Section, Table
from ..periods import ReportPeriod


def _month_summary(user, period: ReportPeriod) -> dict:
    activities = held_activities(user).filter(
        held_on__gte=period.start, held_on__lte=period.last_day
    )
    totals = activities.aggregate(count=Count("pk"), spent=Sum("spending_fen"))
    people = (
        Benefit.objects.filter(Q(activity__in=activities.values("pk")))
        .values("beneficiary_id")
        .distinct()
        .count()
    )
    return {
        "activities": totals["count"] or 0,
        "beneficiaries": people,
        "spent_fen": int(totals["spent"] or 0),
    }


def charity_section(user, period: ReportPeriod) -> Section:
    if period.month is None:
        summary = charity_summary(user, period.year)
    else:
        summary = _month_summary(user, period)
    section = Section("charity", _("Charity activities and beneficiaries"))
    section.facts = [
        Fact(_("Charity activities"), summary["activities"]),
        Fact(_("People helped"), summary["beneficiaries"]),
        Fact(_("Charity spending"), summary["spent_fen"], FEN),
    ]
    if period.month is None:
        series = by_series(user, period.year)
        rows = [
            [row["series__name"] or _("Other"), row["activities"], int(row["spent_fen"] or 0)]
            for row in series
        ]
        section.tables.append(
            Table(
                _("Activities by series"),
                [_("Series"), _("Activities"), _("Spending")],
                ["text", COUNT, FEN],
                rows,
            )
        )
        if rows:
            section.charts.append(
                Chart(
                    "bar",
                    _("Activities by series"),
                    [row[0] for row in rows],
                    [(_("Activities"), [row[1] for row in rows])],
                )
            )
    return section
