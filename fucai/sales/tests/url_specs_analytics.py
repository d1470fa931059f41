"""Permission-matrix rows of the sales analytics, finance and targets pages: every
sales reader (the center and the districts, each within their scope) reads them;
targets are set and deleted by finance (and the administrator)."""

from fucai.core.testing.matrix import SALES_READERS, expect
from fucai.core.tests.factories import region
from fucai.sales.models import SalesTarget


def make_world(cast) -> dict:
    """A yearly target of 鹿城, the object the delete URL names."""
    target = SalesTarget.objects.create(year=2019, region=region("330302"), amount_fen=10**9)
    return {"sales_target": target}


FINANCE = {"finance", "admin"}

URL_SPECS = {
    "sales:overview": expect(ok=SALES_READERS),
    "sales:ranking": expect(ok=SALES_READERS),
    "sales:daily": expect(ok=SALES_READERS),
    "sales:welfare": expect(ok=SALES_READERS),
    "sales:targets": expect(ok=SALES_READERS),
    "sales:target_set": expect(
        ok=FINANCE,
        method="post",
        success=(302,),
        data={"year": "2019", "region": "330381", "amount": "500"},
    ),
    "sales:target_delete": expect(
        ok=FINANCE,
        method="post",
        args=lambda world: [world["sales_target"].pk],
        success=(302,),
    ),
}
