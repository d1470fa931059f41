"""The alert and camera pages, the services behind them and the alerts API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fucai.core.models import AuditEntry, Notification
from fucai.core.tests.factories import region
from fucai.monitoring.choices import AlertStatus, CameraStatus
from fucai.monitoring.models import Alert, AlertRule, Camera
from fucai.monitoring.rules import params_of
from fucai.monitoring.services import (
    alert_acknowledge,
    alert_resolve,
    alert_rule_update,
    camera_check,
    camera_save,
)
from fucai.monitoring.services.cameras import playlist_reachable
from fucai.monitoring.services.notify import new_alerts
from fucai.stations.tests.factories import StationFactory, StationOwnerFactory

from .factories import SAMPLE_STREAM, AlertFactory, CameraFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts(cast):
    lucheng = AlertFactory(station=StationFactory(region=region("330302")), title="鹿城预警")
    ruian = AlertFactory(station=StationFactory(region=region("330381")), title="瑞安预警")
    return lucheng, ruian


def test_the_list_shows_only_the_districts_in_scope(client, cast, alerts):
    client.force_login(cast["lucheng"])
    page = client.get(reverse("monitoring:alerts")).content.decode()
    assert "鹿城预警" in page and "瑞安预警" not in page
    client.force_login(cast["leader"])
    page = client.get(reverse("monitoring:alerts"), {"region": "330381"}).content.decode()
    assert "瑞安预警" in page and "鹿城预警" not in page


def test_the_list_filters_by_status(client, cast, alerts):
    alerts[0].status = AlertStatus.RESOLVED
    alerts[0].save()
    client.force_login(cast["leader"])
    page = client.get(reverse("monitoring:alerts"), {"status": "unresolved"}).content.decode()
    assert "瑞安预警" in page and "鹿城预警" not in page


def test_acknowledge_then_resolve_from_the_page_is_audited(client, cast, alerts):
    alert = alerts[0]
    client.force_login(cast["lucheng"])
    response = client.post(
        reverse("monitoring:alert_acknowledge", args=[alert.pk]), {"note": "在查"}
    )
    assert response.status_code == 302
    response = client.post(reverse("monitoring:alert_resolve", args=[alert.pk]), {"resolution": ""})
    assert response.status_code == 400
    response = client.post(
        reverse("monitoring:alert_resolve", args=[alert.pk]),
        {"resolution": "派奖活动带动，属正常。"},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED
    assert alert.acknowledged_by == cast["lucheng"] and alert.resolved_by == cast["lucheng"]
    entries = AuditEntry.objects.filter(object_id=str(alert.pk), action="transition")
    assert [e.comment for e in entries.order_by("at")] == ["在查", "派奖活动带动，属正常。"]
    page = client.get(reverse("monitoring:alert_detail", args=[alert.pk])).content.decode()
    assert "派奖活动带动" in page and 'data-testid="resolve-form"' not in page


def test_a_resolved_alert_cannot_be_acknowledged(cast, alerts):
    alert = alert_resolve(alert=alerts[0], acting_user=cast["stations"], resolution="已核实")
    with pytest.raises(ValidationError):
        alert_acknowledge(alert=alert, acting_user=cast["stations"])


def test_another_districts_alert_cannot_be_handled(cast, alerts):
    with pytest.raises(PermissionDenied):
        alert_acknowledge(alert=alerts[1], acting_user=cast["lucheng"])


def test_new_alerts_reach_the_branch_the_department_and_the_owner(cast):
    owner_user = cast["owner"]
    station = StationFactory(region=region("330302"), owner=StationOwnerFactory(user=owner_user))
    jump = AlertFactory(station=station, title="销量突增")
    lapse = AlertFactory(
        station=station, kind="insurance_lapse", title="责任险将到期", severity="critical"
    )
    new_alerts([jump, lapse])
    to = {n.recipient.username: n for n in Notification.objects.filter(channel="in_app")}
    assert {"lucheng", "stations", "owner"} <= set(to)
    assert "ruian" not in to
    assert to["owner"].subject == "责任险将到期"  # owners hear of their paperwork only
    assert Notification.objects.filter(channel="sms", recipient=cast["lucheng"]).exists()


def test_the_rules_page_saves_thresholds(client, cast):
    rule = AlertRule.objects.get(kind="sales_jump")
    client.force_login(cast["stations"])
    assert client.get(reverse("monitoring:rules")).status_code == 200
    prefix = f"r{rule.pk}-"
    data = {"rule": rule.pk, prefix + "enabled": "on", prefix + "severity": "critical"}
    data |= {prefix + "p_" + k: v for k, v in params_of(rule).items()}
    data[prefix + "p_z"] = "4.0"
    response = client.post(reverse("monitoring:rules"), data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.params["z"] == 4.0 and rule.severity == "critical"
    assert AuditEntry.objects.filter(object_id=str(rule.pk), action="update").exists()


def test_rule_update_refuses_negative_thresholds(cast):
    rule = AlertRule.objects.get(kind="insurance_lapse")
    with pytest.raises(ValidationError):
        alert_rule_update(
            rule=rule,
            acting_user=cast["stations"],
            enabled=True,
            severity="info",
            params={"days": -1},
        )


def test_the_api_pages_alerts_by_status(client, cast, alerts):
    alerts[1].status = AlertStatus.RESOLVED
    alerts[1].save()
    client.force_login(cast["leader"])
    body = client.get("/api/alerts", {"status": "open"}).json()
    assert body["count"] == 1
    assert body["items"][0]["title"] == "鹿城预警"
    assert body["items"][0]["district_code"] == "330302"
    assert client.get("/api/alerts", {"status": "bogus"}).status_code == 422
    client.force_login(cast["ruian"])
    assert client.get("/api/alerts").json()["count"] == 1


def test_cameras_register_and_check(cast, settings):
    station = StationFactory(region=region("330302"))
    camera = camera_save(
        camera=None,
        acting_user=cast["stations"],
        data={"station": station, "name": "收银台", "kind": "dome", "stream_url": SAMPLE_STREAM},
    )
    assert camera.region == station.region
    with pytest.raises(ValidationError):
        camera_save(
            camera=camera, acting_user=cast["stations"], data={"stream_url": "ftp://x/y.m3u8"}
        )
    assert playlist_reachable(SAMPLE_STREAM)
    assert not playlist_reachable("/static/monitoring/sample/none.m3u8")
    camera = camera_check(camera)
    assert camera.status == CameraStatus.ONLINE and camera.last_seen_at is not None
    camera = camera_check(camera, reachable=False)
    assert camera.status == CameraStatus.OFFLINE and camera.last_seen_at is not None


def test_camera_pages(client, cast):
    camera = CameraFactory(station=StationFactory(region=region("330302")), status="offline")
    hall = CameraFactory(station=None, hall="市中心开奖大厅", region=region("330302"))
    client.force_login(cast["leader"])
    page = client.get(reverse("monitoring:cameras_offline")).content.decode()
    assert camera.name in page and hall.name not in page
    page = client.get(
        reverse("monitoring:station_cameras", args=[camera.station_id])
    ).content.decode()
    assert f'data-hls-src="{SAMPLE_STREAM}"' in page
    assert "vendor/hls/hls.min.js" in page
    client.force_login(cast["stations"])
    response = client.post(
        reverse("monitoring:camera_add"),
        {
            "hall": "瑞安分中心大厅",
            "region": "330381",
            "name": "大厅全景",
            "kind": "ptz",
            "stream_url": SAMPLE_STREAM,
        },
    )
    assert response.status_code == 302
    assert Camera.objects.get(name="大厅全景").region.code == "330381"


def test_the_csp_lets_the_player_use_media_source(client, cast):
    client.force_login(cast["leader"])
    response = client.get(reverse("monitoring:cameras"))
    csp = response.get("Content-Security-Policy", "")
    if csp:
        assert "media-src 'self' blob:" in csp


def test_an_import_evaluates_the_rules(cast, django_capture_on_commit_callbacks):
    from fucai.sales.services import sales_import
    from fucai.sales.tests.factories import csv_file

    AlertRule.objects.exclude(kind="import_missing").update(enabled=False)
    station = StationFactory(code="33038101", region=region("330381"))
    rows = [(station.code, "双色球", f"2019-03-{d:02d}", "1000.00", "10") for d in range(1, 29)]
    rows.append((station.code, "双色球", "2019-03-30", "1000.00", "10"))
    with django_capture_on_commit_callbacks(execute=True):
        batch = sales_import(acting_user=cast["finance"], file=csv_file(rows), filename="三月.csv")
    assert batch.status == "succeeded"
    # 3-29 is missing inside the imported days: the rule sees it right after the import.
    assert Alert.objects.filter(kind="import_missing", day=datetime.date(2019, 3, 29)).exists()
