from django.db import models
from django.utils.translation import gettext_lazy as _


class GameType(models.TextChoices):
    LOTTO = "lotto", _("Lotto")
    DIGIT = "digit", _("Digit")
    KENO = "keno", _("Keno")
    INSTANT = "instant", _("Instant")
    VIDEO = "video", _("Video")


class ImportMode(models.TextChoices):
    INSERT = "insert", _("Insert new rows only")
    REPLACE = "replace", _("Replace the rows the file covers")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
