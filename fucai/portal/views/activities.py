"""Charity activities on the public site: the published ones by year and series, each
with its short story, the photos cleared for the portal, the money spent and how many
people it reached — counts only, never a person (charity.selectors.public)."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from fucai.charity.choices import ParticipantKind
from fucai.charity.selectors import public as selectors

PER_PAGE = 20


def _number(raw: str, allowed) -> int | None:
    """A filter value from the query string: empty is none, anything not allowed a 404."""
    if not raw:
        return None
    if not raw.isdigit() or int(raw) not in allowed:
        raise Http404
    return int(raw)


# Any fund year may be asked for (a disclosure links to its year's activities, even when
# none was published that year: the page then says so).
YEARS = range(2000, 2101)


@require_GET
def activity_list(request):
    years = selectors.published_years()
    series = list(selectors.published_series())
    year = _number(request.GET.get("year", ""), YEARS)
    series_id = _number(request.GET.get("series", ""), {s.pk for s in series})
    if year and year not in years:
        years = sorted({*years, year}, reverse=True)
    activities = selectors.published_activities(year=year, series_id=series_id)
    page = Paginator(activities, PER_PAGE).get_page(request.GET.get("page"))
    reach = selectors.public_reach(a.pk for a in page.object_list)
    for activity in page.object_list:
        activity.reached = reach.get(activity.pk, 0)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/activity_list.html",
        {
            "page": page,
            "years": years,
            "series": series,
            "year": year,
            "series_id": series_id,
            "totals": selectors.public_totals(activities),
            "query": query.urlencode(),
        },
    )


@require_GET
def activity_detail(request, pk: int):
    activity = get_object_or_404(selectors.published_activities(), pk=pk)
    taking_part = selectors.public_participants(activity)
    return render(
        request,
        "portal/activity_detail.html",
        {
            "activity": activity,
            "photos": list(selectors.public_photos(activity)),
            "reached": selectors.public_reach([activity.pk]).get(activity.pk, 0),
            "taking_part": [
                (label, taking_part[kind])
                for kind, label in ParticipantKind.choices
                if taking_part.get(kind)
            ],
            "project_public": activity.project.public,
        },
    )


@require_GET
def activity_photo(request, pk: int, photo_pk: int):
    """A photo cleared for the portal, of a published activity; any other is a 404."""
    activity = get_object_or_404(selectors.published_activities(), pk=pk)
    photo = get_object_or_404(selectors.public_photos(activity), pk=photo_pk)
    try:
        response = FileResponse(photo.file.open("rb"))
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
