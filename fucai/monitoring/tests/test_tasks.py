"""The periodic tasks, and the cost of the list pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fucai.core.tests.factories import region
from fucai.monitoring.choices import CameraStatus
from fucai.monitoring.models import Alert
from fucai.monitoring.tasks import check_cameras, evaluate_alerts
from fucai.stations.tests.factories import StationFactory

from .factories import AlertFactory, CameraFactory, sales_days

pytestmark = pytest.mark.django_db


def test_the_nightly_run_finds_data_that_stopped_coming():
    station = StationFactory(region=region("330381"))
    today = timezone.localdate()
    sales_days(station, today - datetime.timedelta(days=40), [100_000] * 36)
    assert evaluate_alerts() >= 1
    missing = Alert.objects.filter(kind="import_missing").order_by("day")
    assert missing.first().day == today - datetime.timedelta(days=4)
    assert missing.last().day == today - datetime.timedelta(days=1)
    assert evaluate_alerts() == 0  # nothing twice


def test_the_camera_check_marks_unreachable_playlists_offline():
    good = CameraFactory()
    bad = CameraFactory(stream_url="/static/monitoring/sample/gone.m3u8")
    assert check_cameras() == {"online": 1, "offline": 1}
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == CameraStatus.ONLINE and good.last_seen_at is not None
    assert bad.status == CameraStatus.OFFLINE and bad.last_seen_at is None


@pytest.mark.parametrize("url_name", ["monitoring:alerts", "monitoring:cameras"])
def test_a_list_page_costs_a_few_queries_however_many_rows(client, cast, url_name):
    for _ in range(3):
        AlertFactory()
        CameraFactory()
    client.force_login(cast["leader"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    for _ in range(20):
        AlertFactory()
        CameraFactory()
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(many) == len(few) <= 15
