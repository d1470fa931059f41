import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fucai.core.tests.factories import region
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(cast):
    StationFactory.create_batch(3, region=region("330302"))
    StationFactory(region=region("330302"), status="closed")
    StationFactory.create_batch(2, region=region("330381"))
    StationFactory(region=region("330381"), status="preparing", opened_on=None)


def _map(response) -> dict[str, int]:
    body = response.content.decode()
    match = re.search(r'<script id="region-map-data"[^>]*>(.*?)</script>', body, re.S)
    data = json.loads(match.group(1))
    return {row["name"]: row["value"] for row in data}


def test_the_leader_sees_the_whole_network(client, cast, network):
    client.force_login(cast["leader"])
    response = client.get(reverse("dashboard:home"))
    totals = response.context["totals"]
    assert (totals["total"], totals["active"], totals["closed"], totals["preparing"]) == (
        7,
        5,
        1,
        1,
    )
    assert _map(response)["鹿城区"] == 3 and _map(response)["瑞安市"] == 2


def test_a_branch_user_sees_only_their_district(client, cast, network):
    client.force_login(cast["ruian"])
    response = client.get(reverse("dashboard:home"))
    assert response.context["totals"]["active"] == 2
    assert _map(response) == {"瑞安市": 2}


def test_roles_without_station_access_see_no_figures(client, cast, network):
    client.force_login(cast["party"])
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert not response.context["can_view_stations"]
    assert 'id="region-map-data"' not in response.content.decode()


def test_the_overview_costs_a_fixed_number_of_queries(client, cast, network):
    client.force_login(cast["leader"])
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("dashboard:home"))
    StationFactory.create_batch(20, region=region("330303"))
    cache.clear()  # sales figures are cached (fucai.sales.figures): compute them again
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("dashboard:home"))
    # 9: the KPIs read the last day with data (one query) to compare like days.
    assert len(after) == len(before) <= 9


def test_longgang_is_drawn_inside_cangnan_on_the_map(client, cast):
    StationFactory.create_batch(2, region=region("330383"))
    StationFactory(region=region("330327"))
    client.force_login(cast["leader"])
    response = client.get(reverse("dashboard:home"))
    assert _map(response)["苍南县"] == 3
    assert "龙港市" not in _map(response)
    assert [r["active"] for r in response.context["regions"] if r["code"] == "330383"] == [2]
