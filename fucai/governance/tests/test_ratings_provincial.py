"""The provincial step's pages: the city-starred list to nominate from (filters, many
ticked at once) and the province's reply (approved ticked, the others rejected or
left awaiting), each step logged and audited."""

import datetime

import pytest
from django.urls import reverse

from fucai.core import audit
from fucai.core.tests.factories import region
from fucai.governance.models import StarApplication, StarEvent
from fucai.governance.services import stars as services
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _published(cast, stars_by_district):
    """A 2019 round published with one application per (district, stars)."""
    round_ = services.star_round_open(
        acting_user=cast["stations"],
        year=2019,
        apply_from=D(2020, 1, 6),
        apply_until=D(2020, 1, 31),
    )
    applications = []
    for code, stars in stars_by_district:
        station = StationFactory(region=region(code))
        application = services.star_apply(
            acting_user=cast["stations"],
            round=round_,
            station=station,
            self_assessment={},
            stars_applied=stars,
            on=D(2020, 1, 15),
        )
        services.star_district_review(
            acting_user=cast["lucheng"] if code == "330302" else cast["ruian"],
            application=application,
            approve=True,
        )
        services.star_city_review(
            acting_user=cast["stations"],
            application=application,
            site_checked_on=D(2020, 2, 20),
            site_check="passed",
            stars=stars,
            comment="核定",
        )
        applications.append(application)
    services.star_round_publish(acting_user=cast["stations"], round=round_)
    return round_, [StarApplication.objects.get(pk=a.pk) for a in applications]


def _client(client, user):
    client.force_login(user)
    return client


def test_the_list_offers_only_published_stations_of_enough_stars_and_filters(cast, client):
    round_, apps = _published(cast, [("330302", 5), ("330302", 4), ("330302", 3), ("330381", 5)])
    url = reverse("governance:star_nominate_many", args=[round_.pk])
    page = _client(client, cast["stations"]).get(url)
    assert page.status_code == 200
    codes = {row.station__code for row in page.context["rows"]}
    assert codes == {apps[0].station.code, apps[1].station.code, apps[3].station.code}
    page = client.get(url, {"region": "330302", "stars": "5"})
    assert [row.station__code for row in page.context["rows"]] == [apps[0].station.code]
    assert "提名省级星级站点" in page.content.decode()


def test_nominating_the_ticked_stations_logs_and_audits_each(cast, client):
    round_, apps = _published(cast, [("330302", 5), ("330302", 4), ("330381", 5)])
    url = reverse("governance:star_nominate_many", args=[round_.pk])
    response = _client(client, cast["stations"]).post(
        url, {"station": [apps[0].station_id, apps[2].station_id], "comment": "推荐省级"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:star_province_reply", args=[round_.pk])
    states = dict(StarApplication.objects.values_list("station_id", "provincial"))
    assert states == {
        apps[0].station_id: "nominated",
        apps[1].station_id: "",
        apps[2].station_id: "nominated",
    }
    assert StarEvent.objects.filter(to_status="nominated", comment="推荐省级").count() == 2
    assert audit.history_for(apps[0]).filter(comment="推荐省级").exists()
    # Nominated stations leave the list to nominate from.
    page = client.get(url)
    assert [row.station__code for row in page.context["rows"]] == [apps[1].station.code]


def test_nothing_ticked_or_a_foreign_station_is_refused_whole(cast, client):
    round_, apps = _published(cast, [("330302", 5)])
    url = reverse("governance:star_nominate_many", args=[round_.pk])
    _client(client, cast["stations"])
    response = client.post(url, {})
    assert response.status_code == 400
    assert "请至少勾选一个投注站" in response.content.decode()
    response = client.post(url, {"station": [apps[0].station_id, StationFactory().pk]})
    assert response.status_code == 400
    response = client.post(url, {"station": ["x"]})
    assert response.status_code == 400
    assert not StarApplication.objects.exclude(provincial="").exists()


def test_the_province_reply_approves_the_ticked_and_rejects_the_others(cast, client):
    round_, apps = _published(cast, [("330302", 5), ("330302", 4), ("330381", 5)])
    services.star_nominate_many(
        acting_user=cast["stations"], round=round_, stations=[a.station for a in apps]
    )
    url = reverse("governance:star_province_reply", args=[round_.pk])
    _client(client, cast["stations"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "station": [apps[0].station_id],
            "decided_on": "2020-05-15",
            "others": "reject",
            "comment_approved": "认定",
            "comment_rejected": "名额已满",
        },
    )
    assert response.status_code == 302
    states = dict(StarApplication.objects.values_list("station_id", "provincial"))
    assert sorted(states.values()) == ["approved", "rejected", "rejected"]
    apps[0].station.refresh_from_db()
    assert apps[0].station.provincial_star_year == 2019
    assert StarApplication.objects.get(pk=apps[0].pk).provincial_decided_on == D(2020, 5, 15)
    page = client.get(url)
    assert page.context["approved_count"] == 1 and page.context["rows"] == []


def test_a_partial_reply_leaves_the_others_awaiting(cast, client):
    round_, apps = _published(cast, [("330302", 5), ("330302", 4)])
    services.star_nominate_many(
        acting_user=cast["stations"], round=round_, stations=[a.station for a in apps]
    )
    url = reverse("governance:star_province_reply", args=[round_.pk])
    _client(client, cast["stations"])
    data = {"decided_on": "2020-05-15", "others": "wait"}
    response = client.post(url, data)  # nothing ticked while waiting: nothing to record
    assert response.status_code == 400
    response = client.post(url, {**data, "station": [apps[1].station_id]})
    assert response.status_code == 302
    states = dict(StarApplication.objects.values_list("station_id", "provincial"))
    assert states == {apps[0].station_id: "nominated", apps[1].station_id: "approved"}
    # Then the rest, per station from the same page.
    response = client.post(url, {**data, "others": "reject"})
    assert response.status_code == 302
    assert StarApplication.objects.get(pk=apps[0].pk).provincial == "rejected"


def test_the_round_page_links_to_both_steps_once_published(cast, client):
    round_, _apps = _published(cast, [("330302", 5)])
    page = _client(client, cast["stations"]).get(reverse("governance:stars"), {"year": 2019})
    html = page.content.decode()
    assert reverse("governance:star_nominate_many", args=[round_.pk]) in html
    assert reverse("governance:star_province_reply", args=[round_.pk]) in html
    # District staff read the round but take no provincial step.
    page = _client(client, cast["lucheng"]).get(reverse("governance:stars"), {"year": 2019})
    assert reverse("governance:star_nominate_many", args=[round_.pk]) not in page.content.decode()


def test_both_lists_cost_the_same_few_queries_whatever_their_length(cast, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    round_, _apps = _published(cast, [("330302", 5)])
    _client(client, cast["stations"])
    nominate = reverse("governance:star_nominate_many", args=[round_.pk])
    reply = reverse("governance:star_province_reply", args=[round_.pk])
    count(nominate), count(reply)  # warm the districts' cache
    few = count(nominate), count(reply)
    for provincial in ("", "nominated", "", "nominated"):  # more rows in both lists
        station = StationFactory(region=region("330302"))
        StarApplication.objects.create(
            round=round_,
            station=station,
            stars_applied=5,
            score=90,
            computed_stars=5,
            status="published",
            stars=5,
            provincial=provincial,
        )
    assert (count(nominate), count(reply)) == few
