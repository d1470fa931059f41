import datetime
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import OrgUnit
from fucai.core.tests.factories import UserFactory, branch, region
from fucai.stations.choices import StationStatus
from fucai.stations.tests.factories import StationFactory

from ..choices import InspectionKind, InspectionStatus, PlanKind
from ..models import Inspection, InspectionPlan
from ..services import planning
from .factories import ensure_default_checklists

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _checklists(db):
    # A transactional test elsewhere may have flushed the migration's rows.
    ensure_default_checklists()


START, DUE = datetime.date(2019, 3, 1), datetime.date(2019, 11, 30)


def _inspector(name, unit):
    return UserFactory(username=name, role=Role.INSPECTOR, org_unit=unit)


@pytest.fixture
def network(cast, center):
    lucheng = [StationFactory(region=region("330302")) for _ in range(7)]
    ruian = [StationFactory(region=region("330381")) for _ in range(4)]
    StationFactory(region=region("330302"), status=StationStatus.CLOSED)
    # 鹿城 has the cast's inspector and one more; 瑞安 has none of its own.
    second = _inspector("insp2", branch("330302"))
    central = _inspector("central", center)
    return {"lucheng": lucheng, "ruian": ruian, "second": second, "central": central}


def _campaign(user, **kwargs):
    return planning.campaign_plan(
        year=2019, starts_on=START, due_on=DUE, acting_user=user, **kwargs
    )


def test_the_campaign_plans_every_active_station_balanced_per_district(cast, network):
    result = _campaign(cast["stations"], regions=[region("330302"), region("330381")])

    assert result.created == 11 and result.unassigned == {}
    rows = Inspection.objects.filter(year=2019, kind=InspectionKind.ANNUAL)
    assert rows.count() == 11
    lucheng = Counter(
        rows.filter(station__region__code="330302").values_list("inspector__username", flat=True)
    )
    assert lucheng == {"inspector": 4, "insp2": 3} or lucheng == {"inspector": 3, "insp2": 4}
    # 瑞安's branch has no inspector: the center's inspector takes them.
    ruian = set(
        rows.filter(station__region__code="330381").values_list("inspector__username", flat=True)
    )
    assert ruian == {"central"}
    assert all(START <= i.planned_on <= DUE and i.due_on == DUE for i in rows)
    assert result.plan.kind == PlanKind.CAMPAIGN
    assert set(result.plan.regions.values_list("code", flat=True)) == {"330302", "330381"}


def test_running_the_campaign_again_duplicates_nothing(cast, network):
    _campaign(cast["stations"])
    again = _campaign(cast["stations"])
    assert again.created == 0 and again.already_planned == 11
    assert InspectionPlan.objects.filter(kind=PlanKind.CAMPAIGN, year=2019).count() == 1
    assert Inspection.objects.filter(year=2019).count() == 11

    # A station opened since is planned by the next run, to the least-loaded inspector.
    StationFactory(region=region("330302"))
    third = _inspector("insp3", branch("330302"))
    assert _campaign(cast["stations"]).created == 1
    assert Inspection.objects.filter(inspector=third).count() == 1


def test_a_cancelled_inspection_does_not_count_as_planned(cast, network):
    _campaign(cast["stations"])
    Inspection.objects.filter(station=network["lucheng"][0]).update(
        status=InspectionStatus.CANCELLED
    )
    assert _campaign(cast["stations"]).created == 1


def test_a_district_without_any_inspector_is_reported_not_planned(cast, network):
    network["central"].delete()
    result = _campaign(cast["stations"])
    assert result.created == 7
    assert {r.code: n for r, n in result.unassigned.items()} == {"330381": 4}


def test_branch_staff_plan_their_district_only(cast, network):
    result = _campaign(cast["lucheng"])
    assert result.created == 7
    assert not Inspection.objects.filter(station__region__code="330381").exists()
    with pytest.raises(PermissionDenied):
        _campaign(cast["lucheng"], regions=[region("330381")])


def test_the_plan_must_start_in_its_year(cast, network):
    with pytest.raises(ValidationError):
        planning.campaign_plan(year=2020, starts_on=START, due_on=DUE, acting_user=cast["stations"])


def test_a_routine_plan_inspects_a_set_of_stations_once_each(cast, network):
    stations = network["lucheng"][:3]
    result = planning.routine_plan(
        name="三月巡查",
        stations=stations,
        starts_on=datetime.date(2019, 3, 1),
        due_on=datetime.date(2019, 3, 31),
        acting_user=cast["lucheng"],
    )
    assert result.created == 3 and result.plan.kind == PlanKind.ROUTINE
    assert set(result.plan.inspections.values_list("kind", flat=True)) == {"routine"}
    with pytest.raises(PermissionDenied):
        planning.routine_plan(
            name="越权",
            stations=network["ruian"][:1],
            starts_on=START,
            due_on=DUE,
            acting_user=cast["lucheng"],
        )


def test_an_ad_hoc_inspection_goes_to_the_least_loaded_inspector(cast, network):
    _campaign(cast["stations"], regions=[region("330302")])
    busy = Inspection.objects.filter(station__region__code="330302")
    load = Counter(busy.values_list("inspector__username", flat=True))
    inspection = planning.inspection_plan_ad_hoc(
        station=network["lucheng"][0],
        kind=InspectionKind.SPECIAL,
        planned_on=datetime.date(2019, 5, 1),
        reason="群众举报赊销",
        acting_user=cast["stations"],
    )
    assert inspection.inspector.username == min(load, key=lambda name: (load[name], name))
    assert inspection.plan is None and inspection.reason == "群众举报赊销"


def test_reassigning_checks_the_new_inspector_covers_the_district(cast, network):
    _campaign(cast["stations"])
    inspection = Inspection.objects.filter(station__region__code="330302").first()
    other = network["second"] if inspection.inspector != network["second"] else cast["inspector"]
    planning.inspection_reassign(
        inspection=inspection, inspector=other, acting_user=cast["lucheng"], comment="请假"
    )
    assert Inspection.objects.get(pk=inspection.pk).inspector == other

    ruian_staff = UserFactory(username="ruian_insp", role=Role.INSPECTOR, org_unit=branch("330381"))
    with pytest.raises(ValidationError):
        planning.inspection_reassign(
            inspection=inspection, inspector=ruian_staff, acting_user=cast["stations"]
        )
    Inspection.objects.filter(pk=inspection.pk).update(status=InspectionStatus.IN_PROGRESS)
    with pytest.raises(ValidationError):
        planning.inspection_reassign(
            inspection=inspection, inspector=cast["inspector"], acting_user=cast["stations"]
        )


def test_an_inspector_attached_nowhere_is_never_picked(cast, network):
    UserFactory(username="loose", role=Role.INSPECTOR, org_unit=None)
    OrgUnit.objects.create(name="空分中心", kind=OrgUnitKind.BRANCH)
    pools = planning.district_inspectors([region("330302").pk])
    assert "loose" not in {u.username for u in pools[region("330302").pk]}
