"""The yearly public announcement of welfare-fund use (公益金使用情况公告, 阳光福彩)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import DisclosureState


class Disclosure(models.Model):
    """The announcement for one fund year, generated from the ledger (``figures`` is the
    snapshot taken when it was generated), reviewed, approved and published; earlier
    years stay published."""

    year = models.PositiveSmallIntegerField(_("fund year"), unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=DisclosureState.choices, default=DisclosureState.DRAFT
    )
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    foreword = models.TextField(_("foreword"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="welfare/disclosures/", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("welfare-fund disclosure")
        verbose_name_plural = _("welfare-fund disclosures")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)
