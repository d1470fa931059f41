from django.db.models import Count, Q
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin
from fucai.core.maps import map_series
from fucai.core.scope import regions_visible
from fucai.stations.choices import StationKind, StationStatus
from fucai.stations.models import Station


def _sales_kpis(user) -> dict:
    """Sales and welfare fund of the latest year with data (up to its latest month),
    against the same months a year earlier, within the user's scope: two queries."""
    from fucai.sales import selectors

    if not roles.has_permission(user, roles.VIEW_SALES):
        return {"can_view_sales": False}
    period = selectors.default_period(user)
    totals = selectors.totals(selectors.rollups(user), period)
    return {"can_view_sales": True, "sales_period": period, "sales_totals": totals}


class HomeView(RolePermissionMixin, TemplateView):
    """The landing page: the station network at a glance, within the user's scope."""

    permission = roles.USE_STAFF_SITE
    template_name = "dashboard/home.html"

    def sales_kpis(self, user) -> dict:
        return _sales_kpis(user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        stations = Station.objects.visible_to(user)
        can_view = roles.has_permission(user, roles.VIEW_STATION)
        if not can_view:
            stations = stations.none()
        totals = stations.aggregate(
            total=Count("id"),
            **{status: Count("id", filter=Q(status=status)) for status in StationStatus.values},
        )
        by_region = {
            row["region"]: row
            for row in stations.values("region").annotate(
                active=Count("id", filter=Q(status=StationStatus.ACTIVE)),
                total=Count("id"),
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
