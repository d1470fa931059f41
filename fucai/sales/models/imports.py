"""One imported daily sales file (a batch)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ImportMode, ImportStatus


class SalesImport(models.Model):
    """One upload of daily sales figures (销量日报) from a file: who brought it in, the
    file's checksum (so the same file is never counted twice), what it covered and, when
    it was rejected, every error found in it."""

    filename = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, db_index=True)
    mode = models.CharField(
        _("mode"), max_length=10, choices=ImportMode.choices, default=ImportMode.INSERT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows = models.PositiveIntegerField(_("data rows"), default=0)
    inserted = models.PositiveIntegerField(_("rows inserted"), default=0)
    replaced = models.PositiveIntegerField(_("rows replaced"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # What the file brought in, per game: [{"game": id, "rows", "sales_fen", "tickets"}].
    by_game = models.JSONField(_("totals by game"), default=list, blank=True)
    date_from = models.DateField(_("first sales date"), null=True, blank=True)
    date_to = models.DateField(_("last sales date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sales import")
        verbose_name_plural = _("sales imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A failed attempt may be retried with the same file; a successful one may not.
            models.UniqueConstraint(
                fields=["checksum"],
                condition=Q(status="succeeded"),
                name="salesimport_unique_succeeded_checksum",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    # Set on the batch returned for a file that was already imported; never stored.
    duplicate = False
