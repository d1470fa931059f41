"""Liability insurance renewals (责任险续保): the reminders sent before a policy ends and
the insurers' renewal lists imported in bulk. The policies themselves are
``InsurancePolicy`` (registry.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import InsurancePolicy

# Days before a policy's last day when the owner and the branch are reminded.
REMINDER_DAYS = (60, 30, 7)


class InsuranceReminder(models.Model):
    """One reminder sent for a policy at one threshold (60, 30 or 7 days before it
    ends): the row makes the daily run send each reminder once, however often it runs."""

    policy = models.ForeignKey(
        InsurancePolicy,
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_on = models.DateField(_("sent on"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("insurance reminder")
        verbose_name_plural = _("insurance reminders")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "days_before"], name="one_reminder_per_policy_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} -{self.days_before}d"


class InsuranceImport(models.Model):
    """An insurer's renewal list imported in one go (all rows or none): the file's
    fingerprint and what it did. Policies already on file (same number, station and
    period) are skipped, so importing the same list again creates nothing."""

    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    rows = models.PositiveIntegerField(_("data rows"), default=0)
    created = models.PositiveIntegerField(_("policies created"), default=0)
    skipped = models.PositiveIntegerField(_("already on file"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("insurance renewal import")
        verbose_name_plural = _("insurance renewal imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename
