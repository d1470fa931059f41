"""Drill-downs keep their context; a bad filter value is reported and ignored alone;
pages default to the latest period with data (the demo's data end years before
"today")."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from fucai.sales.tests.factories import SalesDayFactory, game
from fucai.stations.tests.factories import StationFactory

from .test_selectors import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    return build_world(cast)


def _get(client, user, name, **params):
    client.force_login(user)
    return client.get(reverse(name), params)


def _drill_href(response, code: str) -> str:
    body = response.content.decode()
    match = re.search(rf'<a href="([^"]*)" data-testid="drill-{code}">', body)
    assert match, f"no drill-down link for {code}"
    return match.group(1).replace("&amp;", "&")


def test_the_district_drill_down_keeps_the_year_and_the_other_filters(client, cast, world):
    response = _get(client, cast["leader"], "sales:overview", year=2018, game="SSQ")
    href = _drill_href(response, "330302")
    assert "year=2018" in href and "game=SSQ" in href and "region=330302" in href
    assert href.count("region=") == 1


def test_following_the_drill_down_shows_the_district_not_the_city(client, cast, world):
    response = _get(client, cast["leader"], "sales:overview")  # the default period
    href = _drill_href(response, "330302")
    assert "year=2019" in href
    drilled = client.get(reverse("sales:overview") + href)
    assert drilled.context["filters"].region.code == "330302"
    assert drilled.context["totals"]["sales_fen"] == 400_000  # 鹿城 only, not 640,000
    assert drilled.context["period"].year == 2019


def test_one_invalid_filter_is_reported_and_the_others_still_apply(client, cast, world):
    response = _get(
        client, cast["leader"], "sales:overview", year=2019, region="330302", game="NOPE"
    )
    assert response.status_code == 200
    assert response.context["totals"]["sales_fen"] == 400_000  # 鹿城 kept
    body = response.content.decode()
    errors = re.search(r'data-testid="filter-errors">(.*?)</div>', body, re.S).group(1)
    assert "玩法" in errors and "其他筛选条件仍然有效" in errors


def test_a_district_outside_the_scope_is_refused_and_the_year_kept(client, cast, world):
    response = _get(client, cast["lucheng"], "sales:overview", year=2018, region="330381")
    assert response.context["period"].year == 2018
    assert response.context["filters"].region is None
    assert response.context["totals"]["sales_fen"] == 100_000  # 鹿城 2018, the own scope
    assert 'data-testid="filter-errors"' in response.content.decode()


def test_the_tabs_keep_the_filters(client, cast, world):
    response = _get(client, cast["leader"], "sales:overview", year=2018, region="330302")
    body = response.content.decode().replace("&amp;", "&")
    assert f'href="{reverse("sales:ranking")}?year=2018&region=330302"' in body


def test_the_games_page_defaults_to_the_latest_year_with_data(client, cast, world):
    response = _get(client, cast["leader"], "sales:game_list")
    assert response.context["year"] == 2019
    assert response.context["total_sales"] == 640_000
    assert "数据截至 2019-02-28" in response.content.decode()


def test_the_daily_page_defaults_to_the_last_days_with_data(client, cast, world):
    SalesDayFactory(station=world["l1"], game=game("SSQ"), date=datetime.date(2019, 2, 10))
    response = _get(client, cast["leader"], "sales:daily")
    assert response.status_code == 200
    assert response.context["end"] == datetime.date(2019, 2, 10)
    assert [d["date"] for d in response.context["days"] if d["sales_fen"]] == [
        datetime.date(2019, 2, 10)
    ]


def test_the_station_list_keeps_valid_filters_beside_an_invalid_one(client, cast, world):
    response = _get(client, cast["leader"], "stations:list", region="330302", status="bogus")
    assert response.status_code == 200
    codes = {row.code for row in response.context["object_list"]}
    assert codes == {"33030001", "33030002"}  # 鹿城 only: the district filter stayed
    assert 'data-testid="filter-errors"' in response.content.decode()


def test_pagination_links_keep_every_filter(client, cast):
    StationFactory.create_batch(3)
    request = RequestFactory().get("/stations/", {"region": "330302", "q": "站", "page": 2})
    request.GET = request.GET.copy()
    request.GET["export"] = "xlsx"
    template = Template(
        "{% load fucai %}{% page_url 3 %}|{% query_update region='330381' page=None %}"
    )
    page, drill = template.render(Context({"request": request})).split("|")
    assert "region=330302" in page and "q=" in page and "page=3" in page
    assert "export" not in page
    assert "region=330381" in drill and "page" not in drill and "q=" in drill


@pytest.mark.parametrize(
    ("name", "role", "params", "kept"),
    [
        ("core:audit", "admin", {"action": "bogus", "actor": "leader"}, ("actor", "leader")),
        ("recruitment:queue", "stations", {"status": "bogus", "q": "ABC"}, ("q", "ABC")),
    ],
)
def test_every_list_reports_a_bad_filter_and_keeps_the_others(
    client, cast, name, role, params, kept
):
    response = _get(client, cast[role], name, **params)
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' in response.content.decode()
    field, value = kept
    assert response.context["filter_form"].cleaned_data[field] == value
