"""The demo's cameras play the local sample stream, one is offline, and its alerts are
what the rules find in the data (a re-run finds nothing new)."""

import datetime

import pytest
from django.db import transaction

from fucai.core.models import AuditEntry, User
from fucai.demo.builder import _county_regions, build_demo, flush_demo
from fucai.demo.monitoring import HALL, SALES_DAYS, SAMPLE_STREAM
from fucai.monitoring.choices import CameraStatus
from fucai.monitoring.models import Alert, Camera
from fucai.monitoring.rules import evaluate
from fucai.monitoring.services import alerts_raise

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        first_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        result = build_demo(
            stations=60,
            flush=True,
            recruitment=False,
            governance=False,
            welfare=False,
            charity=False,
        )
        yield result.monitoring
        with transaction.atomic():
            flush_demo(_county_regions())
            AuditEntry.objects.filter(pk__gt=first_entry or 0).delete()


@pytest.fixture
def demo(loaded, db):
    return loaded


def test_cameras_play_the_sample_stream_and_one_is_offline(demo, client):
    assert Camera.objects.filter(hall=HALL).count() == 2
    assert Camera.objects.filter(station__isnull=False, stream_url=SAMPLE_STREAM).exists()
    offline = Camera.objects.filter(status=CameraStatus.OFFLINE)
    assert offline.count() == demo.offline == 1
    assert Camera.objects.filter(status=CameraStatus.ONLINE).count() == demo.cameras - 1
    client.force_login(User.objects.get(username="leader"))
    station_id = Camera.objects.filter(station__isnull=False).values_list("station_id", flat=True)[
        0
    ]
    response = client.get(f"/monitoring/stations/{station_id}/cameras/")
    assert response.status_code == 200 and SAMPLE_STREAM in response.content.decode()


def test_the_alerts_are_what_the_rules_find(demo):
    assert sum(demo.alerts.values()) == Alert.objects.count() > 0
    # The same data judged again raises nothing new.
    end = datetime.date(2019, 12, 31)
    again = evaluate(start=end - datetime.timedelta(days=SALES_DAYS - 1), end=end)
    assert {f.key for f in again} <= set(Alert.objects.values_list("key", flat=True))
    assert alerts_raise(findings=again, send=False) == []


def test_the_owner_login_sees_the_cameras_of_their_stations(demo, client):
    owner = User.objects.get(username="owner")
    cameras = Camera.objects.visible_to(owner)
    assert cameras.exists()
    assert set(cameras.values_list("station__owner__user", flat=True)) == {owner.pk}
    client.force_login(owner)
    camera = cameras.first()
    assert (
        f"/monitoring/cameras/{camera.pk}/" in client.get("/monitoring/cameras/").content.decode()
    )
