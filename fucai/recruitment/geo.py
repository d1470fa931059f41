"""Distances for the site survey: spacing to existing stations and to schools.

Geometry uses floats (metres are not money). The nearest-neighbour search prefilters by
a latitude/longitude box in SQL (indexed columns), then measures exactly in Python,
widening the box until the nearest hit lies inside the circle the box contains.
"""

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.geo import EARTH_RADIUS_M, Number, haversine_m
from fucai.core.validators import age_on, id_number_birth_date
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from . import constants as c
from . import selectors
from .choices import EDUCATION_RANK, Education, IntendedClass
from .models import School

METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180
SEARCH_START_M = 1_000
SEARCH_MAX_M = 64_000


def bounding_box(lat: float, lng: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) of a box containing the circle."""
    dlat = radius_m / METRES_PER_DEGREE
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlng = radius_m / (METRES_PER_DEGREE * cos_lat)
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng


@dataclass(frozen=True)
class Nearest:
    obj: models.Model
    distance_m: float


def _nearest(queryset: models.QuerySet, lat: Number, lng: Number) -> Nearest | None:
    lat, lng = float(lat), float(lng)
    radius = SEARCH_START_M
    while radius <= SEARCH_MAX_M:
        min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, radius)
        box = queryset.filter(
            latitude__range=(Decimal(f"{min_lat:.6f}"), Decimal(f"{max_lat:.6f}")),
            longitude__range=(Decimal(f"{min_lng:.6f}"), Decimal(f"{max_lng:.6f}")),
        )
        best = None
        for obj in box:
            distance = haversine_m(lat, lng, obj.latitude, obj.longitude)
            if best is None or distance < best.distance_m:
                best = Nearest(obj, distance)
        # A hit in the box's corner may be farther than one just outside the box.
        if best is not None and best.distance_m <= radius:
            return best
        radius *= 2
    return None


def nearest_station(
    lat: Number,
    lng: Number,
    *,
    exclude: Station | int | None = None,
    classes: list[str] | None = None,
) -> Nearest | None:
    """The nearest active station within SEARCH_MAX_M, or None."""
    queryset = Station.objects.filter(
        status=StationStatus.ACTIVE, latitude__isnull=False, longitude__isnull=False
    ).only("id", "code", "name", "latitude", "longitude", "station_class")
    if exclude is not None:
        queryset = queryset.exclude(pk=getattr(exclude, "pk", exclude))
    if classes:
        queryset = queryset.filter(station_class__in=classes)
    return _nearest(queryset, lat, lng)


def nearest_school(lat: Number, lng: Number) -> Nearest | None:
    return _nearest(School.objects.only("id", "name", "latitude", "longitude"), lat, lng)


# The city on the map (its outlines span 27.04–28.61 N, 119.63–121.27 E) with a margin:
# a point picked outside cannot be a premises in one of its districts.
CITY_BOUNDS = (26.9, 28.8, 119.4, 121.5)  # min_lat, max_lat, min_lng, max_lng


def in_city(lat: Number, lng: Number) -> bool:
    min_lat, max_lat, min_lng, max_lng = CITY_BOUNDS
    return min_lat <= float(lat) <= max_lat and min_lng <= float(lng) <= max_lng


def station_rule(call, intended_class: str) -> tuple[int, list[str] | None]:
    """The call's station spacing for a class: the minimum distance, and the station
    classes it is measured to (a combined station keeps its distance from dedicated and
    flagship stations only)."""
    if intended_class == IntendedClass.COMBINED:
        return call.min_distance_combined_m, ["dedicated", "flagship"]
    return call.min_distance_station_m, None


@dataclass(frozen=True)
class Spacing:
    """Distances of a point to the nearest station and school against the call's rules
    (None: nothing within SEARCH_MAX_M, which passes)."""

    station_m: float | None
    station_limit_m: int
    school_m: float | None
    school_limit_m: int

    @property
    def station_ok(self) -> bool:
        return self.station_m is None or self.station_m >= self.station_limit_m

    @property
    def school_ok(self) -> bool:
        return self.school_m is None or self.school_m >= self.school_limit_m


def spacing(call, lat: Number, lng: Number, intended_class: str, *, exclude=None) -> Spacing:
    limit, classes = station_rule(call, intended_class)
    station = nearest_station(lat, lng, exclude=exclude, classes=classes)
    school = nearest_school(lat, lng)
    return Spacing(
        station.distance_m if station else None,
        limit,
        school.distance_m if school else None,
        call.min_distance_school_m,
    )


@dataclass(frozen=True)
class RuleResult:
    """One condition of the call checked against the application."""

    code: str
    label: str
    value: object
    limit: object
    passed: bool
    detail: str = ""


@dataclass(frozen=True)
class SurveyCheck:
    """The automatic part of the site survey: every condition with its measured value,
    its limit and the verdict. The remaining quota informs but does not decide (when a
    district is oversubscribed the public draw does)."""

    checked_on: date
    rules: list[RuleResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(rule.passed for rule in self.rules if rule.code not in ADVISORY_RULES)

    def as_dict(self) -> dict:
        return {
            "checked_on": self.checked_on.isoformat(),
            "passed": self.passed,
            "rules": [asdict(rule) for rule in self.rules],
        }


ADVISORY_RULES = frozenset({"quota"})


def _metres(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def survey_check(application) -> SurveyCheck:
    """Check an application's premises and applicant against its call's conditions."""
    call = application.call
    lat, lng = application.latitude, application.longitude
    on = (
        timezone.localdate(application.submitted_at)
        if application.submitted_at
        else timezone.localdate()
    )
    rules: list[RuleResult] = []

    limit, classes = station_rule(call, application.intended_class)
    station = nearest_station(lat, lng, exclude=application.station_id, classes=classes)
    if application.intended_class == IntendedClass.COMBINED:
        label = str(_("Distance to the nearest dedicated station"))
    else:
        label = str(_("Distance to the nearest station"))
    distance = station.distance_m if station else None
    rules.append(
        RuleResult(
            "station_distance",
            label,
            _metres(distance),
            limit,
            distance is None or distance >= limit,
            str(station.obj) if station else "",
        )
    )

    school = nearest_school(lat, lng)
    distance = school.distance_m if school else None
    rules.append(
        RuleResult(
            "school_distance",
            str(_("Distance to the nearest school")),
            _metres(distance),
            call.min_distance_school_m,
            distance is None or distance >= call.min_distance_school_m,
            str(school.obj) if school else "",
        )
    )

    min_area = call.min_area_for(application.intended_class)
    rules.append(
        RuleResult(
            "area",
            str(_("Premises area (m²)")),
            str(application.area),
            str(min_area),
            application.area >= min_area,
        )
    )

    age = age_on(id_number_birth_date(application.id_number), on)
    rules.append(
        RuleResult(
            "age",
            str(_("Age on the submission date")),
            age,
            [call.min_age, call.max_age],
            call.min_age <= age <= call.max_age,
        )
    )

    rules.append(
        RuleResult(
            "education",
            str(_("Education")),
            application.education,
            call.min_education,
            EDUCATION_RANK.get(application.education, -1) >= EDUCATION_RANK[call.min_education],
            str(Education(application.education).label)
            if application.education in Education.values
            else "",
        )
    )

    if call.residency_required:
        rules.append(
            RuleResult(
                "residency",
                str(_("Resides in the district")),
                application.resides_in_region,
                True,
                bool(application.resides_in_region),
                call.residency_rule,
            )
        )

    remaining = selectors.remaining_quota(
        call,
        application.region,
        statuses=c.QUOTA_PENDING_STATUSES,
        exclude=application,
    )
    rules.append(
        RuleResult("quota", str(_("Places left in the district")), remaining, 1, remaining >= 1)
    )
    return SurveyCheck(checked_on=on, rules=rules)
