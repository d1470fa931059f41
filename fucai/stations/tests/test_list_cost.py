"""What the station list and /api/stations cost: a fixed number of queries whatever the
number of rows, and no encrypted value decrypted for a list that shows none."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fucai.core import crypto
from fucai.core.tables import url_maker
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_decryption(monkeypatch):
    def refuse(token):
        raise AssertionError("a list page decrypted a value it does not show")

    monkeypatch.setattr(crypto, "decrypt", refuse)


def _queries(client, url, **extra) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_the_station_list_costs_the_same_few_queries_for_5_or_50_rows(client, cast):
    client.force_login(cast["leader"])
    StationFactory.create_batch(5)
    cold = _queries(client, reverse("stations:list"))  # + the districts, then cached
    few = _queries(client, reverse("stations:list"))
    StationFactory.create_batch(45)
    many = _queries(client, reverse("stations:list"))
    # session, user with their org unit (user menu), count, the page's rows (the
    # districts of the filter come from the cache); no query per row.
    assert len(few) == len(many) == 4
    assert len(cold) == 5 and "core_region" in cold[-1]


def test_the_station_list_and_its_htmx_table_decrypt_nothing(client, cast, no_decryption):
    StationFactory.create_batch(3)
    client.force_login(cast["leader"])
    full = client.get(reverse("stations:list"))
    partial = client.get(reverse("stations:list"), HTTP_HX_REQUEST="true")
    assert full.status_code == partial.status_code == 200
    for sql in _queries(client, reverse("stations:list")):
        assert "contact_phone" not in sql and '"id_number"' not in sql


def test_the_station_list_rows_keep_their_markup(client, cast):
    station = StationFactory(name="<b>站</b>", status="suspended", opened_on=None)
    client.force_login(cast["leader"])
    body = client.get(reverse("stations:list")).content.decode()
    url = reverse("stations:detail", args=[station.code])
    assert f'<a href="{url}" class="fw-semibold">{station.code}</a>' in body
    assert "&lt;b&gt;站&lt;/b&gt;" in body and "<b>站</b>" not in body
    assert '<td><span class="badge bg-orange-lt">暂停销售</span></td>' in body
    assert '<td class="d-none d-lg-table-cell text-nowrap">—</td>' in body


def test_the_api_list_costs_the_same_queries_for_5_or_100_items_and_decrypts_nothing(
    client, cast, no_decryption
):
    client.force_login(cast["leader"])
    StationFactory.create_batch(5)
    few = _queries(client, "/api/stations")
    StationFactory.create_batch(95)
    many = _queries(client, "/api/stations")
    # session, user, count, the page's items
    assert len(few) == len(many) == 4
    items = client.get("/api/stations").json()["items"]
    assert len(items) == 100 and {"code", "region", "region_name"} <= set(items[0])


def test_url_maker_reverses_like_reverse():
    url = url_maker("stations:detail", "code")
    for code in ("33030201", "a b", "站", "a?b#c"):
        assert url(code) == reverse("stations:detail", args=[code])
