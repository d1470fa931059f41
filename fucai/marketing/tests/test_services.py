"""Campaigns, materials and instant-ticket orders through their services."""

import datetime
import random
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from fucai.core.models import AuditEntry
from fucai.core.tests.factories import region
from fucai.marketing import effect
from fucai.marketing.choices import CampaignStatus, OrderStatus, RequestStatus
from fucai.marketing.models import Material, StockMovement
from fucai.marketing.selectors import ticket_stock
from fucai.marketing.services import campaigns, supplies, tickets
from fucai.sales.models import SalesDay
from fucai.sales.tests.factories import game
from fucai.stations.models import Station
from fucai.stations.tests.factories import StationFactory

from .factories import CampaignFactory, MaterialFactory, MaterialRequestFactory, TicketOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(cast):
    station = StationFactory(region=region("330302"))
    station.owner.user = cast["owner"]
    station.owner.save()
    return station


def test_stock_is_the_sum_of_movements_and_cannot_go_negative(cast, owned):
    material = MaterialFactory()
    supplies.material_receive(acting_user=cast["marketing"], material=material, quantity=10)
    request = supplies.material_request_create(
        acting_user=cast["owner"], station=owned, material=material, quantity=8
    )
    supplies.material_request_approve(acting_user=cast["marketing"], request=request)
    supplies.material_request_deliver(acting_user=cast["marketing"], request=request)
    material.refresh_from_db()
    assert material.stock == 2
    assert sum(m.quantity for m in StockMovement.objects.filter(material=material)) == 2
    second = MaterialRequestFactory(station=owned, material=material, quantity=3)
    supplies.material_request_approve(acting_user=cast["marketing"], request=second)
    with pytest.raises(ValidationError, match="2"):
        supplies.material_request_deliver(acting_user=cast["marketing"], request=second)
    second.refresh_from_db()
    material.refresh_from_db()
    assert (second.status, material.stock) == (RequestStatus.APPROVED, 2)


def test_the_owner_confirms_delivery_and_every_step_is_audited(cast, owned):
    material = MaterialFactory(stock=0)
    supplies.material_receive(acting_user=cast["marketing"], material=material, quantity=5)
    request = supplies.material_request_create(
        acting_user=cast["owner"], station=owned, material=material, quantity=5
    )
    with pytest.raises(ValidationError):  # not delivered yet
        supplies.material_request_confirm(acting_user=cast["owner"], request=request)
    supplies.material_request_approve(acting_user=cast["marketing"], request=request)
    supplies.material_request_deliver(acting_user=cast["marketing"], request=request)
    request = supplies.material_request_confirm(acting_user=cast["owner"], request=request)
    assert request.status == RequestStatus.CONFIRMED and request.confirmed_at
    assert AuditEntry.objects.filter(object_id=str(request.pk), action="transition").count() == 3


def test_an_owner_cannot_request_for_another_station_nor_approve(cast, owned):
    material = MaterialFactory()
    other = StationFactory()
    with pytest.raises(PermissionDenied):
        supplies.material_request_create(
            acting_user=cast["owner"], station=other, material=material, quantity=1
        )
    request = MaterialRequestFactory(station=owned, material=material)
    with pytest.raises(PermissionDenied):
        supplies.material_request_approve(acting_user=cast["owner"], request=request)


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_racing_for_the_last_stock_cannot_both_win(cast):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    material = MaterialFactory()
    supplies.material_receive(acting_user=cast["marketing"], material=material, quantity=5)
    requests = [MaterialRequestFactory(material=material, quantity=4) for _ in range(2)]
    for request in requests:
        supplies.material_request_approve(acting_user=cast["marketing"], request=request)
    outcomes = []
    barrier = threading.Barrier(2)

    def deliver(request):
        barrier.wait()
        try:
            supplies.material_request_deliver(acting_user=cast["marketing"], request=request)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Material.objects.get(pk=material.pk).stock == 1


