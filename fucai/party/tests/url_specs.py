"""Permission-matrix rows of the party app (see fucai.core.testing.matrix).

The world: a branch with a member linked to the seller's account, and a held activity.
Party building is the party-affairs office's (it reads and writes) and leadership's
(it reads); nobody else sees a member's record, except their own through "my party
record", open to everyone with the staff site."""

from django.core.files.base import ContentFile

from fucai.charity.tests.factories import image_upload
from fucai.core.testing.matrix import STAFF_SITE, expect

from ..models import ActivityPhoto, EvaluationRound
from .factories import ActivityFactory, BranchFactory, MemberFactory


def make_world(cast) -> dict:
    branch = BranchFactory(name="机关党支部")
    member = MemberFactory(branch=branch, user=cast["seller"])
    activity = ActivityFactory(branch=branch)
    photo = ActivityPhoto(activity=activity, caption="合影")
    photo.file.save("p.jpg", ContentFile(image_upload().read()), save=True)
    evaluation = EvaluationRound.objects.create(branch=branch, year=2019)
    return {
        "party_member": member,
        "party_activity": activity,
        "party_photo": photo,
        "party_round": evaluation,
        "party_branch": branch,
    }


READERS = {"leader", "party"}
CLERK = {"party"}


def _pk(key):
    return lambda world: [world[key].pk]


def _api(**kwargs):
    return expect(anonymous="unauthorized", **kwargs)


_member = {"args": _pk("party_member")}
_activity = {"args": _pk("party_activity")}
_round = {"args": _pk("party_round")}


def _post(**kwargs):
    return expect(ok=CLERK, method="post", success=(302,), **kwargs)


URL_SPECS = {
    "party:index": expect(ok=READERS),
    "party:compliance": expect(ok=READERS),
    "party:my_record": expect(ok=STAFF_SITE),
    "party:members": expect(ok=READERS),
    "party:member_create": expect(ok=CLERK),
    "party:branch_create": expect(ok=CLERK),
    "party:branch_edit": expect(ok=CLERK, args=_pk("party_branch")),
    "party:member": expect(ok=READERS, **_member),
    "party:birthday_card": expect(ok=READERS, **_member),
    "party:member_full": expect(ok=CLERK, method="post", success=(302,), **_member),
    "party:member_transfer": expect(
        ok=CLERK,
        method="post",
        success=(302,),
        data={"on": "2019-05-01", "organization": "市民政局党支部"},
        **_member,
    ),
    "party:activities": expect(ok=READERS),
    "party:activity_create": expect(ok=CLERK),
    "party:activity": expect(ok=READERS, **_activity),
    "party:activity_record": expect(ok=CLERK, **_activity),
    "party:member_post": _post(**_member),
    "party:study_add": _post(**_member),
    "party:pioneer_add": _post(**_member),
    "party:photo_add": _post(**_activity),
    "party:photo": expect(ok=READERS, args=lambda w: [w["party_activity"].pk, w["party_photo"].pk]),
    "party:evaluations": expect(ok=READERS),
    "party:evaluation": expect(ok=READERS, **_round),
    "party:evaluation_decide": _post(**_round),
    "party:evaluation_assess": _post(**_round),
    "party:evaluation_close": _post(**_round),
    "GET /api/party/members": _api(ok=READERS),
    "GET /api/party/activities": _api(ok=READERS, data={"year": "2019", "type": "committee"}),
}
