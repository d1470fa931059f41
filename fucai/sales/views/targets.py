"""Sales targets: achievement per district and per station (read with VIEW_SALES within
scope); setting and deleting targets needs MANAGE_GAMES (the finance department)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.excel import excel_response
from fucai.core.generic import RolePermissionMixin, ScopedObjectMixin
from fucai.core.scope import regions_visible

from .. import selectors, services
from ..forms import TargetFilterForm, TargetForm
from ..models import SalesTarget
from .analytics import export_rows


def target_period(year: int, month: int | None) -> selectors.Period:
    return selectors.Period(year, month, month) if month else selectors.Period(year)


class TargetsView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_SALES
    template_name = "sales/analytics/targets.html"

    def rows(self):
        user = self.request.user
        self.form = TargetFilterForm(self.request.GET or None, user=user)
        year, month = self.form.target_period()
        period = target_period(year, month)
        targets = list(
            SalesTarget.objects.visible_to(user)
            .filter(year=year, month=month)
            .select_related("region", "station", "station__region")
        )
        rollups = selectors.rollups(user)
        by_region = {t.region_id: t for t in targets if t.region_id}
        regions = []
        for row in selectors.by_region(rollups, period, list(regions_visible(user))):
            target = by_region.get(row["region"].pk)
            regions.append(
                {
                    "name": row["name"],
                    "code": row["code"],
                    "target": target,
                    "last_sales_fen": row["last_sales_fen"],
                    **selectors.achievement(row["sales_fen"], target and target.amount_fen),
                }
            )
        station_targets = [t for t in targets if t.station_id]
        actual = selectors.sales_by_station(
            rollups, period, [t.station_id for t in station_targets]
        )
        stations = [
            {
                "name": t.station.name,
                "code": t.station.code,
                "region": t.station.region.name,
                "station": t.station,
                "target": t,
                **selectors.achievement(actual.get(t.station_id, 0), t.amount_fen),
            }
            for t in sorted(station_targets, key=lambda t: t.station.code)
        ]
        return year, month, regions, stations

    def get(self, request, *args, **kwargs):
        table = request.GET.get("export")
        if table in {"region", "station"}:
            year, month, regions, stations = self.rows()
            rows = regions if table == "region" else stations
            columns = [
                (_("Target (yuan)"), "target_fen"),
                (_("Actual sales (yuan)"), "actual_fen"),
                (_("Achievement"), "achievement"),
            ]
            for row in rows:
                row["achievement"] = row["rate"]
            label = _("District") if table == "region" else _("Station")
            name = f"sales-targets-{year}" + (f"-{month:02d}" if month else "")
            headers, body = export_rows(label, lambda r: f"{r['code']} {r['name']}", rows, columns)
            return excel_response(name, headers, body)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year, month, regions, stations = self.rows()
        target_total = sum(r["target_fen"] or 0 for r in regions)
        actual_total = sum(r["actual_fen"] for r in regions if r["target_fen"])
        query = self.request.GET.copy()
        query.pop("export", None)
        context.update(
            form=self.form,
            year=year,
            month=month,
            regions=regions,
            stations=stations,
            overall=selectors.achievement(actual_total, target_total or None),
            edit_form=TargetForm(initial={"year": year, "month": month}, user=self.request.user),
            querystring=query.urlencode(),
        )
        return context


def _back(year, month) -> str:
    query = {"year": year}
    if month:
        query["month_from"] = month
    return reverse("sales:targets") + "?" + urlencode(query)


class TargetSetView(RolePermissionMixin, View):
    permission = roles.MANAGE_GAMES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = TargetForm(request.POST, user=request.user)
        if not form.is_valid():
            errors = [str(e) for errors in form.errors.values() for e in errors]
            messages.error(request, " ".join(errors))
            return redirect(_back(request.POST.get("year", ""), None))
        data = form.cleaned_data
        try:
            services.target_set(
                acting_user=request.user,
                year=data["year"],
                month=data["month"],
                region=data["region"],
                station=data["station"],
                amount_fen=form.amount_fen,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Target saved."))
        return redirect(_back(data["year"], data["month"]))


class TargetDeleteView(RolePermissionMixin, ScopedObjectMixin, View):
    model = SalesTarget
    permission = roles.MANAGE_GAMES
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        target = self.get_object()
        services.target_delete(acting_user=request.user, target=target)
        messages.success(request, _("Target deleted."))
        return redirect(_back(target.year, target.month))
