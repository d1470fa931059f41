"""Sales analytics pages: the overview (KPIs, trend, games, districts, station kinds),
station rankings and daily figures. Everything reads the monthly rollup through
``fucai.sales.selectors`` except the daily page, which reads a short range of days.

Each table of a page can be downloaded: ``?export=<table>`` with the page's filters,
through the same selectors (so exports honour filters and scope).
"""

import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.choices import Role
from fucai.core.excel import excel_response
from fucai.core.generic import RolePermissionMixin
from fucai.core.maps import map_series
from fucai.core.money import fen_to_yuan

from .. import kpis, selectors
from ..forms import AnalyticsFilterForm, DailyForm, RankingForm, month_choices


def pct(value) -> str:
    return "" if value is None else f"{value}%"


def trend_chart(months: list[dict], period, key: str = "sales_fen") -> dict:
    labels = {number: str(label) for number, label in month_choices()}  # once, not per month
    return {
        "labels": [labels[m["month"].month] for m in months],
        "series": [
            {"name": str(period.year), "values": [m[key] for m in months]},
            {"name": str(period.year - 1), "values": [m[f"last_{key}"] for m in months]},
        ],
    }


def slices(rows: list[dict], key: str = "sales_fen") -> list[dict]:
    return [{"name": str(row["name"]), "value": row[key]} for row in rows if row[key]]


# Columns of the exported tables: (header, key); amounts go out in yuan.
AMOUNT_COLUMNS = [
    (_("Sales (yuan)"), "sales_fen"),
    (_("Sales last year (yuan)"), "last_sales_fen"),
    (_("Sales YoY"), "yoy_sales_fen"),
    (_("Welfare fund (yuan)"), "welfare_fen"),
    (_("Welfare fund last year (yuan)"), "last_welfare_fen"),
    (_("Welfare fund YoY"), "yoy_welfare_fen"),
    (_("Prize fund (yuan)"), "prize_fen"),
    (_("Issuance fee (yuan)"), "issuance_fen"),
    (_("Station commission (yuan)"), "commission_fen"),
]


def export_rows(label_header, label_of, rows, columns=AMOUNT_COLUMNS):
    headers = [str(label_header)] + [str(header) for header, _key in columns]

    def cell(row, key):
        value = row.get(key)
        if key.startswith("yoy_") or key.startswith("mom_") or key == "achievement":
            return pct(value)
        return fen_to_yuan(value) if key.endswith("_fen") and value is not None else value

    body = ([label_of(row)] + [cell(row, key) for _h, key in columns] for row in rows)
    return headers, body


