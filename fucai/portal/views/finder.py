"""The public station finder (网点查询): active stations on the district map and in a
paged list, filtered by district, kind and stars. Only what a customer needs to find a
station — name, address, kind, stars, opening hours — never the owner or a phone.
The county service stations (综合服务站) are a layer of their own on the same map and a
list above the stations (name, address, hours, public phone, services; never their
staff). Four queries whatever the page shows (rows read as values, no per-row
template)."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import county_regions
from fucai.facilities.choices import ServiceKind
from fucai.facilities.models import ServiceStation
from fucai.stations.choices import StationKind, StationStatus
from fucai.stations.models import Station

PER_PAGE = 20
# The public columns of a station; nothing personal.
PUBLIC_FIELDS = (
    *("code", "name", "address", "kind", "stars", "provincial_star_year"),
    *("opening_hours", "region__name"),
)


# Translated when shown: "%" on a lazy string at import would fix the language active
# when the module was first imported.
_stars_or_more = lazy(lambda n: _("%(n)d stars or more") % {"n": n}, str)


class FinderForm(forms.Form):
    district = forms.ChoiceField(label=_("District"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *StationKind.choices]
    )
    stars = forms.TypedChoiceField(
        label=_("Stars"),
        required=False,
        coerce=int,
        empty_value=0,
        choices=[("", _("Any")), *((n, _stars_or_more(n)) for n in range(1, 6))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [
            ("", _("All districts")),
            *((code, name) for _pk, code, name in sorted(county_regions(), key=lambda r: r[1])),
        ]


def station_finder(request):
    form = FinderForm(request.GET or None)
    status = 200
    stations = Station.objects.filter(status=StationStatus.ACTIVE)
    service_stations = ServiceStation.objects.all()
    if form.is_bound and not form.is_valid():
        status = 400
        stations = stations.none()
        service_stations = service_stations.none()
    elif form.is_bound:
        data = form.cleaned_data
        if data["district"]:
            stations = stations.filter(region__code=data["district"])
            service_stations = service_stations.filter(region__code=data["district"])
        if data["kind"]:
            stations = stations.filter(kind=data["kind"])
        if data["stars"]:
            stations = stations.filter(stars__gte=data["stars"])
    kinds = dict(StationKind.choices)
    points = [
        {
            "name": name,
            "value": [float(lng), float(lat)],  # map geometry, not money
            "kind": str(kinds.get(kind, "")),
            "stars": stars,
        }
        for name, lng, lat, kind, stars in stations.filter(
            latitude__isnull=False, longitude__isnull=False
        ).values_list("name", "longitude", "latitude", "kind", "stars")
    ]
    services = service_station_rows(service_stations)
    page = Paginator(
        stations.order_by("-stars", "region__sort_order", "code").values(*PUBLIC_FIELDS),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    rows = [
        {**row, "kind_label": kinds.get(row["kind"], ""), "star_marks": "★" * row["stars"]}
        for row in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/station_finder.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "points": {"points": points, "service_points": services["points"]},
            "service_stations": services["rows"],
            "query": query.urlencode(),
        },
        status=status,
    )


def service_station_rows(service_stations) -> dict:
    """The public rows and map points of the service stations: one query."""
    labels = dict(ServiceKind.choices)
    rows, points = [], []
    fields = ("unit__name", "region__name", "address", "opening_hours", "phone", "services")
    for row in service_stations.order_by("region__sort_order", "region__code", "pk").values(
        *fields, "latitude", "longitude"
    ):
        row["service_labels"] = [str(labels[s]) for s in ServiceKind.values if s in row["services"]]
        rows.append(row)
        if row["latitude"] is not None and row["longitude"] is not None:
            points.append(
                {
                    "name": row["unit__name"],
                    "value": [float(row["longitude"]), float(row["latitude"])],  # geometry
                    "kind": str(_("Service station")),
                    "stars": 0,
                }
            )
    return {"rows": rows, "points": points}
