"""The HTTP benchmark's baseline: the cheapest page Django can serve over the same data.

A plain 50-row HTML table of the stations (code, name, district, kind, status, owner
masked) from one query, one template compiled once, no base layout, no includes, no
tags in the row loop. It goes through the same middleware and session authentication
as the staff pages, so the ratio of a page to it measures what the page itself costs.

Mounted only by ``bench.http_settings`` (``ROOT_URLCONF = "bench.baseline_urls"``), the
settings module the benchmark's gunicorn runs with: production's URLconf never sees it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines

from fucai.core.masking import mask_name
from fucai.stations.choices import StationKind, StationStatus
from fucai.stations.models import Station

TEMPLATE = engines["django"].from_string(
    """<!doctype html>
<html lang="zh-hans"><head><meta charset="utf-8"><title>Stations</title></head>
<body><table>
<thead><tr><th>Code</th><th>Name</th><th>District</th><th>Kind</th><th>Status</th>\
<th>Owner</th></tr></thead>
<tbody>{% for row in rows %}
<tr><td><a href="/stations/{{ row.code }}/">{{ row.code }}</a></td><td>{{ row.name }}</td>\
<td>{{ row.region }}</td><td>{{ row.kind }}</td><td>{{ row.status }}</td>\
<td>{{ row.owner }}</td></tr>\
{% endfor %}
</tbody></table></body></html>"""
)


@login_required
def stations(request):
    queryset = (
        Station.objects.visible_to(request.user)
        .order_by("code")
        .values_list("code", "name", "region__name", "kind", "status", "owner__name")[:50]
    )
    kinds = {value: str(label) for value, label in StationKind.choices}
    statuses = {value: str(label) for value, label in StationStatus.choices}
    rows = [
        {
            "code": code,
            "name": name,
            "region": region,
            "kind": kinds.get(kind, kind),
            "status": statuses.get(status, status),
            "owner": mask_name(owner),
        }
        for code, name, region, kind, status, owner in queryset
    ]
    return HttpResponse(TEMPLATE.render({"rows": rows}, request))
