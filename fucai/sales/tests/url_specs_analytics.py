"""Permission-matrix entries of the sales analytics, finance and targets pages."""

from fucai.core import roles, scope
from fucai.core.testing.matrix import spec
from fucai.core.tests.factories import region
from fucai.sales.models import SalesTarget


def make_world(cast) -> dict:
    """A yearly target of 鹿城, the object the delete URL names."""
    target = SalesTarget.objects.create(year=2019, region=region("330302"), amount_fen=10**9)
    return {"sales_target": target}


def _sees_target(user, world) -> bool:
    # Decided from the scope, not by looking the target up: the delete (run before the
    # expectation is computed) removes it.
    regions = scope.region_ids(user)
    return regions is scope.ALL or world["sales_target"].region_id in (regions or ())


URL_SPECS = {
    "sales:overview": spec(roles.VIEW_SALES),
    "sales:ranking": spec(roles.VIEW_SALES),
    "sales:daily": spec(roles.VIEW_SALES),
    "sales:welfare": spec(roles.VIEW_SALES),
    "sales:targets": spec(roles.VIEW_SALES),
    "sales:target_set": spec(
        roles.MANAGE_GAMES,
        method="post",
        ok=(302,),
        data={"year": "2019", "region": "330381", "amount": "500"},
    ),
    "sales:target_delete": spec(
        roles.MANAGE_GAMES,
        method="post",
        args=lambda world: [world["sales_target"].pk],
        visible=_sees_target,
        ok=(302,),
    ),
}
