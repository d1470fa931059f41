"""The ``open_alerts`` risk rule: unresolved sales alerts of a month become a proposal
for a special inspection; resolved ones and paperwork alerts do not."""

import datetime

import pytest

from fucai.monitoring.choices import AlertKind, AlertStatus
from fucai.monitoring.tests.factories import AlertFactory
from fucai.stations.tests.factories import StationFactory

from ..models import InspectionProposal
from ..services import risk

pytestmark = pytest.mark.django_db

NOV = datetime.date(2019, 11, 1)


def test_unresolved_sales_alerts_of_the_month_are_proposed():
    flagged, resolved, paperwork = StationFactory(), StationFactory(), StationFactory()
    AlertFactory(station=flagged, day=datetime.date(2019, 11, 3))
    AlertFactory(station=flagged, kind=AlertKind.OFF_HOURS, day=datetime.date(2019, 11, 9))
    AlertFactory(station=flagged, day=datetime.date(2019, 10, 30))  # another month
    AlertFactory(station=resolved, day=NOV, status=AlertStatus.RESOLVED)
    AlertFactory(station=paperwork, kind=AlertKind.INSURANCE_LAPSE, day=NOV)

    findings = risk.find_open_alerts(NOV)
    assert [(f.station_id, f.rule) for f in findings] == [(flagged.pk, risk.RULE_ALERTS)]
    assert findings[0].evidence["alerts"] == 2
    assert findings[0].evidence["first_day"] == "2019-11-03"


def test_the_scan_stores_the_proposal_with_its_reason():
    station = StationFactory()
    AlertFactory(station=station, day=datetime.date(2019, 11, 3))
    risk.risk_scan(month=NOV)
    proposal = InspectionProposal.objects.get(station=station, rule=risk.RULE_ALERTS)
    assert "2019-11-03" in proposal.reason
