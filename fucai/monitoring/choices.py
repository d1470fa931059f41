from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AlertKind(models.TextChoices):
    """What a rule watches; each kind has one rule row (its thresholds are data)."""

    SALES_JUMP = "sales_jump", _("Sales jump")
    SALES_DROP = "sales_drop", _("Sales drop")
    OFF_HOURS = "off_hours", _("Sales outside opening hours")
    TARGET_BEHIND = "target_behind", _("Target falling behind")
    IMPORT_MISSING = "import_missing", _("Sales import missing")
    INSURANCE_LAPSE = "insurance_lapse", _("Insurance about to lapse")
    CERTIFICATE_LAPSE = "certificate_lapse", _("Certificate about to lapse")


class AlertSeverity(models.TextChoices):
    INFO = "info", pgettext_lazy("alert severity", "Notice")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Critical")


class AlertStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("alert status", "Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class CameraKind(models.TextChoices):
    DOME = "dome", _("Dome camera")
    BULLET = "bullet", _("Bullet camera")
    PTZ = "ptz", _("Pan-tilt-zoom camera")


class CameraStatus(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")
    UNKNOWN = "unknown", _("Not yet seen")
