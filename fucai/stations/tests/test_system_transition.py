"""The registry's status change taken by the system (a scheduled rule, no user): the
same lifecycle rules, a status-change row and an audit entry without a user ("system")."""

import pytest
from django.core.exceptions import ValidationError

from fucai.core.models import AuditEntry
from fucai.stations.choices import StationStatus
from fucai.stations.services import station_transition_by_system
from fucai.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def test_the_system_changes_a_status_and_is_audited_as_the_system():
    station = StationFactory(status=StationStatus.ACTIVE)
    station_transition_by_system(
        station=station, to_status=StationStatus.RECTIFYING, reason="整改逾期"
    )
    station.refresh_from_db()
    assert station.status == StationStatus.RECTIFYING and station.version == 2
    change = station.status_changes.get()
    assert change.actor is None and change.reason == "整改逾期"
    entry = AuditEntry.objects.get(object_id=str(station.pk), action="transition")
    assert entry.actor is None and entry.actor_name == "system" and entry.comment == "整改逾期"


def test_the_system_follows_the_lifecycle_and_gives_a_reason():
    station = StationFactory(status=StationStatus.CLOSED)
    with pytest.raises(ValidationError):
        station_transition_by_system(station=station, to_status=StationStatus.ACTIVE, reason="x")
    station = StationFactory(status=StationStatus.ACTIVE)
    with pytest.raises(ValidationError):
        station_transition_by_system(station=station, to_status=StationStatus.SUSPENDED, reason="")
