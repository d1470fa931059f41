"""Sales targets: setting and deleting (audited, finance only), achievement per district
and per station, and scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fucai.core.models import AuditEntry
from fucai.core.tests.factories import region
from fucai.sales.models import SalesTarget
from fucai.sales.services import target_delete, target_set

from .test_selectors import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast):
    return build_world(cast)


def test_setting_a_target_twice_replaces_it_and_is_audited(cast, world):
    finance = cast["finance"]
    target = target_set(
        acting_user=finance, year=2019, month=None, region=region("330302"), amount_fen=800_000
    )
    again = target_set(
        acting_user=finance, year=2019, month=None, region=region("330302"), amount_fen=500_000
    )
    assert again.pk == target.pk and SalesTarget.objects.count() == 1
    assert again.amount_fen == 500_000
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["create", "update"]
    target_delete(acting_user=finance, target=again)
    assert not SalesTarget.objects.exists()
    assert AuditEntry.objects.latest("id").action == "delete"


def test_yearly_and_monthly_targets_coexist(cast, world):
    finance = cast["finance"]
    station = world["l1"]
    target_set(acting_user=finance, year=2019, month=None, station=station, amount_fen=1)
    target_set(acting_user=finance, year=2019, month=1, station=station, amount_fen=2)
    target_set(acting_user=finance, year=2019, month=2, station=station, amount_fen=3)
    assert SalesTarget.objects.filter(station=station).count() == 3


def test_a_target_names_exactly_one_district_or_station(cast, world):
    with pytest.raises(ValidationError):
        target_set(
            acting_user=cast["finance"],
            year=2019,
            month=None,
            region=region("330302"),
            station=world["l1"],
            amount_fen=1,
        )
    with pytest.raises(ValidationError):
        target_set(
            acting_user=cast["finance"], year=2019, month=13, region=region("330302"), amount_fen=1
        )


def test_only_finance_sets_targets(cast, world):
    with pytest.raises(PermissionDenied):
        target_set(
            acting_user=cast["lucheng"],
            year=2019,
            month=None,
            region=region("330302"),
            amount_fen=1,
        )


def test_achievement_per_district_and_station(client, cast, world):
    finance = cast["finance"]
    target_set(  # 鹿城 sold 400,000 in 2019 (to February)
        acting_user=finance, year=2019, month=None, region=region("330302"), amount_fen=1_600_000
    )
    target_set(  # 瑞安 sold 240,000
        acting_user=finance, year=2019, month=None, region=region("330381"), amount_fen=200_000
    )
    target_set(acting_user=finance, year=2019, month=None, station=world["l1"], amount_fen=700_000)
    client.force_login(cast["leader"])
    response = client.get(reverse("sales:targets"), {"year": 2019})
    regions = {r["code"]: r for r in response.context["regions"]}
    assert (regions["330302"]["rate"], regions["330302"]["bar"]) == (25, 25)
    assert (regions["330381"]["rate"], regions["330381"]["bar"]) == (120, 100)
    assert regions["330304"]["rate"] is None
    assert response.context["overall"]["rate"] == Decimal("35.6")  # 640,000 / 1,800,000
    station = response.context["stations"][0]
    assert (station["code"], station["actual_fen"], station["rate"]) == ("33030001", 350_000, 50)


def test_monthly_achievement(client, cast, world):
    target_set(
        acting_user=cast["finance"], year=2019, month=2, station=world["l1"], amount_fen=400_000
    )
    client.force_login(cast["leader"])
    response = client.get(reverse("sales:targets"), {"year": 2019, "month_from": 2})
    assert response.context["stations"][0]["rate"] == 50  # 200,000 of 400,000


def test_a_branch_user_reads_only_their_targets(client, cast, world):
    target_set(
        acting_user=cast["finance"], year=2019, month=None, station=world["r1"], amount_fen=1
    )
    target_set(
        acting_user=cast["finance"], year=2019, month=None, station=world["l2"], amount_fen=1
    )
    client.force_login(cast["lucheng"])
    response = client.get(reverse("sales:targets"), {"year": 2019})
    assert [s["code"] for s in response.context["stations"]] == ["33030002"]
    assert [r["code"] for r in response.context["regions"]] == ["330302"]
    assert "瑞安" not in response.content.decode()
    export = client.get(reverse("sales:targets"), {"year": 2019, "export": "station"})
    assert b"".join(export.streaming_content).count(b"PK") >= 1


def test_finance_sets_and_deletes_targets_through_the_page(client, cast, world):
    client.force_login(cast["finance"])
    response = client.post(
        reverse("sales:target_set"),
        {"year": "2019", "month": "", "station": "33030001", "amount": "12.5"},
    )
    assert response.status_code == 302
    target = SalesTarget.objects.get()
    assert (target.station, target.amount_fen) == (world["l1"], 12_500_000)
    response = client.post(reverse("sales:target_set"), {"year": "2019", "amount": "1"})
    assert response.status_code == 302 and SalesTarget.objects.count() == 1
    response = client.post(reverse("sales:target_delete", args=[target.pk]))
    assert response.status_code == 302 and not SalesTarget.objects.exists()


def test_branch_users_cannot_post_targets(client, cast, world):
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("sales:target_set"), {"year": "2019", "region": "330302", "amount": "1"}
    )
    assert response.status_code == 403


def test_next_year_s_targets_can_be_set_and_read_before_any_sales(client, cast, world):
    next_year = datetime.date.today().year + 1
    client.force_login(cast["finance"])
    client.post(
        reverse("sales:target_set"),
        {"year": str(next_year), "month": "", "region": "330302", "amount": "900"},
    )
    response = client.get(reverse("sales:targets"), {"year": next_year})
    body = response.content.decode()
    assert str(next_year) in body and "900.0" in body


@pytest.fixture
def branch_may_set_targets(monkeypatch):
    """Grant district staff the target permission, so that only the scope guard stands
    between 鹿城 and a 瑞安 target."""
    from fucai.core import roles
    from fucai.core.choices import Role

    monkeypatch.setitem(
        roles.ROLE_PERMISSIONS,
        Role.BRANCH_STAFF,
        roles.ROLE_PERMISSIONS[Role.BRANCH_STAFF] | {roles.MANAGE_GAMES},
    )


def test_a_district_cannot_set_another_districts_target_in_the_service(
    cast, world, branch_may_set_targets
):
    with pytest.raises(PermissionDenied):
        target_set(
            acting_user=cast["lucheng"],
            year=2019,
            month=None,
            amount_fen=100,
            region=region("330381"),
        )
    with pytest.raises(PermissionDenied):
        target_set(
            acting_user=cast["lucheng"], year=2019, month=None, amount_fen=100, station=world["r1"]
        )
    own = target_set(
        acting_user=cast["lucheng"], year=2019, month=None, amount_fen=100, region=region("330302")
    )
    assert list(SalesTarget.objects.all()) == [own]


def test_a_district_cannot_set_or_delete_another_districts_target_in_the_view(
    client, cast, world, branch_may_set_targets
):
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("sales:target_set"), {"year": "2019", "region": "330381", "amount": "1"}
    )
    assert response.status_code == 302 and not SalesTarget.objects.exists()
    ruian = SalesTarget.objects.create(year=2019, region=region("330381"), amount_fen=1)
    response = client.post(reverse("sales:target_delete", args=[ruian.pk]))
    assert response.status_code == 404 and SalesTarget.objects.filter(pk=ruian.pk).exists()
