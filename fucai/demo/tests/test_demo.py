"""The ``demo`` command: size, spread, valid identities, logins, idempotence, determinism.

Most tests load a small network (120 active stations) to stay fast; one loads the full
default size, which takes a few seconds on SQLite.
"""

import datetime
import itertools
import re
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from fucai.core import crypto
from fucai.core.choices import AuditAction, OrgUnitKind, Role
from fucai.core.models import AuditEntry, OrgUnit, User
from fucai.core.validators import validate_credit_code, validate_id_number, validate_mobile
from fucai.demo.orgs import CENTER_NAME, DEMO_PASSWORD, DEPARTMENTS
from fucai.demo.plan import add_years, largest_remainder
from fucai.stations import cover
from fucai.stations.choices import OwnerKind, StationKind, StationStatus
from fucai.stations.models import (
    AgencyContract,
    InsurancePolicy,
    Station,
    StationOwner,
    StationStatusChange,
)

WENZHOU = {
    "330302", "330303", "330304", "330305", "330324", "330326",
    "330327", "330328", "330329", "330381", "330382", "330383",
}  # fmt: skip
EXPECTED_ROLES = {
    "admin": Role.SYSTEM_ADMIN,
    "leader": Role.LEADERSHIP,
    "stations": Role.STATION_MANAGEMENT,
    "finance": Role.FINANCE,
    "charity": Role.CHARITY,
    "marketing": Role.MARKETING,
    "party": Role.PARTY_AFFAIRS,
    "inspector": Role.INSPECTOR,
    "lucheng": Role.BRANCH_STAFF,
    "ruian": Role.BRANCH_STAFF,
    "owner": Role.STATION_OWNER,
    "applicant": Role.APPLICANT,
}


