"""Spacing feedback on the applicant's map picker: distances to the nearest station and
school against the call's rules, while the point is being picked."""

from decimal import Decimal, InvalidOperation

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from fucai.core import throttle
from fucai.core.templatetags.fucai import distance
from fucai.recruitment import geo
from fucai.recruitment.choices import CallStatus, IntendedClass
from fucai.recruitment.models import RecruitmentCall

from .account import THROTTLED, applicant_required

# Each tap on the map asks once; a minute's worth of taps is plenty for a person.
SPACING_LIMIT_PER_MINUTE = 60


def _coordinate(request, name: str) -> Decimal | None:
    raw = request.GET.get(name, "").strip()
    if not raw or len(raw) > 20:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@require_GET
@applicant_required
def spacing(request, pk: int):
    """How far a point on the map is from the nearest active station and school, against
    the call's spacing rules — distances only (rounded metres), never which station or
    school. The point must lie in the city; bad input is a 400, too many taps a 429."""
    call = get_object_or_404(RecruitmentCall, pk=pk, status=CallStatus.PUBLISHED)
    lat, lng = _coordinate(request, "lat"), _coordinate(request, "lng")
    if lat is None or lng is None or not geo.in_city(lat, lng):
        return JsonResponse(
            {"detail": str(_("Pick a point inside Wenzhou on the map."))}, status=400
        )
    if not throttle.hit(
        "portal-spacing-user", str(request.user.pk), limit=SPACING_LIMIT_PER_MINUTE, window=60
    ):
        return JsonResponse({"detail": str(THROTTLED)}, status=429)
    intended = request.GET.get("class", "")
    if intended not in IntendedClass.values:
        intended = IntendedClass.DEDICATED
    result = geo.spacing(call, lat, lng, intended)
    if intended == IntendedClass.COMBINED:
        station_label = _("Nearest dedicated station")
    else:
        station_label = _("Nearest station")
    lines = [
        _spacing_line(station_label, result.station_m, result.station_limit_m, result.station_ok),
        _spacing_line(
            _("Nearest school"), result.school_m, result.school_limit_m, result.school_ok
        ),
    ]
    return JsonResponse(
        {
            "station": {
                "distance_m": _rounded(result.station_m),
                "required_m": result.station_limit_m,
                "ok": result.station_ok,
            },
            "school": {
                "distance_m": _rounded(result.school_m),
                "required_m": result.school_limit_m,
                "ok": result.school_ok,
            },
            "ok": result.station_ok and result.school_ok,
            "lines": lines,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _rounded(metres: float | None) -> int | None:
    return None if metres is None else round(metres)


def _spacing_line(label, metres: float | None, limit: int, ok: bool) -> dict:
    if metres is None:
        text = _("%(label)s: none within %(radius)s") % {
            "label": label,
            "radius": distance(geo.SEARCH_MAX_M),
        }
    else:
        text = _("%(label)s %(distance)s (at least %(limit)s required)") % {
            "label": label,
            "distance": distance(round(metres)),
            "limit": distance(limit),
        }
    return {"text": str(text), "ok": ok}
