"""The people helped (受助对象): one record per person across activities and years."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto, masking
from fucai.core.fields import EncryptedCharField, MaskedField
from fucai.core.models import Region
from fucai.core.scope import ScopedQuerySet
from fucai.welfare.choices import FundCategory

from ..choices import BenefitKind
from .activities import CharityActivity


class BeneficiaryQuerySet(ScopedQuerySet):
    region_path = "region"

    def current(self):
        """People not merged into another record."""
        return self.filter(merged_into__isnull=True)


class Beneficiary(models.Model):
    """A person the fund helped. The ID number is validated (GB 11643), stored encrypted
    with a keyed hash so the same person is found again (dedupe), and shown masked; a
    duplicate found later is merged into the surviving record, with audit. Nothing of it
    ever reaches the public side."""

    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"), max_length=18)
    id_number_digest = models.CharField(max_length=64, editable=False)
    id_number_masked = MaskedField(_("ID number"), source="id_number", mask=masking.mask_id_number)
    phone = EncryptedCharField(_("phone"), max_length=11, blank=True)
    phone_masked = MaskedField(_("phone"), source="phone", mask=masking.mask_phone)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        limit_choices_to={"level": "county"},
    )
    category = models.CharField(_("category"), max_length=10, choices=FundCategory.choices)
    situation = models.TextField(_("situation"), blank=True)
    consent_to_publish = models.BooleanField(_("consents to publication"), default=False)
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_digest"],
                condition=Q(merged_into__isnull=True),
                name="beneficiary_unique_person",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.id_number_digest = crypto.blind_index(self.id_number)
        super().save(*args, **kwargs)


class BenefitQuerySet(ScopedQuerySet):
    region_path = "beneficiary__region"


class Benefit(models.Model):
    """Something a person received: at an activity, or a grant of a programme."""

    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        related_name="benefits",
        verbose_name=_("beneficiary"),
    )
    activity = models.ForeignKey(
        CharityActivity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benefits",
        verbose_name=_("activity"),
    )
    grant = models.OneToOneField(
        "charity.GrantApplication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benefit",
        verbose_name=_("grant"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BenefitKind.choices)
    amount_fen = models.BigIntegerField(_("amount"), default=0)
    description = models.CharField(_("description"), max_length=200, blank=True)
    received_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = BenefitQuerySet.as_manager()

    class Meta:
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False) | Q(grant__isnull=False),
                name="benefit_has_a_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary_id}: {self.amount_fen}"


audit.register_masked_fields(
    Beneficiary, id_number=masking.mask_id_number, phone=masking.mask_phone
)