def test_ticket_orders_move_request_approve_deliver_settle_and_make_the_stock(cast, owned):
    order = tickets.ticket_order_create(
        acting_user=cast["owner"], station=owned, game=game("GGL"), books=4, book_value_fen=30_000
    )
    assert order.amount_fen == 120_000
    second = TicketOrderFactory(station=owned, books=2)
    for o in (order, second):
        tickets.ticket_order_approve(acting_user=cast["marketing"], order=o)
        tickets.ticket_order_deliver(acting_user=cast["marketing"], order=o)
    tickets.ticket_order_settle(acting_user=cast["marketing"], order=order)
    [row] = ticket_stock(cast["owner"])
    assert (row["delivered_books"], row["settled_books"], row["on_hand_books"]) == (6, 4, 2)
    assert row["on_hand_fen"] == 60_000
    with pytest.raises(ValidationError):
        tickets.ticket_order_settle(acting_user=cast["marketing"], order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.SETTLED


def test_only_instant_games_are_ordered(cast, owned):
    with pytest.raises(ValidationError):
        tickets.ticket_order_create(
            acting_user=cast["owner"], station=owned, game=game("SSQ"), books=1, book_value_fen=1
        )


def test_campaign_stations_must_be_active_and_in_its_districts(cast):
    campaign = campaigns.campaign_create(
        acting_user=cast["marketing"],
        name="派奖",
        kind="bonus",
        starts_on=datetime.date(2019, 9, 2),
        ends_on=datetime.date(2019, 9, 29),
        budget_fen=1_000_000,
        regions=[region("330302")],
        games=[game("SSQ")],
    )
    inside = StationFactory(region=region("330302"))
    outside = StationFactory(region=region("330381"))
    with pytest.raises(ValidationError):
        campaigns.campaign_add_stations(
            acting_user=cast["marketing"], campaign=campaign, stations=[outside]
        )
    assert (
        campaigns.campaign_add_stations(
            acting_user=cast["marketing"], campaign=campaign, stations=[inside, inside]
        )
        == 1
    )
    with pytest.raises(PermissionDenied):
        campaigns.campaign_add_stations(
            acting_user=cast["lucheng"], campaign=campaign, stations=[inside]
        )


def _sales(stations, start, weeks, uplift, rng):
    rows = []
    for station, level in stations:
        for day in range(-56, weeks * 7):
            date = start + datetime.timedelta(days=day)
            factor = (1 + uplift) if day >= 0 and uplift else 1
            value = int(level * factor * rng.lognormvariate(0, 0.1))
            rows.append(SalesDay(station=station, game=game("SSQ"), date=date, sales_fen=value))
    SalesDay.objects.bulk_create(rows)


def test_finishing_a_campaign_measures_its_lift_from_the_sales(cast):
    rng = random.Random(5)
    start = datetime.date(2019, 9, 2)
    campaign = CampaignFactory(starts_on=start, ends_on=start + datetime.timedelta(days=27))
    campaign.regions.set([region("330302")])
    campaign.games.set([game("SSQ")])
    treated = [(StationFactory(region=region("330302")), rng.uniform(2e5, 4e5)) for _ in range(12)]
    control = [(StationFactory(region=region("330302")), rng.uniform(2e5, 4e5)) for _ in range(24)]
    _sales(treated, start, 4, 0.15, rng)
    _sales(control, start, 4, 0.0, rng)
    campaigns.campaign_add_stations(
        acting_user=cast["marketing"], campaign=campaign, stations=[s for s, _ in treated]
    )
    campaigns.campaign_start(acting_user=cast["marketing"], campaign=campaign)
    campaign = campaigns.campaign_finish(acting_user=cast["marketing"], campaign=campaign)
    lift = campaign.lift
    assert campaign.status == CampaignStatus.FINISHED
    assert lift["low"] < 15 < lift["high"], lift
    assert lift["weeks"] == 4 and lift["controls"] >= 5
    assert len(lift["series"]["weeks"]) == len(lift["series"]["participants"]) == 12


def test_stations_not_open_through_the_window_are_not_controls(cast):
    """A station opened three weeks into the pre-period averages its pre-period over
    days it could not sell: its pre level looks like a participant's and its change
    like a boom. As a control it would pull the lift far below the true +15%."""
    rng = random.Random(8)
    start = datetime.date(2019, 9, 2)
    opened = start - datetime.timedelta(weeks=3)
    campaign = CampaignFactory(starts_on=start, ends_on=start + datetime.timedelta(days=27))
    campaign.regions.set([region("330302")])
    campaign.games.set([game("SSQ")])
    treated = [(StationFactory(region=region("330302")), rng.uniform(2e5, 4e5)) for _ in range(12)]
    control = [(StationFactory(region=region("330302")), rng.uniform(2e5, 4e5)) for _ in range(24)]
    # Eight times the level for 21 of the 56 days: a pre-period average like the others'.
    late = [
        (StationFactory(region=region("330302"), opened_on=opened), rng.uniform(2e5, 4e5) * 8 / 3)
        for _ in range(12)
    ]
    _sales(treated, start, 4, 0.15, rng)
    _sales(control + late, start, 4, 0.0, rng)
    SalesDay.objects.filter(station__in=[s for s, _ in late], date__lt=opened).delete()
    campaigns.campaign_add_stations(
        acting_user=cast["marketing"], campaign=campaign, stations=[s for s, _ in treated]
    )
    lift = effect.measure(campaign)
    assert lift["low"] < 15 < lift["high"], lift
    # And the same stations opened before the window count as controls again.
    Station.objects.filter(pk__in=[s.pk for s, _ in late]).update(
        opened_on=start - datetime.timedelta(weeks=9)
    )
    assert effect.measure(campaign)["estimate"] < 0


def test_a_campaign_covering_every_station_makes_no_claim(cast):
    rng = random.Random(6)
    start = datetime.date(2019, 9, 2)
    campaign = CampaignFactory(starts_on=start, status=CampaignStatus.RUNNING)
    campaign.regions.set([region("330302")])
    campaign.games.set([game("SSQ")])
    treated = [(StationFactory(region=region("330302")), 3e5) for _ in range(10)]
    _sales(treated, start, 4, 0.15, rng)
    campaigns.campaign_add_stations(
        acting_user=cast["marketing"], campaign=campaign, stations=[s for s, _ in treated]
    )
    campaign = campaigns.campaign_measure(acting_user=cast["marketing"], campaign=campaign)
    assert campaign.lift["estimate"] is None
    assert campaign.lift["reason"] == "too_few_controls"


def test_a_district_with_participants_stays_and_a_finished_campaign_is_not_edited(cast):
    campaign = CampaignFactory()
    campaign.regions.set([region("330302"), region("330381")])
    campaigns.campaign_add_stations(
        acting_user=cast["marketing"],
        campaign=campaign,
        stations=[StationFactory(region=region("330381"))],
    )
    fields = {"regions": [region("330302")], "games": [game("SSQ")], "name": "改名"}
    with pytest.raises(ValidationError):
        campaigns.campaign_update(acting_user=cast["marketing"], campaign=campaign, **fields)
    campaign.status = CampaignStatus.FINISHED
    campaign.save()
    fields["regions"] = [region("330302"), region("330381")]
    with pytest.raises(ValidationError):
        campaigns.campaign_update(acting_user=cast["marketing"], campaign=campaign, **fields)
