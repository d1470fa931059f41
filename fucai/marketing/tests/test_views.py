"""The marketing pages: what each role sees and does, in few queries."""

import pytest
from django.urls import reverse

from fucai.core.tests.factories import region
from fucai.marketing.choices import CampaignStatus, RequestStatus
from fucai.marketing.models import CampaignStation
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from .factories import CampaignFactory, MaterialFactory, MaterialRequestFactory

pytestmark = pytest.mark.django_db

LIFT = {
    "estimate": 8.2,
    "low": 5.1,
    "high": 11.3,
    "reason": "",
    "unit": "percent",
    "weeks": 4,
    "days": 28,
    "pre_weeks": 8,
    "through": "2019-09-29",
    "participants": 20,
    "matched": 20,
    "controls": 31,
    "method": "matched-did-bootstrap",
    "series": {
        "weeks": ["2019-08-26", "2019-09-02"],
        "start": "2019-09-02",
        "participants": [100, 110],
        "controls": [100, 101],
    },
}


def _campaign(**kwargs):
    campaign = CampaignFactory(status=CampaignStatus.FINISHED, **kwargs)
    campaign.regions.set([region("330302")])
    return campaign


def test_the_campaign_page_states_the_lift_with_its_interval(client, cast):
    campaign = _campaign(lift=LIFT)
    client.force_login(cast["leader"])
    response = client.get(reverse("marketing:campaign", args=[campaign.pk]))
    text = response.content.decode()
    assert "4 周内 +8.2% ± 3.1%" in text
    assert "95% 置信区间 +5.1% 至 +11.3%" in text
    assert 'id="lift-series"' in text


def test_too_few_controls_is_said_and_no_figure_shown(client, cast):
    campaign = _campaign(lift={"estimate": None, "reason": "too_few_controls"})
    client.force_login(cast["marketing"])
    text = client.get(reverse("marketing:campaign", args=[campaign.pk])).content.decode()
    assert "可比站点太少" in text and "±" not in text


def test_the_api_returns_null_lift_with_a_reason(client, cast):
    _campaign(lift={"estimate": None, "reason": "too_few_controls"})
    _campaign(lift=LIFT)
    client.force_login(cast["marketing"])
    body = client.get("/api/marketing/campaigns").json()
    assert body["count"] == 2
    lifts = sorted((i["lift"] or {}).get("estimate", -1) for i in body["items"])
    assert lifts == [-1, 8.2]
    reasons = {i["lift_reason"] for i in body["items"]}
    assert reasons == {None, "too_few_controls"}


def test_a_district_sees_only_its_campaigns(client, cast):
    campaign = _campaign()
    client.force_login(cast["ruian"])
    assert client.get(reverse("marketing:campaign", args=[campaign.pk])).status_code == 404
    assert client.get("/api/marketing/campaigns").json()["count"] == 0


def test_the_campaign_list_is_a_few_queries(client, cast, django_assert_max_num_queries):
    for _ in range(15):
        campaign = _campaign(lift=LIFT)
        CampaignStation.objects.create(campaign=campaign, station=StationFactory())
    client.force_login(cast["marketing"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("marketing:index"))
    assert response.status_code == 200


def test_the_owner_sees_only_their_requests(client, cast):
    owned = StationFactory(owner=StationOwnerFactory(user=cast["owner"]))
    mine = MaterialRequestFactory(station=owned, status=RequestStatus.DELIVERED)
    other = MaterialRequestFactory()
    client.force_login(cast["owner"])
    text = client.get(reverse("marketing:requests")).content.decode()
    assert reverse("marketing:request", args=[mine.pk]) in text
    assert reverse("marketing:request", args=[other.pk]) not in text
    assert client.get(reverse("marketing:request", args=[other.pk])).status_code == 404
    response = client.post(reverse("marketing:request_confirm", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == RequestStatus.CONFIRMED


def test_an_owner_cannot_request_for_a_station_not_theirs(client, cast):
    StationFactory(owner=StationOwnerFactory(user=cast["owner"]))
    other = StationFactory()
    material = MaterialFactory()
    client.force_login(cast["owner"])
    response = client.post(
        reverse("marketing:request_create"),
        {"station": other.pk, "material": material.pk, "quantity": 3},
    )
    assert response.status_code == 400
    assert not other.material_requests.exists()


def test_a_district_sees_the_stock_but_links_only_its_own_requests(client, cast):
    from fucai.marketing.models import StockMovement

    material = MaterialFactory()
    mine = MaterialRequestFactory(
        material=material, station=StationFactory(region=region("330302"))
    )
    theirs = MaterialRequestFactory(
        material=material, station=StationFactory(region=region("330381"))
    )
    for item in (mine, theirs):
        StockMovement.objects.create(material=material, kind="delivery", quantity=-5, request=item)
    client.force_login(cast["lucheng"])
    text = client.get(reverse("marketing:material", args=[material.pk])).content.decode()
    assert reverse("marketing:request", args=[mine.pk]) in text
    assert reverse("marketing:request", args=[theirs.pk]) not in text
    assert theirs.station.code not in text
