"""Permission-matrix rows of the visits and annual-review pages (topic "review").

The world: a visit (with an open follow-up) and a computed annual review of a 鹿城
station, logged by the station management department. 鹿城's staff and the inspector
attached to the 鹿城 branch reach them; 瑞安's staff and the owner (of a 瑞安 station,
see the stations rows) find no such visit or review (404)."""

from fucai.core.testing.matrix import CENTER_READERS, expect
from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

from ..models import VisitPurpose
from .factories import AnnualReviewFactory, VisitFactory, VisitFollowUpFactory

# Who reads supervision: the center, both districts, the inspector and owners (their
# own station's rows only).
GOVERNANCE_READERS = CENTER_READERS | {"lucheng", "ruian", "inspector", "owner"}
# Who logs visits (三服务三助力): the departments and the districts.
VISITORS = {"stations", "finance", "charity", "marketing", "lucheng", "ruian"}


def make_world(cast) -> dict:
    station = StationFactory(region=region("330302"))
    visit = VisitFactory(station=station, visitor=cast["stations"])
    return {
        "review_visit": visit,
        "review_follow_up": VisitFollowUpFactory(visit=visit),
        "review_review": AnnualReviewFactory(station=station),
        "review_purpose": VisitPurpose.objects.order_by("pk").first(),
    }


def _pk(key):
    return {"args": lambda world: [world[key].pk]}


URL_SPECS = {
    "governance:visits": expect(ok=GOVERNANCE_READERS),
    "governance:visit_create": expect(ok=VISITORS),
    "governance:visit_detail": expect(
        ok=CENTER_READERS | {"lucheng", "inspector"},
        hidden={"ruian", "owner"},
        **_pk("review_visit"),
    ),
    "governance:visit_follow_up_done": expect(
        ok=VISITORS - {"ruian"}, hidden={"ruian"}, **_pk("review_follow_up")
    ),
    "governance:visit_purposes": expect(ok={"stations", "admin"}),
    "governance:visit_purpose_edit": expect(
        ok={"stations", "admin"},
        method="post",
        success=(302,),
        data=lambda world: {"name": world["review_purpose"].name, "active": "on"},
        **_pk("review_purpose"),
    ),
    # Department plans are the center's business: not an owner's.
    "governance:visit_plan": expect(ok=GOVERNANCE_READERS - {"owner"}),
    "governance:visit_plan_set": expect(ok={"stations", "admin", "lucheng", "ruian"}),
    "governance:reviews": expect(ok=GOVERNANCE_READERS),
    "governance:review_summary": expect(ok=GOVERNANCE_READERS),
    "governance:review_compute": expect(
        ok={"stations"}, method="post", success=(302,), data={"year": 2019}
    ),
    "governance:review_detail": expect(
        ok=CENTER_READERS | {"lucheng", "inspector"},
        hidden={"ruian", "owner"},
        **_pk("review_review"),
    ),
    "governance:review_confirm": expect(ok={"stations"}, **_pk("review_review")),
}
