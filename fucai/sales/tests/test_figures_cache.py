"""The analytics pages cache their figures under the sales data version
(fucai.sales.figures): a write is seen by the next request, and users of different
scopes never share an entry."""

import datetime
import re
from decimal import Decimal

from django.urls import reverse

from fucai.core.money import format_wan
from fucai.core.tests.factories import region
from fucai.sales.services import sales_import, split_rate_add
from fucai.sales.tests.factories import csv_file, game
from fucai.stations.tests.factories import StationFactory

from .test_selectors import build_world


def _totals(client, user, year: int) -> dict:
    """The overview's totals, checked against the KPI cards the page prints (which are
    in its cached fragment)."""
    client.force_login(user)
    response = client.get(reverse("sales:overview"), {"year": year})
    assert response.status_code == 200
    totals = response.context["totals"]
    body = response.content.decode()
    for key in ("sales", "welfare"):
        card = re.search(rf'data-testid="kpi-{key}">([^<]*)<', body).group(1)
        assert card == format_wan(totals[f"{key}_fen"])
    return totals


def _import(user, day: str, yuan: str):
    rows = [("33030009", "SSQ", day, yuan, "1")]
    batch = sales_import(acting_user=user, file=csv_file(rows), filename=f"{day}.csv")
    assert batch.status == "succeeded", batch.errors


def test_a_cached_overview_shows_an_import_and_a_rate_change_at_once(client, cast, importer):
    StationFactory(code="33030009", region=region("330302"))
    _import(importer, "2024-03-10", "100000")
    leader = cast["leader"]
    assert _totals(client, leader, 2024)["sales_fen"] == 10_000_000
    assert _totals(client, leader, 2024)["sales_fen"] == 10_000_000  # from the cache
    _import(importer, "2024-03-20", "50000")
    assert _totals(client, leader, 2024)["sales_fen"] == 15_000_000
    assert _totals(client, leader, 2024)["welfare_fen"] == 5_400_000  # 36%
    rates = {"prize_pct": Decimal("50"), "issuance_pct": Decimal("13")}
    rates |= {"welfare_pct": Decimal("37"), "commission_pct": Decimal("7")}
    split_rate_add(
        acting_user=importer, game=game("SSQ"), effective_from=datetime.date(2024, 1, 1), **rates
    )
    assert _totals(client, leader, 2024)["welfare_fen"] == 5_550_000  # 37%


def test_users_of_different_scopes_never_share_cached_figures(client, cast):
    build_world(cast)
    assert _totals(client, cast["leader"], 2019)["sales_fen"] == 640_000  # the city
    assert _totals(client, cast["lucheng"], 2019)["sales_fen"] == 400_000  # 鹿城 only
    assert _totals(client, cast["ruian"], 2019)["sales_fen"] == 240_000
    assert _totals(client, cast["leader"], 2019)["sales_fen"] == 640_000


def test_a_renamed_game_is_shown_under_its_new_name(client, cast):
    build_world(cast)
    client.force_login(cast["leader"])
    names = [g["name"] for g in client.get(reverse("sales:overview")).context["games"]]
    assert "双色球" in names
    ssq = game("SSQ")
    ssq.name = "双色球（新）"
    ssq.save()
    names = [g["name"] for g in client.get(reverse("sales:overview")).context["games"]]
    assert "双色球（新）" in names


def test_the_cached_figures_follow_the_language_and_the_filters(client, cast):
    build_world(cast)
    client.force_login(cast["leader"])
    url = reverse("sales:overview")
    chinese = client.get(url, {"year": 2019}).content.decode()
    assert "<th>月份</th>" in chinese
    client.cookies.load({"django_language": "en"})
    english = client.get(url, {"year": 2019}).content.decode()
    assert "<th>Month</th>" in english and "<th>月份</th>" not in english
    lucheng = client.get(url, {"year": 2019, "region": "330302"}).content.decode()
    assert re.search(r'data-testid="kpi-sales">([^<]*)<', lucheng).group(1) == format_wan(400_000)


def _game_options(body: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="game".*?</select>', body, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_game_filter_prints_cached_options_that_follow_a_rename_and_a_new_game(
    client, cast, django_assert_num_queries
):
    from fucai.sales.forms import AnalyticsFilterForm
    from fucai.sales.models import Game

    build_world(cast)
    leader = cast["leader"]
    client.force_login(leader)
    url = reverse("sales:overview")
    options = _game_options(client.get(url).content.decode())
    expected = [(g.code, g.name) for g in Game.objects.order_by("sort_order", "code")]
    assert options == [("", "全部玩法"), *expected]
    AnalyticsFilterForm(user=leader)["game"].as_widget()  # options cached, version memoized
    with django_assert_num_queries(0):  # no query for the games
        AnalyticsFilterForm(user=leader)["game"].as_widget()
    ssq = game("SSQ")
    ssq.name = "双色球（新）"
    ssq.save()
    Game.objects.create(code="NEW", name="新游戏", sort_order=0)
    options = _game_options(client.get(url, {"game": "NEW"}).content.decode())
    assert options[1] == ("NEW", "新游戏")
    assert ("SSQ", "双色球（新）") in options
    selected = re.search(
        r'<option value="NEW" selected>', client.get(url, {"game": "NEW"}).content.decode()
    )
    assert selected
