"""Sales and growth, and the welfare fund raised (from the sales rollups) and used (from
the fund's ledger)."""

from django.utils.translation import gettext as _

from fucai.core.scope import regions_visible
from fucai.sales import selectors as sales
from fucai.welfare.choices import FundCategory
from fucai.welfare.selectors import fund_summary

from ..content import COUNT, FEN, PERCENT, RATE, Chart, Fact, Section, Table
from ..periods import ReportPeriod


def _share(part: int, whole: int):
    return sales.ratio(part, whole)


def sales_sections(user, period: ReportPeriod) -> list[Section]:
    source = sales.rollups(user)
    span = period.sales_period
    totals = sales.totals(source, span)
    breakdown = sales.Breakdown(source, span)
    section = Section("sales", _("Sales and growth"))
    section.facts = [
        Fact(_("Sales"), totals["sales_fen"], FEN),
        Fact(_("Sales in the same period last year"), totals["last_sales_fen"], FEN),
        Fact(_("Growth on last year"), totals["yoy_sales_fen"], PERCENT),
    ]
    games = breakdown.by_game()
    section.tables.append(
        Table(
            _("Sales by game"),
            [_("Game"), _("Sales"), _("Share"), _("Growth on last year")],
            ["text", FEN, RATE, PERCENT],
            [
                [
                    g["name"],
                    g["sales_fen"],
                    _share(g["sales_fen"], totals["sales_fen"]),
                    g["yoy_sales_fen"],
                ]
                for g in games
            ],
        )
    )
    regions = breakdown.by_region(list(regions_visible(user).order_by("sort_order", "code")))
    section.tables.append(
        Table(
            _("Sales by district"),
            [_("District"), _("Sales"), _("Welfare fund raised"), _("Growth on last year")],
            ["text", FEN, FEN, PERCENT],
            [
                [
                    r["region"].short_name or r["name"],
                    r["sales_fen"],
                    r["welfare_fen"],
                    r["yoy_sales_fen"],
                ]
                for r in regions
            ],
        )
    )
    kinds = breakdown.by_kind()
    section.tables.append(
        Table(
            _("Sales by kind of station"),
            [_("Kind of station"), _("Sales"), _("Share")],
            ["text", FEN, RATE],
            [
                [str(k["name"]), k["sales_fen"], _share(k["sales_fen"], totals["sales_fen"])]
                for k in kinds
            ],
        )
    )
    if period.month is None:
        months = sales.by_month(source, span)
        section.charts.append(
            Chart(
                "bar",
                _("Sales by month (10,000 yuan)"),
                [f"{m['month'].month}" for m in months],
                [
                    (str(period.year), [m["sales_fen"] // 1_000_000 for m in months]),
                    (str(period.year - 1), [m["last_sales_fen"] // 1_000_000 for m in months]),
                ],
            )
        )
        years = sales.by_year(source)
        section.charts.append(
            Chart(
                "line",
                _("Sales by year (100 million yuan)"),
                [str(y["year"]) for y in years if y["year"] <= period.year],
                [
                    (
                        _("Sales"),
                        [
                            round(y["sales_fen"] / 10**10, 2)
                            for y in years
                            if y["year"] <= period.year
                        ],
                    )
                ],
            )
        )
    else:
        days = sales.by_day(user, period.start, period.last_day)
        section.charts.append(
            Chart(
                "bar",
                _("Sales by day (10,000 yuan)"),
                [str(d["date"].day) for d in days],
                [(_("Sales"), [d["sales_fen"] // 1_000_000 for d in days])],
            )
        )
    section.charts.append(
        Chart(
            "pie",
            _("Sales by game"),
            [g["name"] for g in games],
            [(_("Sales"), [g["sales_fen"] for g in games])],
            FEN,
        )
    )
    return [section, _welfare_section(user, period, totals)]


def _welfare_section(user, period: ReportPeriod, totals: dict) -> Section:
    section = Section("welfare", _("Welfare fund raised and used"))
    section.facts = [
        Fact(_("Welfare fund raised"), totals["welfare_fen"], FEN),
        Fact(_("Growth on last year"), totals["yoy_welfare_fen"], PERCENT),
    ]
    if period.month is not None:
        section.note = _("The fund's use is reported for the whole year.")
        return section
    fund = fund_summary(user, period.year)
    section.facts += [
        Fact(_("Allocated to projects"), fund["allocated_fen"], FEN),
        Fact(_("Spent"), fund["spent_fen"], FEN),
    ]
    labels = dict(FundCategory.choices)
    rows = [
        [str(labels[key]), amounts["allocated_fen"], amounts["spent_fen"]]
        for key, amounts in fund["by_category"].items()
        if amounts["allocated_fen"] or amounts["spent_fen"]
    ]
    section.tables.append(
        Table(
            _("Use of the fund by purpose"),
            [_("Fund purpose"), _("Allocated"), _("Spent")],
            ["text", FEN, FEN],
            rows,
        )
    )
    if rows:
        section.charts.append(
            Chart(
                "bar",
                _("Fund spent by purpose (10,000 yuan)"),
                [row[0] for row in rows],
                [(_("Spent"), [row[2] // 1_000_000 for row in rows])],
                COUNT,
            )
        )
    return section
