"""Permission-matrix rows of the marketing app (see fucai.core.testing.matrix).

The world: a running campaign in 鹿城 with one 鹿城 station (the owner's), a material
in stock, the owner's material requests (one requested, one approved, one delivered)
and instant-ticket orders (requested, approved, delivered). Marketing reads and acts;
leadership, station management and the district staff read (district staff only
their districts: a campaign of 鹿城 is hidden from 瑞安); the owner requests and
orders for their own station and confirms deliveries."""

from fucai.core.testing.matrix import expect
from fucai.core.tests.factories import region
from fucai.marketing.choices import CampaignStatus, OrderStatus, RequestStatus
from fucai.marketing.models import CampaignStation
from fucai.sales.tests.factories import game
from fucai.stations.models import StationOwner
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from .factories import CampaignFactory, MaterialFactory, MaterialRequestFactory, TicketOrderFactory


def make_world(cast) -> dict:
    # The owner login may already hold a station of another app's world (one owner
    # record per login): this one is theirs too.
    owner = StationOwner.objects.filter(user=cast["owner"]).first() or StationOwnerFactory(
        user=cast["owner"]
    )
    station = StationFactory(region=region("330302"), owner=owner)
    campaign = CampaignFactory(status=CampaignStatus.RUNNING)
    campaign.regions.set([region("330302")])
    campaign.games.set([game("SSQ")])
    CampaignStation.objects.create(campaign=campaign, station=station)
    material = MaterialFactory(stock=1000)

    def request(status):
        return MaterialRequestFactory(station=station, material=material, status=status)

    def order(status):
        return TicketOrderFactory(station=station, status=status)

    return {
        "mk_station": station,
        "mk_campaign": campaign,
        "mk_material": material,
        "mk_requested": request(RequestStatus.REQUESTED),
        "mk_approved": request(RequestStatus.APPROVED),
        "mk_delivered": request(RequestStatus.DELIVERED),
        "mk_cancel": request(RequestStatus.REQUESTED),
        "mk_order": order(OrderStatus.REQUESTED),
        "mk_order_approved": order(OrderStatus.APPROVED),
        "mk_order_delivered": order(OrderStatus.DELIVERED),
    }


READERS = {"leader", "stations", "marketing", "lucheng", "ruian"}
MARKETING = {"marketing"}
OWNERS = {"owner"}
# Requests and orders: the readers and the owner; 瑞安 sees none of 鹿城's rows.
ROWS = {"leader", "stations", "marketing", "lucheng", "owner"}


def _pk(key):
    return lambda world: [world[key].pk]


def _post(ok=MARKETING, success=(302,), **kwargs):
    return expect(ok=ok, method="post", success=success, **kwargs)


_campaign = {"args": _pk("mk_campaign")}

URL_SPECS = {
    "marketing:index": expect(ok=READERS),
    "marketing:campaign_create": expect(ok=MARKETING),
    "marketing:campaign": expect(ok=READERS - {"ruian"}, hidden={"ruian"}, **_campaign),
    "marketing:campaign_edit": expect(ok=MARKETING, **_campaign),
    "marketing:campaign_stations_add": _post(data={"kind": "computer"}, **_campaign),
    "marketing:campaign_station_remove": _post(
        args=lambda world: [world["mk_campaign"].pk, world["mk_station"].pk]
    ),
    "marketing:campaign_start": _post(**_campaign),
    "marketing:campaign_finish": _post(**_campaign),
    "marketing:campaign_measure": _post(**_campaign),
    "marketing:materials": expect(ok=READERS),
    "marketing:material_create": _post(
        data={"name": "刮刮乐展架", "kind": "display", "unit": "个"}
    ),
    "marketing:material": expect(ok=READERS, args=_pk("mk_material")),
    "marketing:material_stock": _post(data={"quantity": "10"}, args=_pk("mk_material")),
    "marketing:requests": expect(ok=READERS | OWNERS),
    "marketing:request_create": expect(ok=MARKETING | OWNERS),
    "marketing:request": expect(ok=ROWS, hidden={"ruian"}, args=_pk("mk_requested")),
    "marketing:request_approve": _post(args=_pk("mk_requested")),
    "marketing:request_reject": _post(data={"reason": "库存不足"}, args=_pk("mk_requested")),
    "marketing:request_deliver": _post(args=_pk("mk_approved")),
    "marketing:request_confirm": _post(ok=OWNERS, args=_pk("mk_delivered")),
    "marketing:request_cancel": _post(ok=MARKETING | OWNERS, args=_pk("mk_cancel")),
    "marketing:orders": expect(ok=READERS | OWNERS),
    "marketing:order_create": expect(ok=MARKETING | OWNERS),
    "marketing:order": expect(ok=ROWS, hidden={"ruian"}, args=_pk("mk_order")),
    "marketing:order_approve": _post(args=_pk("mk_order")),
    "marketing:order_reject": _post(data={"reason": "额度不足"}, args=_pk("mk_order")),
    "marketing:order_deliver": _post(args=_pk("mk_order_approved")),
    "marketing:order_settle": _post(args=_pk("mk_order_delivered")),
    "GET /api/marketing/campaigns": expect(ok=READERS, anonymous="unauthorized"),
}
