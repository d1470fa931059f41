"""Conduct supervisors (行风监督员): citizens appointed for a term to watch the center's
conduct, invited to its events, whose feedback is recorded and answered."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, masking
from fucai.core.fields import EncryptedCharField, MaskedField


class Supervisor(models.Model):
    """A supervisor and their term of appointment."""

    name = models.CharField(_("name"), max_length=30)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=11)
    phone_masked = MaskedField(_("phone"), source="phone", mask=masking.mask_phone)
    term_starts_on = models.DateField(_("term starts on"))
    term_ends_on = models.DateField(_("term ends on"))

    class Meta:
        verbose_name = _("conduct supervisor")
        verbose_name_plural = _("conduct supervisors")
        ordering = ["-term_ends_on", "name"]

    def __str__(self) -> str:
        return self.name

    def serving_on(self, day) -> bool:
        return self.term_starts_on <= day <= self.term_ends_on


class SupervisorInvitation(models.Model):
    """An invitation to an event (a charity activity, an open day, a draw)."""

    supervisor = models.ForeignKey(Supervisor, on_delete=models.CASCADE, related_name="invitations")
    event = models.CharField(_("event"), max_length=100)
    held_on = models.DateField(_("date"))
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.supervisor} · {self.event}"


class SupervisorFeedback(models.Model):
    """A remark of a supervisor and the center's answer."""

    supervisor = models.ForeignKey(Supervisor, on_delete=models.CASCADE, related_name="feedback")
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("feedback"), max_length=2000)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("supervisor feedback")
        verbose_name_plural = _("supervisor feedback")
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.supervisor} {self.received_on}"


audit.register_masked_fields(Supervisor, phone=masking.mask_phone)
