"""Cameras at stations and in the center's halls, played as HLS in the browser."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fucai.core.models import Region
from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station

from ..choices import CameraKind, CameraStatus


class CameraQuerySet(ScopedQuerySet):
    region_path = "region"
    owner_user_path = "station__owner__user"


class Camera(models.Model):
    """A camera at a station (``station`` set) or in a hall of the center or a district
    service station (``hall`` names it). ``region`` carries the data scope either way."""

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cameras",
    )
    hall = models.CharField(_("hall"), max_length=100, blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="cameras"
    )
    name = models.CharField(_("name"), max_length=100)
    location = models.CharField(_("location"), max_length=100, blank=True)
    kind = models.CharField(
        _("camera type"), max_length=10, choices=CameraKind.choices, default=CameraKind.DOME
    )
    # An HLS playlist (.m3u8) URL: the vendor's gateway, or the demo's local sample.
    stream_url = models.CharField(_("stream URL"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=CameraStatus.choices, default=CameraStatus.UNKNOWN
    )
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CameraQuerySet.as_manager()

    class Meta:
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        ordering = ["region__code", "station__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(station__isnull=False) | ~models.Q(hall=""),
                name="monitoring_camera_station_or_hall",
            )
        ]

    def __str__(self) -> str:
        return self.name
