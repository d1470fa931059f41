"""The owner's portal pages and API: an owner's hub (their stations, their to-dos and
nobody else's), a station's page, the commission statements (HTML, PDF, JSON), the
landing after sign-in, 404 for a station that is not theirs, few queries, no English."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from fucai.core.tests.factories import PASSWORD, region
from fucai.core.tests.test_no_english import english_words
from fucai.feedback.tests.factories import ComplaintFactory
from fucai.governance.choices import RectificationStatus
from fucai.governance.tests.factories import (
    RectificationOrderFactory,
    VisitFactory,
    VisitFollowUpFactory,
)
from fucai.marketing.tests.factories import MaterialRequestFactory, TicketOrderFactory
from fucai.notices.tests.factories import NoticeRecipientFactory
from fucai.sales.models import SalesMonth
from fucai.sales.rollups import recompute_months
from fucai.sales.tests.factories import SalesDayFactory, game
from fucai.stations.tests.factories import (
    AgencyContractFactory,
    CertificateFactory,
    InsurancePolicyFactory,
    StaffAssignmentFactory,
    StationFactory,
    StationOwnerFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def world(cast):
    """``owner``'s 鹿城 station 33030201 (sales in 2018 and 2019, a notice, an order to
    answer, insurance ending soon, a seller whose certificate is expiring, an open
    request and complaint) and another owner's station 33030202 with the same."""
    today = timezone.localdate()
    mine = StationFactory(
        code="33030201",
        name="我的一站",
        region=region("330302"),
        owner=StationOwnerFactory(user=cast["owner"], name="王业主"),
    )
    other = StationFactory(code="33030202", name="别人的站", region=region("330302"))
    for station in (mine, other):
        for day, fen in (
            (D(2018, 3, 5), 80_000),
            (D(2019, 3, 5), 100_000),
            (D(2019, 3, 6), 23_456),
        ):
            SalesDayFactory(station=station, game=game("SSQ"), date=day, sales_fen=fen)
        SalesDayFactory(station=station, game=game("GGL"), date=D(2019, 3, 7), sales_fen=50_000)
        recompute_months(
            [
                (station.pk, game("SSQ").pk, D(2018, 3, 1)),
                (station.pk, game("SSQ").pk, D(2019, 3, 1)),
                (station.pk, game("GGL").pk, D(2019, 3, 1)),
            ]
        )
        InsurancePolicyFactory(station=station, ends_on=today + datetime.timedelta(days=20))
        AgencyContractFactory(station=station)
        assignment = StaffAssignmentFactory(station=station)
        CertificateFactory(
            holder=assignment.staff,
            valid_from=today - datetime.timedelta(days=700),
            valid_to=today + datetime.timedelta(days=10),
        )
        MaterialRequestFactory(station=station)
        TicketOrderFactory(station=station, requested_by=cast["owner"])
        ComplaintFactory(station=station, name="投诉人甲", phone="13957700001")
        visit = VisitFactory(station=station, visitor=cast["stations"])
        VisitFollowUpFactory(visit=visit, description=f"跟进{station.code}")
    order = RectificationOrderFactory(
        station=mine,
        number="ZG-MINE-1",
        status=RectificationStatus.OPEN,
        deadline_on=today + datetime.timedelta(days=5),
    )
    RectificationOrderFactory(station=other, number="ZG-OTHER-1", status=RectificationStatus.OPEN)
    receipt = NoticeRecipientFactory(user=cast["owner"], notice__title="关于年终结算的通知")
    NoticeRecipientFactory(user=cast["lucheng"], notice__title="别人的通知")
    return {"mine": mine, "other": other, "order": order, "receipt": receipt}


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_owners_hub_shows_their_stations_and_their_to_dos_only(
    client, cast, world, django_assert_max_num_queries
):
    client.force_login(cast["owner"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("mystation:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert [s.code for s in response.context["stations"]] == ["33030201"]
    assert "别人的站" not in html and "ZG-OTHER-1" not in html and "别人的通知" not in html
    # The to-do strip links to the pages where the owner acts.
    assert reverse("notices:read", args=[world["receipt"].notice_id]) in html
    assert "关于年终结算的通知" in html
    assert reverse("governance:rectification_detail", args=[world["order"].pk]) in html
    assert world["order"].deadline_on.isoformat() in html
    assert len(response.context["renewals"]) == 1  # the insurance, ending in 20 days
    assert len(response.context["certificates"]) == 1  # expiring in 10 days
    assert len(response.context["requests"]) == 1 and len(response.context["tickets"]) == 1
    assert len(response.context["complaints"]) == 1
    assert "投诉人甲" not in html
    assert english_words(html) <= {"owner"}  # the username in the header


def test_an_owner_signing_in_lands_on_their_portal(client, cast):
    login = reverse("core:login")
    response = client.post(login, {"username": "owner", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mystation:home")
    client.logout()
    # A page asked for before signing in still wins.
    response = client.post(login + "?next=/notices/", {"username": "owner", "password": PASSWORD})
    assert response["Location"] == "/notices/"
    client.logout()
    # Other roles land on the home as before.
    response = client.post(login, {"username": "leader", "password": PASSWORD})
    assert response["Location"] == reverse("dashboard:home")


def test_the_station_page_shows_sales_against_last_year_and_the_stations_records(
    client, cast, world, django_assert_max_num_queries
):
    client.force_login(cast["owner"])
    url = reverse("mystation:station", args=["33030201"])
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    by_month = response.context["by_month"]
    assert by_month["chart"]["series"][0]["values"][2] == 173_456  # March 2019, both games
    assert by_month["chart"]["series"][1]["values"][2] == 80_000  # March 2018
    assert {g["code"]: (g["this"], g["last"]) for g in by_month["games"]} == {
        "SSQ": (123_456, 80_000),
        "GGL": (50_000, 0),
    }
    days = response.context["days"]
    assert days["until"] == D(2019, 3, 7) and days["this"] == 173_456 and days["last"] == 80_000
    assert 'id="chart-months"' in html and 'id="chart-days"' in html
    assert "跟进33030201" in html and "跟进33030202" not in html
    assert "ZG-MINE-1" in html and "ZG-OTHER-1" not in html
    assert 'data-testid="answer-rectification"' in html
    assert "投诉人甲" not in html and "13957700001" not in html
    assert english_words(html) <= {"owner"}  # the username in the header


@pytest.mark.parametrize(
    "name, args",
    [
        ("mystation:station", ["33030202"]),
        ("mystation:commission", ["33030202"]),
        ("mystation:statement", ["33030202", "2019-03"]),
        ("mystation:statement_pdf", ["33030202", "2019-03"]),
    ],
)
def test_another_owners_station_is_not_found(client, cast, world, name, args):
    assert _get(client, cast["owner"], reverse(name, args=args)).status_code == 404
    assert _get(client, cast["ruian"], reverse(name, args=args)).status_code == 404
    assert _get(client, cast["lucheng"], reverse(name, args=args)).status_code == 200
    assert _get(client, cast["inspector"], reverse(name, args=args)).status_code == 403


def test_the_statement_page_shows_the_rollups_amounts_in_yuan(client, cast, world):
    client.force_login(cast["owner"])
    listing = client.get(reverse("mystation:commission", args=["33030201"]))
    assert [m["month"] for m in listing.context["months"]] == [D(2019, 3, 1), D(2018, 3, 1)]
    response = client.get(reverse("mystation:statement", args=["33030201", "2019-03"]))
    assert response.status_code == 200
    html = response.content.decode()
    ssq = SalesMonth.objects.get(station=world["mine"], game=game("SSQ"), month=D(2019, 3, 1))
    ggl = SalesMonth.objects.get(station=world["mine"], game=game("GGL"), month=D(2019, 3, 1))
    assert (ssq.commission_fen, ggl.commission_fen) == (8_642, 4_000)  # 7% and 8%
    assert "¥86.42" in html and "¥40.00" in html and "¥126.42" in html
    assert "¥1,234.56" in html  # SSQ sales
    assert "7.00%" in html and "8.00%" in html
    assert "王业主" in html and "33030201" in html
    assert english_words(html) <= {"owner"}  # the username in the header


def test_a_month_without_sales_is_a_404_that_says_why(client, cast, world):
    client.force_login(cast["owner"])
    response = client.get(reverse("mystation:statement", args=["33030201", "2019-04"]))
    assert response.status_code == 404
    assert "本站该月没有销量" in response.content.decode()
    response = client.get(reverse("mystation:statement", args=["33030201", "2019-13"]))
    assert response.status_code == 404
    assert "月份格式为 YYYY-MM" in response.content.decode()


def test_the_statement_downloads_as_a_pdf(client, cast, world):
    client.force_login(cast["owner"])
    response = client.get(reverse("mystation:statement_pdf", args=["33030201", "2019-03"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="commission-33030201-2019-03.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_staff_find_a_station_on_the_hub_without_the_owners_to_dos(client, cast, world):
    response = _get(client, cast["lucheng"], reverse("mystation:home") + "?q=33030202")
    assert response.status_code == 200
    assert [s.code for s in response.context["stations"]] == ["33030202"]
    assert "notices" not in response.context
    assert english_words(response.content.decode()) <= {"lucheng"}


def test_the_api_lists_the_owners_stations_and_a_statement(client, cast, world):
    client.force_login(cast["owner"])
    listing = client.get("/api/my/stations").json()
    assert listing["count"] == 1 and listing["items"][0]["code"] == "33030201"
    response = client.get("/api/my/stations/33030201/commission", {"month": "2019-03"})
    assert response.status_code == 200
    body = response.json()
    assert body["commission_fen"] == 12_642 and body["sales_fen"] == 173_456
    assert body["owner_name"] == "王业主" and body["month"] == "2019-03"
    lines = {line["game_code"]: line for line in body["lines"]}
    assert lines["SSQ"]["commission_fen"] == 8_642
    assert [r["commission_pct"] for r in lines["SSQ"]["rates"]] in (["7.00"], [7.0])


def test_the_api_answers_errors_as_json(client, cast, world):
    client.force_login(cast["owner"])
    missing = client.get("/api/my/stations/33030201/commission", {"month": "2019-04"})
    assert missing.status_code == 404
    assert missing.json()["detail"] == "本站该月没有销量，没有代销费结算单。"
    bad = client.get("/api/my/stations/33030201/commission", {"month": "2019-13"})
    assert bad.status_code == 422 and "YYYY-MM" in bad.json()["detail"]
    malformed = client.get("/api/my/stations/33030201/commission", {"month": "March"})
    assert malformed.status_code == 422
    other = client.get("/api/my/stations/33030202/commission", {"month": "2019-03"})
    assert other.status_code == 404 and json.loads(other.content)["detail"]
    schema = client.get("/api/openapi.json").json()
    assert "/api/my/stations/{code}/commission" in schema["paths"]


def test_the_station_detail_links_to_the_owners_view(client, cast, world):
    url = reverse("mystation:station", args=["33030201"])
    detail = reverse("stations:detail", args=["33030201"])
    for user in ("leader", "lucheng", "owner"):
        assert url in _get(client, cast[user], detail).content.decode(), user
