"""Alert rules (thresholds as data) and the alerts they raise on stations and districts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fucai.core.models import Region
from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station

from ..choices import AlertKind, AlertSeverity, AlertStatus


class AlertRule(models.Model):
    """One rule per kind: whether it runs, how severe its alerts are, and its parameters
    (e.g. ``{"z": 3.5, "window_days": 56}`` for a sales jump); edited by staff, audited."""

    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=AlertSeverity.choices, default=AlertSeverity.WARNING
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class AlertQuerySet(ScopedQuerySet):
    # A station's alert is in its district; a district-wide one (an import missing for a
    # district) names the district itself.
    region_path = "region"
    owner_user_path = "station__owner__user"

    def unresolved(self):
        return self.exclude(status=AlertStatus.RESOLVED)


class Alert(models.Model):
    """One finding of a rule. ``key`` identifies the finding (kind, station, day...) so
    that re-evaluating the same data never raises it twice."""

    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices, db_index=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=AlertSeverity.choices, default=AlertSeverity.WARNING
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    key = models.CharField(_("key"), max_length=120, unique=True)
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="alerts"
    )
    # The day of the data the finding is about (a sales day, an expiry date).
    day = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    # The figures behind the finding (observed value, median, MAD, z...), for the page.
    data = models.JSONField(_("figures"), default=dict, blank=True)
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acknowledged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.TextField(_("resolution"), blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["status", "region"], name="monitoring_alert_open")]

    def __str__(self) -> str:
        return self.title
