"""Permission-matrix rows of the rectify topic: rectification orders and violations.

The world: a 鹿城 station owned by ``owner`` with an open order (the owner may reply),
a replied order (an inspector may decide or close it; it has a photo) and a violation
with evidence. 瑞安's staff find none of them (404); the party office has the staff site
but not supervision (403)."""

from django.core.files.base import ContentFile

from fucai.core.testing.matrix import CENTER_READERS, expect
from fucai.core.tests.factories import region
from fucai.stations.models import StationOwner
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from ..choices import RectificationStatus
from ..models import RectificationPhoto, RectificationReply, ViolationEvidence
from .factories import PNG_BYTES, RectificationOrderFactory, ViolationFactory


def make_world(cast) -> dict:
    owner = StationOwner.objects.filter(user=cast["owner"]).first() or StationOwnerFactory(
        user=cast["owner"]
    )
    station = StationFactory(region=region("330302"), owner=owner)
    open_order = RectificationOrderFactory(station=station)
    replied = RectificationOrderFactory(station=station, status=RectificationStatus.REPLIED)
    reply = RectificationReply.objects.create(order=replied, text="已整改", author=cast["owner"])
    photo = RectificationPhoto(reply=reply, content_type="image/png", size=len(PNG_BYTES))
    photo.file.save("matrix.png", ContentFile(PNG_BYTES), save=True)
    violation = ViolationFactory(station=station)
    evidence = ViolationEvidence(violation=violation, content_type="image/png", size=67)
    evidence.file.save("matrix.png", ContentFile(PNG_BYTES), save=True)
    return {
        "rectify_open": open_order,
        "rectify_replied": replied,
        "rectify_photo": photo,
        "rectify_violation": violation,
        "rectify_evidence": evidence,
    }


def _pk(key):
    return lambda world: [world[key].pk]


# Read supervision: the center's departments, both districts, the inspector, the owner.
READERS = CENTER_READERS | {"lucheng", "ruian", "inspector", "owner"}
# Read one order or violation of the 鹿城 station: all but 瑞安 (404).
ON_LUCHENG = {"ok": READERS - {"ruian"}, "hidden": {"ruian"}}
# Verify, reject, close: who inspects (the 鹿城 branch and its inspector, the
# station-management department); 瑞安 finds no such order.
INSPECTORS = {"ok": {"stations", "lucheng", "inspector"}, "hidden": {"ruian"}}

URL_SPECS = {
    "governance:rectifications": expect(ok=READERS),
    "governance:rectification_detail": expect(**ON_LUCHENG, args=_pk("rectify_open")),
    "governance:rectification_pdf": expect(**ON_LUCHENG, args=_pk("rectify_replied")),
    "governance:rectification_photo": expect(**ON_LUCHENG, args=_pk("rectify_photo")),
    # Only the owner answers, and only their own station's orders.
    "governance:rectification_reply": expect(
        ok={"owner"},
        method="post",
        args=_pk("rectify_open"),
        data={"text": "已整改"},
        success=(302,),
    ),
    "governance:rectification_decide": expect(
        **INSPECTORS,
        method="post",
        args=_pk("rectify_replied"),
        data={"decision": "verify"},
        success=(302,),
    ),
    "governance:rectification_close": expect(
        **INSPECTORS,
        method="post",
        args=_pk("rectify_open"),
        data={"reason": "站点已退出"},
        success=(302,),
    ),
    "governance:violations": expect(ok=READERS),
    "governance:violation_detail": expect(**ON_LUCHENG, args=_pk("rectify_violation")),
    "governance:violation_evidence": expect(**ON_LUCHENG, args=_pk("rectify_evidence")),
    "governance:violation_create": expect(ok={"stations", "lucheng", "ruian", "inspector"}),
    # The registry's editors apply a penalty to the station (a warning changes nothing:
    # the page says so and returns).
    "governance:violation_apply_penalty": expect(
        ok={"stations", "admin", "lucheng"},
        hidden={"ruian"},
        method="post",
        args=_pk("rectify_violation"),
        success=(302,),
    ),
    "governance:penalties": expect(ok=READERS),
}
