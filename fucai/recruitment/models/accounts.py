from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, masking
from fucai.core.fields import EncryptedCharField, MaskedField


class ApplicantProfile(models.Model):
    """An applicant's account details beyond the login: the verified mobile number,
    stored encrypted with a keyed hash so one phone holds one account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_profile"
    )
    phone = EncryptedCharField(_("mobile"), max_length=11)
    phone_masked = MaskedField(_("mobile"), source="phone", mask=masking.mask_phone)
    phone_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")

    def __str__(self) -> str:
        return str(self.user)


class PhoneVerification(models.Model):
    """A one-time code sent by SMS to prove possession of a mobile number at sign-up.
    Only a keyed hash of the phone and of the code is stored."""

    phone_digest = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phone verification")
        verbose_name_plural = _("phone verifications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.phone_digest[:8]} {self.created_at:%Y-%m-%d %H:%M}"


audit.register_masked_fields(ApplicantProfile, phone=masking.mask_phone)
