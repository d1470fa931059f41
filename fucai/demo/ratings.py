"""The demo's 2019 grading (分类分级) and star round (星级评定), run through the services.

Run after the 2019 supervision data and the annual reviews, since the schemes read the
inspections, violations and insurance, and after the sales rollups.

Grading: every station that operated in 2019 is computed by the grading scheme in use,
confirmed as computed and published onto the stations.

The star round of 2019 (applications in January 2020, publication in March): the
stations whose data the star scheme puts at ``APPLY_MIN_STARS`` or more apply, each
claiming the stars it computes to; the district rejects those with a violation in the
year and passes the rest at the computed stars; the city's site check fails those
whose annual inspection scored under ``SITE_CHECK_MIN_PCT`` and passes the others;
the city publishes; two rejected stations appeal and the city dismisses one and grants
the other; the city nominates every published station of at least
``PROVINCIAL_MIN_STARS`` stars, and the province approves the highest-scoring
``PROVINCIAL_QUOTA`` nominations (its quota for Wenzhou) and rejects the others. The
number of provincial star stations is what that data flow yields: with the demo's
network, the quota is filled.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from fucai.core.models import User
from fucai.governance import ratings as engine
from fucai.governance.choices import SchemeKind, SiteCheckResult, StarStatus
from fucai.governance.constants import PROVINCIAL_MIN_STARS
from fucai.governance.models import GradingResult, StarApplication, StarRound
from fucai.governance.services import ratings as grading
from fucai.governance.services import stars
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

REVIEWER = "stations"  # the demo's station management login
APPLY_MIN_STARS = 4
PROVINCIAL_QUOTA = 260
SITE_CHECK_MIN_PCT = 88  # the province's quota of provincial star stations for the city


@dataclass
class RatingsSummary:
    year: int
    grades: Counter = field(default_factory=Counter)
    applications: int = 0
    published: Counter = field(default_factory=Counter)
    rejected: int = 0
    nominated: int = 0
    provincial: int = 0


def _district_user(region_code: str, users: dict) -> User:
    return users.get(region_code) or users["*"]


def build_ratings(year: int = 2019) -> RatingsSummary:
    reviewer = User.objects.filter(username=REVIEWER).first()
    if reviewer is None:
        raise LookupError(f"The demo user {REVIEWER!r} must exist before the ratings.")
    summary = RatingsSummary(year=year)
    with transaction.atomic():
        grading.grading_compute(acting_user=reviewer, year=year)
        grading.grading_confirm_computed(acting_user=reviewer, year=year)
        grading.grading_publish(acting_user=reviewer, year=year)
        summary.grades = Counter(
            GradingResult.objects.filter(year=year).values_list("grade", flat=True)
        )
        if not StarRound.objects.filter(year=year).exists():
            _star_round(year, reviewer, summary)
    return summary


def _star_round(year: int, reviewer: User, summary: RatingsSummary) -> None:
    d = datetime.date
    round_ = stars.star_round_open(
        acting_user=reviewer,
        year=year,
        apply_from=d(year + 1, 1, 6),
        apply_until=d(year + 1, 1, 31),
        appeal_days=15,
    )
    scheme = grading.rating_scheme_active(SchemeKind.STARS)
    stations = list(Station.objects.filter(status=StationStatus.ACTIVE).order_by("code"))
    metrics = engine.load_metrics(stations, year)
    # The district staff who review: a branch user of the station's district.
    branch_users = {
        code: user
        for user in User.objects.filter(role="branch_staff", org_unit__isnull=False)
        .select_related("org_unit")
        .prefetch_related("org_unit__regions")
        for code in user.org_unit.regions.values_list("code", flat=True)
    }
    branch_users["*"] = reviewer  # no branch login for a district: the city stands in
    applied = []
    for station in stations:
        outcome = engine.evaluate(scheme.criteria, scheme.bands, metrics[station.pk])
        if outcome.band < APPLY_MIN_STARS:
            continue
        owner = station.owner.user or reviewer
        applicant = owner if owner.role == "station_owner" else None
        application = _apply(round_, station, outcome, applicant, reviewer, year)
        applied.append((application, metrics[station.pk]))
    summary.applications = len(applied)
    for application, m in applied:
        district = _district_user(application.station.region.code, branch_users)
        if not _may_review(district):
            district = reviewer
        if m.get("violations"):
            stars.star_district_review(
                acting_user=district,
                application=application,
                approve=False,
                comment="年度内有违规记录，不符合星级评定条件",
            )
            summary.rejected += 1
            continue
        stars.star_district_review(
            acting_user=district, application=application, approve=True, comment="材料齐全，推荐"
        )
        # The site check finds what the annual inspection found: a station that scored
        # under SITE_CHECK_MIN_PCT there fails it.
        inspection = m.get("inspection_pct")
        passed = inspection is None or Decimal(inspection) >= SITE_CHECK_MIN_PCT
        stars.star_city_review(
            acting_user=reviewer,
            application=application,
            site_checked_on=d(year + 1, 2, 20),
            site_check=SiteCheckResult.PASSED if passed else SiteCheckResult.FAILED,
            site_check_notes="现场核查：店容整洁，公示齐全"
            if passed
            else "现场核查：公示不全，整改未到位",
        )
        summary.rejected += not passed
    stars.star_round_publish(acting_user=reviewer, round=round_, on=d(year + 1, 3, 10))
    _appeals(round_, reviewer, year)
    published = StarApplication.objects.filter(round=round_, status=StarStatus.PUBLISHED)
    summary.published = Counter(published.values_list("stars", flat=True))
    candidates = published.filter(stars__gte=PROVINCIAL_MIN_STARS).order_by(
        "-score", "station__code"
    )
    stations_nominated = [a.station for a in candidates.select_related("station")]
    summary.nominated = stars.star_nominate_many(
        acting_user=reviewer,
        round=round_,
        stations=stations_nominated,
        comment="推荐申报省级星级站点",
    )
    # The province approves its quota, the highest-scoring nominations first.
    summary.provincial = stars.star_province_decide_many(
        acting_user=reviewer,
        round=round_,
        approved_stations=stations_nominated[:PROVINCIAL_QUOTA],
        comment_approved="省中心批复：认定为省级星级投注站",
        comment_rejected="省中心批复：名额已满，未予认定",
        decided_on=d(year + 1, 5, 15),
    )


def _may_review(user: User) -> bool:
    from fucai.core import roles

    return roles.has_permission(user, roles.REVIEW_STARS_DISTRICT)


def _apply(round_, station, outcome, applicant, reviewer, year):
    """The owner's application (the demo's `owner` login for their own stations; other
    owners have no login, so the center enters their paper application), claiming what
    the scheme computes."""
    assessment = {
        item["criterion"]: {"points": item["points"], "note": ""}
        for item in outcome.breakdown
        if item["assessed"]
    }
    return stars.star_apply(
        acting_user=applicant or reviewer,
        round=round_,
        station=station,
        self_assessment=assessment,
        stars_applied=outcome.band,
        on=datetime.date(year + 1, 1, 15),
    )


def _appeals(round_, reviewer, year) -> None:
    rejected = list(
        StarApplication.objects.filter(round=round_, status=StarStatus.REJECTED)
        .select_related("round", "station")
        .order_by("station__code")[:2]
    )
    on = datetime.date(year + 1, 3, 18)
    for n, application in enumerate(rejected):
        stars.star_appeal(
            acting_user=reviewer,
            application=application,
            reason="违规已整改完毕，申请复核",
            on=on,
        )
        stars.star_appeal_decide(
            acting_user=reviewer,
            application=application,
            grant=n == 0,
            stars=application.computed_stars,
            decision="经复核，违规情节轻微且已整改，予以评定" if n == 0 else "经复核，维持原决定",
        )


def flush_demo_ratings() -> dict[str, int]:
    """Delete the gradings and star rounds (they protect stations); schemes stay."""
    deleted = {}
    for model in (StarApplication, StarRound, GradingResult):
        deleted[str(model._meta.verbose_name_plural)] = model.objects.all().delete()[0]
    return deleted
