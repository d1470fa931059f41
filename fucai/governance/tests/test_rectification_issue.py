import datetime

import pytest

from ..choices import InspectionResult, InspectionStatus, RectificationStatus, Severity
from ..models import RectificationOrder
from ..services.rectifications import rectification_issue_for_inspection
from .factories import ChecklistItemFactory, InspectionAnswerFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def _submitted_inspection(**kwargs):
    return InspectionFactory(
        status=InspectionStatus.SUBMITTED,
        result=InspectionResult.FAILED,
        inspected_on=datetime.date(2019, 6, 3),
        **kwargs,
    )


def test_each_failed_item_gets_one_order_with_a_deadline_by_severity(cast):
    inspection = _submitted_inspection(inspector=cast["inspector"])
    template = inspection.template
    minor = ChecklistItemFactory(section__template=template, severity=Severity.MINOR)
    critical = ChecklistItemFactory(section__template=template, critical=True)
    InspectionAnswerFactory(inspection=inspection, item=minor, passed=False, comment="未公示")
    InspectionAnswerFactory(inspection=inspection, item=critical, passed=False)
    InspectionAnswerFactory(inspection=inspection, passed=True)

    orders = rectification_issue_for_inspection(
        inspection=inspection, acting_user=cast["inspector"]
    )

    assert [(o.item_id, o.severity) for o in orders] == [
        (minor.id, Severity.MINOR),
        (critical.id, Severity.CRITICAL),
    ]
    assert orders[0].deadline_on == datetime.date(2019, 7, 3)
    assert orders[1].deadline_on == datetime.date(2019, 6, 10)
    assert orders[0].problem == "未公示"
    assert orders[0].number == "ZG20190603-0001"
    assert orders[1].number == "ZG20190603-0002"
    assert all(o.status == RectificationStatus.OPEN for o in orders)
    assert all(o.events.get().action == "issue" for o in orders)


def test_issuing_twice_does_not_duplicate_orders(cast):
    inspection = _submitted_inspection(inspector=cast["inspector"])
    InspectionAnswerFactory(inspection=inspection, passed=False)

    rectification_issue_for_inspection(inspection=inspection, acting_user=cast["inspector"])
    again = rectification_issue_for_inspection(inspection=inspection, acting_user=cast["inspector"])

    assert again == []
    assert RectificationOrder.objects.filter(inspection=inspection).count() == 1
