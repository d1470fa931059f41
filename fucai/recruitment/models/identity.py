from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, masking
from fucai.core.fields import EncryptedCharField, MaskedField


class GovIdentity(models.Model):
    """An applicant's identity as verified by the government identity platform
    (浙江政务服务网 / 浙里办): the resident ID number it vouched for, stored encrypted with
    a keyed hash, so one person holds one applicant account whether they first came
    through the portal's sign-in or through an application the platform submitted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gov_identity"
    )
    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"), max_length=18)
    id_number_masked = MaskedField(_("ID number"), source="id_number", mask=masking.mask_id_number)
    id_number_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The provider's subject identifier; informational, the ID number is the key.
    issuer = models.CharField(_("identity provider"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_verified_at = models.DateTimeField(_("last verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("government identity")
        verbose_name_plural = _("government identities")

    def __str__(self) -> str:
        return f"{masking.mask_name(self.name)} {self.id_number_masked}"


audit.register_masked_fields(GovIdentity, id_number=masking.mask_id_number)


class GovSubmission(models.Model):
    """An application that came in through the government service platform's API, under
    the platform's own reference: the same reference sent twice is the same application
    (the platform retries), and the platform reads its status by that reference."""

    reference = models.CharField(_("platform reference"), max_length=64, unique=True)
    application = models.OneToOneField(
        "recruitment.Application", on_delete=models.CASCADE, related_name="gov_submission"
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("government platform submission")
        verbose_name_plural = _("government platform submissions")

    def __str__(self) -> str:
        return self.reference