def run_demo(**options) -> str:
    """Run the command; the registry tests skip the daily sales, the recruitment and
    the supervision data (test_demo_sales.py, test_demo_recruitment.py,
    test_demo_governance.py)."""
    options.setdefault("no_sales", True)
    options.setdefault("no_recruitment", True)
    options.setdefault("no_governance", True)
    out = StringIO()
    call_command("demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db) -> str:
    return run_demo(stations=120)


def station_rows() -> list[tuple[str, str, str, str]]:
    return list(
        Station.objects.order_by("code").values_list("code", "name", "region__code", "kind")
    )


def test_active_count_and_every_region(demo):
    active = Station.objects.filter(status=StationStatus.ACTIVE)
    assert active.count() == 120
    assert set(active.values_list("region__code", flat=True)) == WENZHOU
    assert Station.objects.filter(status=StationStatus.CLOSED).count() >= 1
    preparing = Station.objects.filter(status=StationStatus.PREPARING)
    assert preparing.exists()
    assert not preparing.exclude(opened_on=None).exists()
    assert "合计" in demo and "fucai-demo" in demo


def test_policies_cover_2019_and_their_ends_are_spread_around_today(demo):
    from fucai.stations import selectors

    periods: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
    for station_id, starts, ends in InsurancePolicy.objects.order_by("starts_on").values_list(
        "station_id", "starts_on", "ends_on"
    ):
        periods.setdefault(station_id, []).append((starts, ends))
    today = timezone.localdate()
    insured = Station.objects.filter(status=StationStatus.ACTIVE)
    assert insured.count() > 90
    in_force_today = 0
    renewal_months = set()
    year_end = datetime.date(2019, 12, 31)
    for station in insured:
        terms = periods.get(station.pk, [])
        # Insured every day of 2019 from its opening: back-to-back one-year policies.
        first_day = max(datetime.date(2019, 1, 1), station.opened_on)
        joined = cover.cover_periods(terms, first_day)
        assert joined[0][0] <= first_day and joined[0][1] >= year_end, station.code
        assert all(a[1] < b[0] for a, b in itertools.pairwise(terms)), terms
        renewal_months |= {s.month for s, _e in terms if s.year == 2019 and s > first_day}
        in_force_today += any(s <= today <= e for s, e in terms)
    assert renewal_months == set(range(1, 13))  # renewals spread over the year
    assert in_force_today >= 0.85 * insured.count()  # most are current
    assert not InsurancePolicy.objects.filter(premium_fen=0).exists()
    leader = User.objects.get(username="leader")
    due_30 = list(selectors.expiring_policies(leader, 30, today))
    due_60 = list(selectors.expiring_policies(leader, 60, today))
    assert due_30 and len(due_60) > len(due_30)  # some due within 30 days, more within 60
    lapsed = list(selectors.uninsured_stations(leader, today))
    assert lapsed  # a few let their policy lapse
    ends = {periods[s.pk][-1][1] for s in lapsed}
    assert all(today - datetime.timedelta(days=60) <= end < today for end in ends)
    assert len({terms[-1][1] for terms in periods.values()}) > 30  # not one common end
    assert InsurancePolicy.objects.filter(station__status=StationStatus.PREPARING).count() == 0
    # The cover kept on each station (bulk-loaded policies send no signals).
    for station in Station.objects.all():
        stored = {name: getattr(station, name) for name in cover.FIELDS}
        assert stored == cover.cover_fields(periods.get(station.pk, []), today), station.code


def test_every_station_posts_opening_hours(demo):
    assert not Station.objects.filter(opening_hours="").exists()


def test_owner_identities_are_valid_and_unique(demo):
    owners = list(StationOwner.objects.all())
    assert any(o.kind == OwnerKind.PERSON for o in owners)
    for owner in owners:
        if owner.kind == OwnerKind.PERSON:
            assert validate_id_number(owner.id_number) == owner.id_number
        else:
            assert validate_credit_code(owner.id_number) == owner.id_number
        assert owner.id_number_digest == crypto.blind_index(owner.id_number)
        assert validate_mobile(owner.phone) == owner.phone
    assert len({o.id_number for o in owners}) == len(owners)
    assert len({o.phone for o in owners}) == len(owners)


def test_codes_are_unique_eight_digits(demo):
    codes = list(Station.objects.values_list("code", flat=True))
    assert all(re.fullmatch(r"3303\d{4}", code) for code in codes)
    assert len(set(codes)) == len(codes)


def test_contracts_and_history(demo):
    stations = {s.pk: s for s in Station.objects.all()}
    today = timezone.localdate()
    by_station: dict[int, list[AgencyContract]] = {}
    for contract in AgencyContract.objects.order_by("starts_on"):
        by_station.setdefault(contract.station_id, []).append(contract)
    expected = {"computer": 2_000_000, "instant": 1_000_000, "video": 5_000_000}
    for station in stations.values():
        contracts = by_station.get(station.pk, [])
        if station.status == StationStatus.PREPARING:
            assert contracts == []
            continue
        assert contracts, station.code
        # the contract in force at the end of 2019 ...
        assert station.opened_on <= contracts[0].starts_on <= datetime.date(2019, 12, 31)
        for contract in contracts:
            assert contract.ends_on == add_years(contract.starts_on, 3) - datetime.timedelta(days=1)
            assert contract.deposit_fen == expected[station.kind]
        # ... renewed back to back, and for a station still open, one in force today
        for before, after in itertools.pairwise(contracts):
            assert after.starts_on == before.ends_on + datetime.timedelta(days=1)
        if station.status != StationStatus.CLOSED:
            assert any(c.is_current(today) for c in contracts), station.code
        else:
            assert len(contracts) == 1
    history: dict[int, list[StationStatusChange]] = {}
    for change in StationStatusChange.objects.order_by("effective_on", "pk"):
        history.setdefault(change.station_id, []).append(change)
    for station in stations.values():
        changes = history[station.pk]
        assert changes[0].from_status == "" and changes[0].to_status == StationStatus.PREPARING
        assert changes[-1].to_status == station.status
        assert changes[-1].effective_on == station.status_changed_on
        for before, after in itertools.pairwise(changes):
            assert after.from_status == before.to_status


def test_demo_users_roles_and_login(demo):
    users = {u.username: u for u in User.objects.filter(username__in=EXPECTED_ROLES)}
    assert {name: u.role for name, u in users.items()} == EXPECTED_ROLES
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert all(u.display_name for u in users.values())
    for username in EXPECTED_ROLES:
        assert Client().login(username=username, password=DEMO_PASSWORD), username


def test_owner_login_holds_a_lucheng_station(demo):
    owned = Station.objects.filter(
        owner__user__username="owner", status=StationStatus.ACTIVE, region__code="330302"
    )
    assert owned.count() >= 1


def test_org_units(demo):
    center = OrgUnit.objects.get(name=CENTER_NAME, kind=OrgUnitKind.CENTER)
    departments = OrgUnit.objects.filter(kind=OrgUnitKind.DEPARTMENT, parent=center)
    assert set(departments.values_list("name", flat=True)) == set(DEPARTMENTS)
    branches = OrgUnit.objects.filter(kind=OrgUnitKind.BRANCH, parent=center)
    assert branches.count() == 12
    lucheng = User.objects.get(username="lucheng").org_unit
    assert lucheng.name == "鹿城分中心"
    assert list(lucheng.regions.values_list("code", flat=True)) == ["330302"]
    assert User.objects.get(username="inspector").org_unit == lucheng
    ruian = User.objects.get(username="ruian").org_unit
    assert list(ruian.regions.values_list("code", flat=True)) == ["330381"]


def test_if_empty_does_not_duplicate(db):
    run_demo(stations=30, if_empty=True)
    counts = (Station.objects.count(), StationOwner.objects.count(), User.objects.count())
    output = run_demo(stations=30, if_empty=True)
    assert "not loaded" in output
    # make run prints this each time: the 浙里办 sign-in of the demo (FUCAI_OIDC_DEMO).
    assert "/dev/gov-idp/" in output and "使用浙里办登录" in output
    assert (Station.objects.count(), StationOwner.objects.count(), User.objects.count()) == counts


def test_refuses_to_load_over_existing_stations(demo):
    with pytest.raises(CommandError, match="--flush"):
        run_demo(stations=10)


def test_deterministic_and_flush_replaces(db):
    run_demo(stations=120, flush=True)
    first = station_rows()
    owners_first = sorted(StationOwner.objects.values_list("name", flat=True))
    run_demo(stations=120, flush=True)
    assert station_rows() == first
    assert sorted(StationOwner.objects.values_list("name", flat=True)) == owners_first
    assert Station.objects.filter(status=StationStatus.ACTIVE).count() == 120
    # One summary audit entry per load (on the center; siting's population file is
    # imported, and audited, on its own); the flush removed the previous one.
    summaries = AuditEntry.objects.filter(action=AuditAction.IMPORT, content_type__model="orgunit")
    assert summaries.count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT).count() == 2
    run_demo(stations=120, flush=True, seed=7)
    assert station_rows() != first


def test_largest_remainder_is_exact():
    shares = largest_remainder(
        1275, [1070, 780, 970, 160, 870, 760, 840, 290, 260, 1250, 1400, 380]
    )
    assert sum(shares) == 1275
    assert shares[0] == 151  # 鹿城: 1275 × 1070 / 9030 = 151.08


def test_full_size_default_run(db):
    started = time.perf_counter()
    output = run_demo()
    elapsed = time.perf_counter() - started
    assert Station.objects.filter(status=StationStatus.ACTIVE).count() == 1275
    assert 40 <= Station.objects.filter(status=StationStatus.CLOSED).count() <= 50
    assert 20 <= Station.objects.filter(status=StationStatus.PREPARING).count() <= 30
    active = Station.objects.filter(status=StationStatus.ACTIVE)
    video = active.filter(kind=StationKind.VIDEO)
    assert set(video.values_list("region__code", flat=True)) <= {
        "330302", "330303", "330304", "330381", "330382"
    }  # fmt: skip
    assert 1275 * 0.02 <= video.count() <= 1275 * 0.04
    assert "1275" in output
    assert elapsed < 30, f"the full demo took {elapsed:.1f} s"
