import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.sales.models import Game, SalesMonth, SplitRate
from fucai.sales.services import game_create, sales_import, split_rate_add
from fucai.sales.tests.factories import assert_rollups_match_days, csv_file, game
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

RATE = {
    "prize_pct": Decimal("50"),
    "issuance_pct": Decimal("13"),
    "welfare_pct": Decimal("37"),
    "commission_pct": Decimal("7"),
}


@pytest.fixture
def months(importer):
    """SSQ sales in Feb, Mar and Apr 2024 (100,000 yuan a day on the 10th and 20th)."""
    StationFactory(code="33030001")
    rows = [
        ("33030001", "SSQ", f"2024-{m:02d}-{d}", "100000", "1") for m in (2, 3, 4) for d in (10, 20)
    ]
    batch = sales_import(acting_user=importer, file=csv_file(rows), filename="s.csv")
    assert batch.status == "succeeded", batch.errors


def _welfare(month: int) -> int:
    return SalesMonth.objects.get(game=game("SSQ"), month=datetime.date(2024, month, 1)).welfare_fen


def test_a_new_rate_recomputes_the_welfare_fund_of_months_from_its_date(importer, months):
    assert [_welfare(m) for m in (2, 3, 4)] == [7_200_000] * 3  # 36% of 200,000 yuan
    rate = split_rate_add(
        acting_user=importer, game=game("SSQ"), effective_from=datetime.date(2024, 3, 15), **RATE
    )
    # February untouched; March half at 36%, half at 37%; April all at 37%.
    assert [_welfare(m) for m in (2, 3, 4)] == [7_200_000, 7_300_000, 7_400_000]
    assert rate.recomputed_months == 2
    assert_rollups_match_days()  # the district and station summaries follow
    entry = audit.history_for(rate).get()
    assert entry.action == AuditAction.CREATE and entry.actor == importer
    assert entry.changes["welfare_pct"]["new"] == "37.00"  # at the field's scale
    assert "2" in entry.comment


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"prize_pct": Decimal("51")}, "__all__"),
        ({"commission_pct": Decimal("14")}, "commission_pct"),
    ],
)
def test_a_rate_must_add_up_and_fit_the_commission(importer, change, field):
    with pytest.raises(ValidationError) as info:
        split_rate_add(
            acting_user=importer,
            game=game("SSQ"),
            effective_from=datetime.date(2024, 1, 1),
            **{**RATE, **change},
        )
    assert field in info.value.message_dict
    assert not SplitRate.objects.filter(effective_from=datetime.date(2024, 1, 1)).exists()


def test_one_rate_per_game_and_date(importer):
    day = datetime.date(2024, 1, 1)
    split_rate_add(acting_user=importer, game=game("SSQ"), effective_from=day, **RATE)
    with pytest.raises(ValidationError) as info:
        split_rate_add(acting_user=importer, game=game("SSQ"), effective_from=day, **RATE)
    assert "effective_from" in info.value.message_dict


def test_only_finance_changes_rates(cast):
    with pytest.raises(PermissionDenied):
        split_rate_add(
            acting_user=cast["leader"],
            game=game("SSQ"),
            effective_from=datetime.date(2024, 1, 1),
            **RATE,
        )


def test_a_game_is_created_with_its_first_rate(importer):
    created = game_create(
        acting_user=importer,
        code="hc1",
        name="好彩1",
        game_type="lotto",
        sort_order=90,
        effective_from=datetime.date(2024, 1, 1),
        **RATE,
    )
    assert created.code == "HC1" and created.split_rates.get().welfare_pct == 37
    assert audit.history_for(created).get().action == AuditAction.CREATE


@pytest.fixture
def page(client, importer):
    client.force_login(importer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_list_shows_todays_rate_and_the_note(page, months):
    response = page.get(reverse("sales:game_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "双色球" in body and "36.00%" in body and "51.00%" in body
    detail = page.get(reverse("sales:game_detail", args=["SSQ"])).content.decode()
    assert "recomputes the monthly figures" in detail and "2000-01-01" in detail


def test_the_rate_modal_adds_a_rate_and_redirects(page, months):
    url = reverse("sales:rate_add", args=["SSQ"])
    assert "recomputed when you save" in page.get(url).content.decode()
    data = {"effective_from": "2024-04-01", **{k: str(v) for k, v in RATE.items()}}
    response = page.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("sales:game_detail", args=["SSQ"])
    assert _welfare(4) == 7_400_000
    bad = page.post(url, {**data, "effective_from": "2024-05-01", "prize_pct": "60"})
    assert bad.status_code == 400 and "add up to exactly 100%" in bad.content.decode()


def test_the_game_modal_creates_a_game(page):
    data = {
        "code": "HC1",
        "name": "好彩1",
        "game_type": "lotto",
        "sort_order": "90",
        "effective_from": "2024-01-01",
        **{k: str(v) for k, v in RATE.items()},
    }
    response = page.post(reverse("sales:game_create"), data)
    assert response.status_code == 302
    assert Game.objects.filter(code="HC1").exists()
    again = page.post(reverse("sales:game_create"), data)
    assert again.status_code == 400


def test_the_game_list_totals_only_the_users_districts(client, cast):
    from django.utils import timezone

    from fucai.core.tests.factories import region
    from fucai.sales.tests.test_selectors import month_row

    january = timezone.localdate().replace(month=1, day=1)
    month_row(StationFactory(region=region("330302")), "SSQ", january, 100_000, 36_000)
    month_row(StationFactory(region=region("330381")), "SSQ", january, 300_000, 108_000)

    def ssq_sales(user):
        client.force_login(user)
        rows = client.get(reverse("sales:game_list")).context["rows"]
        return next(row["sales_fen"] for row in rows if row["game"].code == "SSQ")

    assert ssq_sales(cast["leader"]) == 400_000
    assert ssq_sales(cast["lucheng"]) == 100_000
