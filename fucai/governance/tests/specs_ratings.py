"""Permission-matrix rows of grading (分类分级), the rating schemes and the star round
(星级评定), pages and API (topic "ratings").

The world: a computed grading of a 鹿城 station; an open round of 2025 (its window
around today) with the 鹿城 station's application (with a photo) and the owner's 瑞安
station to apply with. 鹿城's staff and the inspector reach the 鹿城 rows; 瑞安's staff
and the owner find no such grading or application (404). Station management runs the
grading, reviews as the city; the districts review applications; the owner applies and
appeals."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from fucai.core.testing.matrix import CENTER_READERS, expect
from fucai.core.tests.factories import region
from fucai.stations.models import StationOwner
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..models import GradingResult, StarApplication, StarEvidence, StarRound
from ..services.ratings import rating_scheme_active
from .factories import image_bytes

GOVERNANCE_READERS = CENTER_READERS | {"lucheng", "ruian", "inspector", "owner"}
LUCHENG_READERS = CENTER_READERS | {"lucheng", "inspector"}
NOT_HERE = {"ruian", "owner"}


def make_world(cast) -> dict:
    station = StationFactory(region=region("330302"))
    grading = rating_scheme_active("grading")
    stars = rating_scheme_active("stars")
    result = GradingResult.objects.create(
        station=station,
        year=2019,
        scheme=grading,
        score=72,
        computed_class="dedicated",
        computed_grade="B",
        station_class="dedicated",
        grade="B",
    )
    today = timezone.localdate()
    round_ = StarRound.objects.create(
        year=2025,
        scheme=stars,
        apply_from=today - datetime.timedelta(days=10),
        apply_until=today + datetime.timedelta(days=10),
    )
    application = StarApplication.objects.create(
        round=round_, station=station, stars_applied=4, score=80, computed_stars=4
    )
    photo = StarEvidence(
        application=application, criterion="premises", content_type="image/jpeg", size=100
    )
    photo.file.save("p.jpg", ContentFile(image_bytes()), save=True)
    owner = StationOwner.objects.filter(user=cast["owner"]).first() or StationOwnerFactory(
        user=cast["owner"]
    )
    own = StationFactory(region=region("330381"), owner=owner)
    own_application = StarApplication.objects.create(
        round=round_, station=own, stars_applied=3, score=70, computed_stars=3
    )
    return {
        "ratings_result": result,
        "ratings_scheme": grading,
        "ratings_round": round_,
        "ratings_application": application,
        "ratings_photo": photo,
        "ratings_own_station": StationFactory(region=region("330381"), owner=owner),
        "ratings_own_application": own_application,
    }


def _pk(key):
    return {"args": lambda world: [world[key].pk]}


def _api(**kwargs):
    return expect(anonymous="unauthorized", **kwargs)


URL_SPECS = {
    "governance:gradings": expect(ok=GOVERNANCE_READERS),
    "governance:grading_detail": expect(
        ok=LUCHENG_READERS, hidden=NOT_HERE, **_pk("ratings_result")
    ),
    "governance:grading_confirm": expect(ok={"stations"}, **_pk("ratings_result")),
    "governance:grading_run": expect(
        ok={"stations"}, method="post", success=(302,), data={"year": 2019}
    ),
    "governance:grading_confirm_all": expect(
        ok={"stations"}, method="post", success=(302,), data={"year": 2019}
    ),
    "governance:grading_publish": expect(
        ok={"stations"}, method="post", success=(302,), data={"year": 2019}
    ),
    "governance:schemes": expect(ok=GOVERNANCE_READERS),
    "governance:scheme_detail": expect(ok=GOVERNANCE_READERS, **_pk("ratings_scheme")),
    "governance:scheme_edit": expect(ok={"stations"}, **_pk("ratings_scheme")),
    "governance:stars": expect(ok=GOVERNANCE_READERS),
    "governance:star_round_open": expect(ok={"stations"}),
    "governance:star_round_publish": expect(
        ok={"stations"}, method="post", success=(302,), **_pk("ratings_round")
    ),
    "governance:star_apply": expect(
        ok={"owner"},
        args=lambda world: [world["ratings_round"].pk, world["ratings_own_station"].code],
    ),
    "governance:star_detail": expect(
        ok=LUCHENG_READERS, hidden=NOT_HERE, **_pk("ratings_application")
    ),
    "governance:star_photo": expect(
        ok=LUCHENG_READERS,
        hidden=NOT_HERE,
        args=lambda world: [world["ratings_application"].pk, world["ratings_photo"].pk],
    ),
    "governance:star_district": expect(
        ok={"lucheng"}, hidden={"ruian"}, **_pk("ratings_application")
    ),
    "governance:star_city": expect(ok={"stations"}, **_pk("ratings_application")),
    # The owner appeals their own station's decision; for anyone else's it is a 404.
    "governance:star_appeal": expect(ok={"owner"}, **_pk("ratings_own_application")),
    "governance:star_appeal_decide": expect(ok={"stations"}, **_pk("ratings_application")),
    "governance:star_nominate": expect(ok={"stations"}, **_pk("ratings_application")),
    "governance:star_province": expect(ok={"stations"}, **_pk("ratings_application")),
    "governance:star_nominate_many": expect(ok={"stations"}, **_pk("ratings_round")),
    "governance:star_province_reply": expect(ok={"stations"}, **_pk("ratings_round")),
    "GET /api/grades": _api(ok=GOVERNANCE_READERS, data={"year": "2019"}),
    "GET /api/star-ratings": _api(
        ok=GOVERNANCE_READERS, data={"year": "2019", "level": "provincial"}
    ),
}
