"""The demo's monitoring: cameras at some stations and in the center's hall, all pointing
at the short local sample HLS stream (static/monitoring/sample/), one station camera whose
gateway no longer answers (the offline list), and the alerts the rules raise over the
last weeks of the 2019 sales and today's insurance and certificate dates — computed by
the rules from the data, none typed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from fucai.core.models import AuditEntry, Region
from fucai.monitoring.choices import CameraKind, CameraStatus
from fucai.monitoring.models import Alert, Camera
from fucai.monitoring.services import alerts_run, camera_check
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

SAMPLE_STREAM = "/static/monitoring/sample/stream.m3u8"
# A gateway address that does not answer: the demo's offline camera.
DEAD_STREAM = "/static/monitoring/sample/offline.m3u8"
# Station cameras: the first stations (by code) of each district get these, and the
# stations of an owner with a sign-in.
STATIONS_PER_DISTRICT = 2
STATION_CAMERAS = (("收银台", CameraKind.DOME), ("门口", CameraKind.BULLET))
HALL = "市福彩中心开奖大厅"
HALL_CAMERAS = (("开奖大厅全景", CameraKind.PTZ, "大厅"), ("兑奖窗口", CameraKind.DOME, "兑奖处"))
# The sales rules judge the last days of the demo's data (2019).
SALES_DAYS = 14


@dataclass
class MonitoringSummary:
    cameras: int = 0
    offline: int = 0
    alerts: dict[str, int] = field(default_factory=dict)


def flush_demo_monitoring() -> dict[str, int]:
    deleted = {
        str(Alert._meta.verbose_name_plural): Alert.objects.all().delete()[0],
        str(Camera._meta.verbose_name_plural): Camera.objects.all().delete()[0],
    }
    AuditEntry.objects.filter(content_type__app_label="monitoring").delete()
    return deleted


def _cameras(summary: MonitoringSummary) -> None:
    city = Region.objects.get(code=settings.FUCAI_CITY_REGION)
    cameras = [
        Camera(
            hall=HALL, region=city, name=name, kind=kind, location=where, stream_url=SAMPLE_STREAM
        )
        for name, kind, where in HALL_CAMERAS
    ]
    seen: dict[int, int] = {}
    for station in (
        Station.objects.filter(status=StationStatus.ACTIVE).select_related("owner")
    ).order_by("region_id", "code"):
        # A station whose owner signs in (the demo's `owner`) shows them its cameras.
        if station.owner.user_id is None:
            if seen.get(station.region_id, 0) >= STATIONS_PER_DISTRICT:
                continue
            seen[station.region_id] = seen.get(station.region_id, 0) + 1
        for location, kind in STATION_CAMERAS:
            cameras.append(
                Camera(
                    station=station,
                    region_id=station.region_id,
                    name=f"{station.name}{location}",
                    location=location,
                    kind=kind,
                    stream_url=SAMPLE_STREAM,
                )
            )
    # The last station camera's gateway went away: it shows on the offline list.
    if len(cameras) > len(HALL_CAMERAS):
        cameras[-1].stream_url = DEAD_STREAM
    Camera.objects.bulk_create(cameras)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    for camera in Camera.objects.order_by("pk"):
        checked = camera_check(camera)
        if checked.status == CameraStatus.OFFLINE:
            Camera.objects.filter(pk=camera.pk).update(last_seen_at=yesterday)
            summary.offline += 1
        summary.cameras += 1


def load_demo_monitoring(*, today: datetime.date | None = None) -> MonitoringSummary:
    """Cameras, then the alerts the rules find (after the sales, staff and insurance
    steps: the rules read them)."""
    summary = MonitoringSummary()
    _cameras(summary)
    end = datetime.date(2019, 12, 31)
    created = alerts_run(
        start=end - datetime.timedelta(days=SALES_DAYS - 1),
        end=end,
        today=today or timezone.localdate(),
        send=True,
    )
    for alert in created:
        summary.alerts[alert.kind] = summary.alerts.get(alert.kind, 0) + 1
    return summary
