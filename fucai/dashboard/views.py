from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Count, Q
from django.shortcuts import render
from django.views.generic import TemplateView

from fucai.core import roles
from fucai.core.choices import Role
from fucai.core.generic import RolePermissionMixin
from fucai.core.maps import map_series
from fucai.core.scope import regions_visible
from fucai.stations.choices import StationKind, StationStatus
from fucai.stations.models import Station


def _sales_kpis(user) -> dict:
    """Sales and welfare fund of the latest year with data (up to its latest day),
    against the same days a year earlier, within the user's scope."""
    from fucai.sales import kpis

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


class HomeView(RolePermissionMixin, TemplateView):
    """The landing page: the station network at a glance, within the user's scope. A
    visitor who is not signed in gets the front door, a station owner their own
    stations (``owner_home``)."""

    permission = roles.USE_STAFF_SITE
    template_name = "dashboard/home.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return front_door(request)
        if roles.role_of(request.user) == Role.STATION_OWNER:
            from .owner import owner_home

            return owner_home(request)
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