class AnalyticsView(RolePermissionMixin, TemplateView):
    """Base: VIEW_SALES, the filter form bound to GET, scoped rollups, ``?export=``."""

    permission = roles.VIEW_SALES
    form_class = AnalyticsFilterForm
    exports: dict[str, str] = {}  # table name -> file name

    def setup_filters(self):
        self.form = self.form_class(self.request.GET or None, user=self.request.user)
        self.period = self.form.period()
        self.filters = self.form.filters()
        self.rollups = selectors.rollups(self.request.user, self.filters)

    def get(self, request, *args, **kwargs):
        self.setup_filters()
        table = request.GET.get("export")
        if table:
            if table not in self.exports:
                raise Http404
            headers, rows = self.export_table(table)
            name = f"{self.exports[table]}-{self.period.year}"
            return excel_response(name, headers, rows)
        return super().get(request, *args, **kwargs)

    def export_table(self, table: str):
        """(headers, rows) of one of ``exports``; each page defines its own."""
        raise ImproperlyConfigured(f"{type(self).__name__} lists exports but cannot make them")

    def regions(self) -> list:
        if self.filters.region is not None:
            return [self.filters.region]
        if not hasattr(self, "_regions"):
            # The filter's district choices (the user's districts): read once for both.
            self._regions = list(self.form.fields["region"].queryset)
        return self._regions

    def compare(self, totals: dict) -> dict:
        """The page's totals against the same days of last year, and the labels every
        KPI card carries (the period, the date the data reach)."""
        # Like days read the daily facts: cached with the other figures (same data version).
        comparison = self.rollups.cached(
            "compare",
            lambda: kpis.compare(self.request.user, self.period, self.filters, totals),
            self.period,
        )
        return {
            "totals": comparison.totals,
            "period_label": comparison.label,
            "data_until": comparison.until,
            "like_days": comparison.like_days,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        # When the data stop inside the period, every comparison on the page stops last
        # year at the same day: the title says up to which day.
        cut = selectors.cut_for(self.rollups, self.period)
        context.update(
            form=self.form,
            period=self.period,
            filters=self.filters,
            querystring=query.urlencode(),
            like_until=cut.last_year_until if cut is not None else None,
        )
        return context


class OverviewView(AnalyticsView):
    template_name = "sales/analytics/overview.html"
    exports = {"month": "sales-by-month", "game": "sales-by-game", "region": "sales-by-district"}
    exports |= {"kind": "sales-by-kind"}

    def export_table(self, table):
        if table == "month":
            rows = selectors.by_month(self.rollups, self.period)
            return export_rows(_("Month"), lambda r: r["month"].strftime("%Y-%m"), rows)
        cube = selectors.Breakdown(self.rollups, self.period)
        if table == "game":
            return export_rows(_("Game"), lambda r: r["name"], cube.by_game())
        if table == "kind":
            return export_rows(_("Station kind"), lambda r: str(r["name"]), cube.by_kind())
        return export_rows(_("District"), lambda r: r["name"], cube.by_region(self.regions()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.period
        months = selectors.by_month(self.rollups, period)
        cube = selectors.Breakdown(self.rollups, period)
        games, regions, kinds = cube.by_game(), cube.by_region(self.regions()), cube.by_kind()
        compared = self.compare(cube.totals())
        totals = compared["totals"]
        totals["welfare_share"] = selectors.ratio(totals["welfare_fen"], totals["sales_fen"])
        for row in games:
            row["share"] = selectors.ratio(row["sales_fen"], totals["sales_fen"])
        context.update(compared)
        key, seconds = self.rollups.fragment_key(
            "overview", period, context["querystring"], get_language()
        )
        context.update(
            figures_key=key,
            figures_seconds=seconds,
            months=months,
            games=games,
            regions=regions,
            kinds=kinds,
            charts={
                "trend": trend_chart(months, period),
                "games": slices(games),
                "map": map_series(regions, "sales_fen"),
                "kinds": slices(kinds),
            },
        )
        return context


class RankingView(AnalyticsView):
    template_name = "sales/analytics/ranking.html"
    form_class = RankingForm
    exports = {"ranking": "station-ranking"}

    def ranked(self):
        order, limit = self.form.ranking_args()
        return order, selectors.ranking(self.rollups, self.period, order, limit)

    def export_table(self, table):
        _order, rows = self.ranked()
        columns = [
            (_("Station code"), "code"),
            (_("Station name"), "name"),
            (_("District"), "region"),
            *AMOUNT_COLUMNS[:4],
        ]
        return export_rows(_("Rank"), lambda r: r["rank"], rows, columns)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order, rows = self.ranked()
        context.update(
            order=order,
            order_label=selectors.RANKING_ORDERS[order],
            orders=selectors.RANKING_ORDERS,
            rows=rows,
        )
        return context


class DailyView(RolePermissionMixin, TemplateView):
    """Sales by day from the daily facts, for short ranges only."""

    permission = roles.VIEW_SALES
    template_name = "sales/analytics/daily.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = DailyForm(self.request.GET or None, user=user)
        days, error = [], ""
        data = form.valid_data()
        start, end = data.get("start"), data.get("end")
        if not (start and end):
            # No range asked for: the last 30 days that have data, not an empty page.
            until = kpis.data_until(user)
            if until is not None:
                end = end or until
                start = start or end - datetime.timedelta(days=29)
        if start and end:
            try:
                days = selectors.by_day(user, start, end, form.filters())
            except selectors.RangeTooLong as exc:
                error = str(exc)
        context.update(
            form=form,
            days=days,
            error=error,
            start=start,
            end=end,
            total=sum(d["sales_fen"] for d in days),
            max_days=selectors.MAX_DAILY_RANGE,
            chart={
                "labels": [d["date"].strftime("%m-%d") for d in days],
                "series": [{"name": str(_("Sales")), "values": [d["sales_fen"] for d in days]}],
            },
        )
        return context


def can_see_station_sales(user) -> bool:
    """Sales staff, and a station's owner (whose detail pages show only their stations;
    the rollup is scoped to them by ``visible_to``)."""
    return roles.has_permission(user, roles.VIEW_SALES) or roles.role_of(user) == Role.STATION_OWNER


def station_sales_tab(user, station) -> dict:
    """Context of the "Sales" tab of a station's page: its last 24 months by game with
    YoY, and the achievement of its targets for the latest year and month."""
    from ..models import SalesTarget

    series = selectors.station_months(user, station)
    until = series["until"]
    targets = []
    if until is not None:
        wanted = SalesTarget.objects.visible_to(user).filter(station=station, year=until.year)
        year_total = sum(m["sales_fen"] for m in series["months"] if m["month"].year == until.year)
        month_total = series["months"][-1]["sales_fen"]
        for target in wanted.filter(Q(month__isnull=True) | Q(month=until.month)):
            actual = month_total if target.month else year_total
            targets.append({"target": target, **selectors.achievement(actual, target.amount_fen)})
    months = series["months"]
    return {
        "sales": series,
        "sales_months": list(reversed(months)),
        "sales_targets": targets,
        "sales_chart": {
            "labels": [m["month"].strftime("%Y-%m") for m in months],
            "series": [
                {"name": str(_("Sales")), "values": [m["sales_fen"] for m in months]},
                {
                    "name": str(_("Same month last year")),
                    "values": [m["last_sales_fen"] for m in months],
                },
            ],
        },
    }
