"""Cameras: registering and editing them (audited, inside the user's data scope), and
the status check that marks a camera online when its HLS playlist answers and offline
when it does not (``last_seen_at`` is the last time it answered)."""

import logging
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_CAMERAS
from fucai.core.scope import require_region
from fucai.core.services import require

from ..choices import CameraStatus
from ..models import Camera

logger = logging.getLogger(__name__)

FIELDS = ["station", "hall", "region", "name", "location", "kind", "stream_url"]
CHECK_TIMEOUT = 5  # seconds per playlist
PLAYLIST_MAGIC = b"#EXTM3U"


def validate_stream_url(url: str) -> None:
    """An HLS playlist: a path on this site (``/static/...``) or an http(s) URL."""
    parts = urlsplit(url)
    local = url.startswith("/") and not url.startswith("//")
    if not (local or (parts.scheme in ("http", "https") and parts.netloc)):
        raise ValidationError({"stream_url": _("Give an http(s) address or a path on this site.")})
    if not parts.path.endswith(".m3u8"):
        raise ValidationError({"stream_url": _("The address must name an HLS playlist (.m3u8).")})


@transaction.atomic
def camera_save(*, camera: Camera | None, acting_user, data: dict) -> Camera:
    """Create (``camera=None``) or edit a camera. A station camera lies in the station's
    district; a hall camera in the district given."""
    require(acting_user, MANAGE_CAMERAS)
    creating = camera is None
    if creating:
        camera = Camera()
        before = {}
    else:
        camera = Camera.objects.select_for_update().get(pk=camera.pk)
        require_region(acting_user, camera.region)
        before = audit.snapshot(camera, fields=FIELDS)
    for name in FIELDS:
        if name in data:
            setattr(camera, name, data[name])
    if camera.station is not None:
        camera.region = camera.station.region
        camera.hall = ""
    elif not camera.hall:
        raise ValidationError({"hall": _("Name the hall, or choose a station.")})
    if camera.region_id is None:
        raise ValidationError({"region": _("Choose the district.")})
    require_region(acting_user, camera.region)
    validate_stream_url(camera.stream_url)
    if not creating and camera.stream_url != before.get("stream_url"):
        camera.status = CameraStatus.UNKNOWN
    camera.full_clean()
    camera.save()
    changes = audit.diff(Camera, before, audit.snapshot(camera, fields=FIELDS))
    audit.record(
        actor=acting_user,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=camera,
        changes=changes,
    )
    return camera


def playlist_reachable(url: str) -> bool:
    """Whether the playlist answers with an HLS playlist. A path under STATIC_URL is
    looked up in the static files (the demo's sample stream) without a request."""
    if url.startswith(settings.STATIC_URL):
        path = finders.find(url[len(settings.STATIC_URL) :])
        if not path:
            return False
        with open(path, "rb") as handle:
            return handle.read(len(PLAYLIST_MAGIC)) == PLAYLIST_MAGIC
    if urlsplit(url).scheme not in ("http", "https"):
        return False
    try:
        # The scheme is checked above: http(s) only.
        request = urllib.request.Request(url, headers={"User-Agent": "fucai-camera-check"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=CHECK_TIMEOUT) as response:  # noqa: S310
            return response.status == 200 and response.read(64).lstrip().startswith(PLAYLIST_MAGIC)
    except (OSError, ValueError):
        return False


def camera_check(camera: Camera, *, reachable: bool | None = None) -> Camera:
    """Probe one camera and record the outcome (a change of status is audited)."""
    if reachable is None:
        reachable = playlist_reachable(camera.stream_url)
    status = CameraStatus.ONLINE if reachable else CameraStatus.OFFLINE
    with transaction.atomic():
        locked = Camera.objects.select_for_update().get(pk=camera.pk)
        before = audit.snapshot(locked, fields=["status"])
        locked.status = status
        if reachable:
            locked.last_seen_at = timezone.now()
        locked.save(update_fields=["status", "last_seen_at"])
        if before["status"] != status:
            audit.record(
                actor=None,
                action=AuditAction.UPDATE,
                obj=locked,
                changes=audit.diff(Camera, before, audit.snapshot(locked, fields=["status"])),
                comment=str(_("Status check")),
            )
    return locked


def cameras_check() -> dict[str, int]:
    """Probe every camera (the periodic task)."""
    counts = {CameraStatus.ONLINE: 0, CameraStatus.OFFLINE: 0}
    for camera in Camera.objects.order_by("pk").iterator():
        counts[camera_check(camera).status] += 1
    return {str(k): v for k, v in counts.items()}
