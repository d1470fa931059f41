"""Grading (分类分级): metrics read from the data, a year's run in a fixed number of
queries, confirmation and overrides with a reason, publication onto the station,
scheme versions and the data scope."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fucai.core import audit
from fucai.core.models import AuditEntry
from fucai.core.tests.factories import region
from fucai.governance.choices import GradingStatus, InspectionStatus
from fucai.governance.models import GradingResult
from fucai.governance.ratings import load_metrics
from fucai.governance.services import ratings as services
from fucai.governance.tests.factories import InspectionFactory, ViolationFactory
from fucai.sales.models import SalesStationYear
from fucai.stations.tests.factories import (
    CertificateFactory,
    InsurancePolicyFactory,
    StaffAssignmentFactory,
    StationFactory,
)

pytestmark = pytest.mark.django_db


def _sales(station, year, yuan):
    SalesStationYear.objects.create(
        station=station, region=station.region, kind=station.kind, year=year, sales_fen=yuan * 100
    )


def _strong_station(**kwargs):
    station = StationFactory(premises_area=Decimal("90"), **kwargs)
    _sales(station, 2018, 2_000_000)
    _sales(station, 2019, 2_600_000)
    InspectionFactory(
        station=station,
        status=InspectionStatus.SUBMITTED,
        inspected_on=datetime.date(2019, 6, 1),
        score=Decimal("97"),
        max_score=Decimal("100"),
        result="passed",
    )
    InsurancePolicyFactory(
        station=station, starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2019, 12, 31)
    )
    return station


def test_metrics_come_from_the_rollups_inspections_violations_staff_and_insurance():
    station = _strong_station()
    ViolationFactory(station=station)
    staff = StaffAssignmentFactory(station=station).staff
    CertificateFactory(holder=staff)
    expired = StaffAssignmentFactory(station=station).staff
    CertificateFactory(holder=expired, valid_to=datetime.date(2019, 6, 30))
    bare = StationFactory(opened_on=datetime.date(2019, 7, 1))
    InsurancePolicyFactory(
        station=bare, starts_on=datetime.date(2019, 7, 1), ends_on=datetime.date(2019, 9, 30)
    )

    metrics = load_metrics([station, bare], 2019)

    m = metrics[station.pk]
    assert m["sales_yuan"] == 2_600_000
    assert m["sales_growth_pct"] == "30.0"
    assert Decimal(m["premises_area"]) == 90
    assert m["inspection_pct"] == "97.0"
    assert m["violations"] == 1
    assert m["certified_sellers"] == 1  # the other's certificate expired before year end
    assert m["insurance_pct"] == 100
    assert m["complaints"] is None
    b = metrics[bare.pk]
    assert b["sales_yuan"] is None and b["sales_growth_pct"] is None
    assert b["inspection_pct"] is None and b["certified_sellers"] == 0
    assert b["insurance_pct"] == 50  # 92 of the 184 days it was open


def test_certification_is_no_data_until_sellers_are_registered():
    station = StationFactory()
    assert load_metrics([station], 2019)[station.pk]["certified_sellers"] is None


def test_a_run_grades_every_station_that_operated_in_a_fixed_number_of_queries(cast):
    strong = _strong_station()
    for _n in range(5):
        StationFactory()
    StationFactory(status="closed", closed_on=datetime.date(2018, 5, 1))  # not in 2019
    with CaptureQueriesContext(connection) as first:
        summary = services.grading_compute(acting_user=cast["stations"], year=2019)
    assert summary == {"year": 2019, "computed": 6, "kept": 0}
    for _n in range(10):
        StationFactory()
    GradingResult.objects.all().delete()
    with CaptureQueriesContext(connection) as second:
        services.grading_compute(acting_user=cast["stations"], year=2019)
    assert len(second) <= len(first) < 25  # (the first run caches content types)

    result = GradingResult.objects.get(station=strong)
    assert (result.computed_grade, result.computed_class) == ("A", "flagship")
    assert result.grade == "A" and result.status == GradingStatus.COMPUTED
    rows = {item["criterion"]: item for item in result.breakdown}
    assert rows["sales"]["value"] == "2600000" and rows["sales"]["points"] == 100
    assert rows["complaints"]["assessed"] is False
    assert result.scheme.version == 1
    assert audit.history_for(result).filter(action="create").exists()


def test_confirming_with_another_grade_needs_a_reason_and_publishing_writes_the_station(cast):
    station = _strong_station()
    services.grading_compute(acting_user=cast["stations"], year=2019)
    result = GradingResult.objects.get(station=station)
    with pytest.raises(ValidationError) as error:
        services.grading_confirm(
            acting_user=cast["stations"], result=result, grade="B", station_class="flagship"
        )
    assert "override_reason" in error.value.error_dict
    confirmed = services.grading_confirm(
        acting_user=cast["stations"],
        result=result,
        grade="B",
        station_class="flagship",
        override_reason="年内发生过投诉经核实",
    )
    assert confirmed.overridden and confirmed.status == GradingStatus.CONFIRMED
    entry = audit.history_for(result).filter(action="transition").get()
    assert entry.comment == "年内发生过投诉经核实" and "grade" in entry.changes
    # A re-run keeps the confirmed result.
    assert services.grading_compute(acting_user=cast["stations"], year=2019)["kept"] == 1

    assert services.grading_publish(acting_user=cast["stations"], year=2019) == 1
    station.refresh_from_db()
    assert (station.grade, station.grade_year) == ("B", 2019)
    result.refresh_from_db()
    assert result.status == GradingStatus.PUBLISHED and result.published_at
    with pytest.raises(ValidationError):
        services.grading_confirm(
            acting_user=cast["stations"], result=result, grade="A", station_class="flagship"
        )


def test_confirm_the_computed_ones_in_bulk(cast):
    for _n in range(3):
        StationFactory()
    services.grading_compute(acting_user=cast["stations"], year=2019)
    assert services.grading_confirm_computed(acting_user=cast["stations"], year=2019) == 3
    assert not GradingResult.objects.filter(status=GradingStatus.COMPUTED).exists()
    assert AuditEntry.objects.filter(action="transition").count() == 3


def test_editing_a_used_scheme_makes_a_new_version_and_past_results_keep_theirs(cast):
    StationFactory()
    scheme = services.rating_scheme_active("grading")
    unused_edit = services.rating_scheme_update(
        acting_user=cast["stations"],
        scheme=scheme,
        name="方案甲",
        criteria=scheme.criteria,
        bands=scheme.bands,
    )
    assert unused_edit.pk == scheme.pk and unused_edit.name == "方案甲"  # not used yet
    services.grading_compute(acting_user=cast["stations"], year=2018)
    criteria = [{**c, "weight": 50} if c["code"] == "sales" else c for c in scheme.criteria]
    new = services.rating_scheme_update(
        acting_user=cast["stations"],
        scheme=scheme,
        name="方案乙",
        criteria=criteria,
        bands=scheme.bands,
    )
    assert new.pk != scheme.pk and new.version == 2 and new.active
    scheme.refresh_from_db()
    assert not scheme.active and scheme.criteria[0]["weight"] == 30
    assert GradingResult.objects.get(year=2018).scheme == scheme
    services.grading_compute(acting_user=cast["stations"], year=2019)
    assert GradingResult.objects.get(year=2019).scheme == new
    with pytest.raises(ValidationError):
        services.rating_scheme_update(
            acting_user=cast["stations"], scheme=new, name="坏", criteria=[], bands=new.bands
        )


def test_the_permission_holds_and_a_run_may_be_limited_to_a_district(cast):
    lucheng = StationFactory(region=region("330302"))
    StationFactory(region=region("330381"))
    with pytest.raises(PermissionDenied):
        services.grading_compute(acting_user=cast["lucheng"], year=2019)  # districts do not
    services.grading_compute(acting_user=cast["stations"], year=2019, regions=[region("330302")])
    result = GradingResult.objects.get()
    assert result.station == lucheng  # only the district asked for
    with pytest.raises(PermissionDenied):
        services.grading_confirm(
            acting_user=cast["inspector"], result=result, grade="B", station_class="dedicated"
        )
    with pytest.raises(PermissionDenied):
        services.grading_publish(acting_user=cast["owner"], year=2019)
