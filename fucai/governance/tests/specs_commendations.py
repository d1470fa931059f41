"""Permission-matrix rows of the commendations pages (topic "commendations").

The world: the 2019 round being decided with a nomination of a 鹿城 station, and the
2018 round published with an accepted award of a 鹿城 station (its certificate). Every
reader of supervision sees the rounds (nominations narrowed to their scope); only the
station management department nominates, decides and publishes. The certificate is a
鹿城 station's: 瑞安's staff and the owner (of a 瑞安 station) find no such award."""

import datetime

from django.utils import timezone

from fucai.core.testing.matrix import CENTER_READERS, expect
from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

from ..choices import AwardRoundStatus, NominationStatus
from ..defaults_awards import ensure_default_awards
from ..models import AwardKind, AwardRound, Nomination

GOVERNANCE_READERS = CENTER_READERS | {"lucheng", "ruian", "inspector", "owner"}
MANAGERS = {"stations"}


def make_world(cast) -> dict:
    ensure_default_awards()
    station = StationFactory(region=region("330302"))
    kind = AwardKind.objects.get(code="excellent_station")
    deciding = AwardRound.objects.create(year=2019)
    nomination = Nomination.objects.create(round=deciding, kind=kind, station=station, rank=1)
    published = AwardRound.objects.create(
        year=2018,
        status=AwardRoundStatus.PUBLISHED,
        published_at=timezone.make_aware(datetime.datetime(2019, 3, 1, 10)),
    )
    award = Nomination.objects.create(
        round=published,
        kind=kind,
        station=station,
        rank=1,
        status=NominationStatus.ACCEPTED,
        certificate_number="WZFCBZ20180001",
    )
    return {"awards_nomination": nomination, "awards_award": award}


URL_SPECS = {
    "governance:commendations": expect(ok=GOVERNANCE_READERS),
    "governance:commendation_open": expect(
        ok=MANAGERS, method="post", data={"year": "2017"}, success=(302,)
    ),
    "governance:commendation_round": expect(ok=GOVERNANCE_READERS, args=lambda world: [2019]),
    "governance:commendation_publish": expect(
        ok=MANAGERS, method="post", args=lambda world: [2019], success=(302,)
    ),
    "governance:nomination_decide": expect(
        ok=MANAGERS,
        method="post",
        data={"decision": "accepted"},
        success=(302,),
        args=lambda world: [world["awards_nomination"].pk],
    ),
    "governance:commendation_certificate": expect(
        ok=CENTER_READERS | {"lucheng", "inspector"},
        hidden={"ruian", "owner"},
        args=lambda world: [world["awards_award"].pk],
    ),
}
