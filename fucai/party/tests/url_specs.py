"""Permission-matrix rows of the party app (see fucai.core.testing.matrix).

The world: a branch with a member linked to the seller's account, and a held activity.
Party building is the party-affairs office's (it reads and writes) and leadership's
(it reads); nobody else sees a member's record, except their own through "my party
record", open to everyone with the staff site."""

from fucai.core.testing.matrix import STAFF_SITE, expect

from .factories import ActivityFactory, BranchFactory, MemberFactory


def make_world(cast) -> dict:
    branch = BranchFactory(name="机关党支部")
    member = MemberFactory(branch=branch, user=cast["seller"])
    activity = ActivityFactory(branch=branch)
    return {"party_member": member, "party_activity": activity}


READERS = {"leader", "party"}
CLERK = {"party"}


def _pk(key):
    return lambda world: [world[key].pk]


def _api(**kwargs):
    return expect(anonymous="unauthorized", **kwargs)


_member = {"args": _pk("party_member")}
_activity = {"args": _pk("party_activity")}

URL_SPECS = {
    "party:index": expect(ok=READERS),
    "party:compliance": expect(ok=READERS),
    "party:my_record": expect(ok=STAFF_SITE),
    "party:members": expect(ok=READERS),
    "party:member_create": expect(ok=CLERK),
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
    "GET /api/party/members": _api(ok=READERS),
    "GET /api/party/activities": _api(ok=READERS, data={"year": "2019", "type": "committee"}),
}
