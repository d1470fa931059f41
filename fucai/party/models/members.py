"""Party branches (党支部), their members (党员) and the history of members' transfers
(组织关系转接)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto, masking
from fucai.core.fields import EncryptedCharField, MaskedField

from ..choices import MemberStatus, Post, TransferDirection
from .scope import BranchQuerySet, MemberQuerySet, PartyQuerySet


class PartyBranch(models.Model):
    """A party branch of the center (机关党支部, a district branch's 支部)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = BranchQuerySet.as_manager()

    class Meta:
        verbose_name = _("party branch")
        verbose_name_plural = _("party branches")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartyMember(models.Model):
    """A party member of a branch: admitted as a probationary member (预备党员) on the
    join date — their "political birthday" — and a full member (正式党员) a year later
    at the earliest. The ID number and phone are encrypted and shown masked; the member
    may be linked to their staff account, through which they see their own record."""

    branch = models.ForeignKey(
        PartyBranch, on_delete=models.PROTECT, related_name="members", verbose_name=_("branch")
    )
    name = models.CharField(_("name"), max_length=50)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_member",
        verbose_name=_("staff account"),
    )
    id_number = EncryptedCharField(_("ID number"), max_length=18)
    id_number_digest = models.CharField(max_length=64, editable=False, unique=True)
    id_number_masked = MaskedField(_("ID number"), source="id_number", mask=masking.mask_id_number)
    phone = EncryptedCharField(_("phone"), max_length=11, blank=True)
    phone_masked = MaskedField(_("phone"), source="phone", mask=masking.mask_phone)
    joined_on = models.DateField(_("joined the party on"))
    full_on = models.DateField(_("full member since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MemberStatus.choices, default=MemberStatus.PROBATIONARY
    )
    post = models.CharField(_("post"), max_length=12, choices=Post.choices, blank=True)
    department = models.CharField(_("department"), max_length=50, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["branch", "status"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.id_number_digest = crypto.blind_index(self.id_number)
        super().save(*args, **kwargs)


class MemberTransfer(models.Model):
    """One transfer of a member's organizational relation (组织关系) into or out of the
    center's branches: the history kept beside the member's current standing."""

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("member")
    )
    direction = models.CharField(_("direction"), max_length=3, choices=TransferDirection.choices)
    on = models.DateField(_("date"))
    organization = models.CharField(_("other party organization"), max_length=100)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_direction_display()} {self.on}"


audit.register_masked_fields(
    PartyMember, id_number=masking.mask_id_number, phone=masking.mask_phone
)
