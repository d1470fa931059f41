"""/api/sales: summary, monthly series and rankings, in fen, within the caller's scope."""

import pytest

from .test_selectors import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    return build_world(cast)


def _get(client, user, path, **params):
    client.force_login(user)
    return client.get(path, params)


def test_the_summary_gives_totals_by_game_and_yoy(client, cast, world):
    response = _get(client, cast["leader"], "/api/sales/summary", year=2019)
    assert response.status_code == 200
    data = response.json()
    assert (data["year"], data["region"], data["month"]) == (2019, None, None)
    assert data["sales_fen"] == 640_000
    assert data["welfare_fund_fen"] == 222_400
    assert data["prize_fund_fen"] + data["issuance_fee_fen"] + data["welfare_fund_fen"] == 640_000
    assert [(g["game"], g["name"], g["sales_fen"]) for g in data["by_game"]] == [
        ("SSQ", "双色球", 590_000),
        ("GGL", "刮刮乐", 50_000),
    ]
    assert data["yoy"]["last_year"]["sales_fen"] == 400_000
    assert float(data["yoy"]["sales_pct"]) == 60.0


def test_the_summary_of_one_month_and_one_district(client, cast, world):
    data = _get(
        client, cast["leader"], "/api/sales/summary", year=2019, month=2, region="330302"
    ).json()
    assert (data["region"], data["month"], data["sales_fen"]) == ("330302", 2, 200_000)


def test_a_district_filter_cannot_widen_the_scope(client, cast, world):
    data = _get(client, cast["lucheng"], "/api/sales/summary", year=2019).json()
    assert data["sales_fen"] == 400_000
    data = _get(client, cast["lucheng"], "/api/sales/summary", year=2019, region="330381").json()
    assert data["sales_fen"] == 0 and data["by_game"] == []
    ranking = _get(client, cast["lucheng"], "/api/sales/ranking", year=2019, region="330381")
    assert ranking.json()["items"] == []
    monthly = _get(client, cast["lucheng"], "/api/sales/monthly", year=2019, region="330381")
    assert all(m["sales_fen"] == 0 for m in monthly.json()["months"])


def test_the_monthly_series(client, cast, world):
    months = _get(client, cast["leader"], "/api/sales/monthly", year=2019).json()["months"]
    assert len(months) == 12
    assert months[0]["month"] == "2019-01-01" and months[0]["sales_fen"] == 440_000
    assert months[0]["last_year_sales_fen"] == 400_000
    assert float(months[1]["mom_sales_pct"]) == -54.5


@pytest.mark.parametrize(
    ("order", "codes"),
    [
        ("top", ["33030001", "33038101", "33030002"]),
        ("bottom", ["33030002", "33038101", "33030001"]),
        ("growth", ["33030001", "33038101"]),
        ("decline", ["33038101", "33030001"]),
    ],
)
def test_the_ranking(client, cast, world, order, codes):
    data = _get(client, cast["leader"], "/api/sales/ranking", year=2019, order=order).json()
    assert [item["code"] for item in data["items"]] == codes


def test_the_ranking_limit(client, cast, world):
    data = _get(client, cast["leader"], "/api/sales/ranking", year=2019, limit=1).json()
    assert len(data["items"]) == 1 and data["items"][0]["sales_fen"] == 350_000


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/sales/summary", {}),
        ("/api/sales/summary", {"year": "abc"}),
        ("/api/sales/summary", {"year": 1900}),
        ("/api/sales/summary", {"year": 2019, "month": 13}),
        ("/api/sales/summary", {"year": 2019, "region": "lucheng"}),
        ("/api/sales/monthly", {"year": ""}),
        ("/api/sales/ranking", {"year": 2019, "order": "sideways"}),
        ("/api/sales/ranking", {"year": 2019, "limit": 0}),
        ("/api/sales/ranking", {"year": 2019, "limit": 100000}),
    ],
)
def test_bad_parameters_are_a_422(client, cast, world, path, params):
    response = _get(client, cast["leader"], path, **params)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_an_unknown_region_is_a_404(client, cast, world):
    response = _get(client, cast["leader"], "/api/sales/summary", year=2019, region="999999")
    assert response.status_code == 404


def test_roles_without_sales_access_are_refused(client, cast, world):
    assert _get(client, cast["inspector"], "/api/sales/summary", year=2019).status_code == 403
    client.logout()
    assert client.get("/api/sales/summary", {"year": 2019}).status_code == 401
