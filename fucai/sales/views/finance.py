"""The finance page: the welfare fund raised, with the prize fund, issuance fee and
station commission, by month, by game and by district, each compared with last year."""

import datetime

from django.utils.translation import gettext_lazy as _

from fucai.core.maps import map_series

from .. import selectors
from ..rates import RateBook
from .analytics import AnalyticsView, export_rows, slices, trend_chart


class WelfareView(AnalyticsView):
    template_name = "sales/analytics/welfare.html"
    exports = {
        "month": "welfare-fund-by-month",
        "game": "welfare-fund-by-game",
        "region": "welfare-fund-by-district",
    }

    def export_table(self, table):
        if table == "month":
            rows = selectors.by_month(self.rollups, self.period)
            return export_rows(_("Month"), lambda r: r["month"].strftime("%Y-%m"), rows)
        cube = selectors.Breakdown(self.rollups, self.period)
        if table == "game":
            return export_rows(_("Game"), lambda r: r["name"], self.games(cube))
        return export_rows(_("District"), lambda r: r["name"], cube.by_region(self.regions()))

    def games(self, cube: selectors.Breakdown) -> list[dict]:
        """Games with the split rate in force at the end of the period, and whether it
        changed within the period (then the fund is a mix of rates, day by day)."""
        rows = cube.by_game()
        book = RateBook.load()
        last_day = self.period.end - datetime.timedelta(days=1)
        for row in rows:
            rate = book.rate_on(row["game"], last_day)
            first = book.rate_on(row["game"], self.period.start)
            row["rate"] = rate
            row["rate_changed"] = rate is not None and first is not None and rate.pk != first.pk
            row["welfare_share"] = selectors.ratio(row["welfare_fen"], row["sales_fen"])
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.period
        cube = selectors.Breakdown(self.rollups, period)
        compared = self.compare(cube.totals())
        context.update(compared)
        totals = compared["totals"]
        totals["welfare_share"] = selectors.ratio(totals["welfare_fen"], totals["sales_fen"])
        months = selectors.by_month(self.rollups, period)
        games = self.games(cube)
        regions = cube.by_region(self.regions())
        for row in regions:
            row["welfare_share"] = selectors.ratio(row["welfare_fen"], row["sales_fen"])
        context.update(
            totals=totals,
            months=months,
            games=games,
            regions=regions,
            charts={
                "trend": trend_chart(months, period, "welfare_fen"),
                "games": slices(games, "welfare_fen"),
                "map": map_series(regions, "welfare_fen"),
                "split": [
                    {"name": str(_("Welfare fund")), "value": totals["welfare_fen"]},
                    {"name": str(_("Prize fund")), "value": totals["prize_fen"]},
                    {
                        "name": str(_("Issuance fee, net of commission")),
                        "value": totals["issuance_fen"] - totals["commission_fen"],
                    },
                    {"name": str(_("Station commission")), "value": totals["commission_fen"]},
                ],
            },
        )
        return context
