"""Complaints and suggestions (投诉建议): who may handle them is decided by assignment
rules kept as data; each complaint carries its district (the station's, when it names
one), which decides the data scope."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, masking
from fucai.core.fields import EncryptedCharField, MaskedField
from fucai.core.models import OrgUnit, Region
from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station

from ..choices import (
    ComplaintCategory,
    ComplaintEventKind,
    ComplaintOutcome,
    ComplaintSource,
    ComplaintState,
)

# Waiting for a reply: counted against the deadline and escalated when overdue.
OPEN_STATES = (ComplaintState.RECEIVED, ComplaintState.HANDLING)


class AssignmentRule(models.Model):
    """Which unit handles a category of complaint (optionally only in one district) and
    in how many working days. The most specific rule wins: category and district, then
    category alone. A rule with ``to_district_branch`` sends the complaint to the branch
    covering the complaint's district when there is one."""

    category = models.CharField(_("category"), max_length=12, choices=ComplaintCategory.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.CASCADE, null=True, blank=True
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("handled by"), on_delete=models.PROTECT, related_name="+"
    )
    to_district_branch = models.BooleanField(_("to the district's branch if any"), default=False)
    deadline_days = models.PositiveSmallIntegerField(_("deadline (working days)"), default=5)

    class Meta:
        verbose_name = _("assignment rule")
        verbose_name_plural = _("assignment rules")
        ordering = ["category", "region"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "region"], name="feedback_rule_category_region"
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=Q(region__isnull=True),
                name="feedback_rule_category_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.unit}"


class ComplaintQuerySet(ScopedQuerySet):
    # The station's district (copied onto the complaint) decides; a complaint without a
    # district is the city departments' only. An owner sees complaints about their station.
    region_path = "region"
    owner_user_path = "station__owner__user"

    def open(self):
        return self.filter(state__in=OPEN_STATES)


class Complaint(models.Model):
    """One complaint or suggestion, from the public portal (anonymous, followed with the
    tracking code), from a station owner, or taken down by staff from a phone call."""

    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True)
    source = models.CharField(_("source"), max_length=8, choices=ComplaintSource.choices)
    category = models.CharField(_("category"), max_length=12, choices=ComplaintCategory.choices)
    state = models.CharField(
        _("status"),
        max_length=10,
        choices=ComplaintState.choices,
        default=ComplaintState.RECEIVED,
        db_index=True,
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    title = models.CharField(_("subject"), max_length=100)
    text = models.TextField(_("description"), max_length=2000)
    name = models.CharField(_("name"), max_length=30, blank=True)
    # Optional: only to call the complainant back. Never shown on a public page.
    phone = EncryptedCharField(_("phone"), max_length=11, blank=True)
    phone_masked = MaskedField(_("phone"), source="phone", mask=masking.mask_phone)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    due_on = models.DateField(_("due on"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    outcome = models.CharField(
        _("finding"), max_length=16, choices=ComplaintOutcome.choices, blank=True
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rating = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    rating_comment = models.CharField(_("comment on the handling"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["state", "due_on"], name="feedback_complaint_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_complaint_rating_1_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def substantiated(self) -> bool:
        return self.outcome in (ComplaintOutcome.SUBSTANTIATED, ComplaintOutcome.PARTLY)


class ComplaintEvent(models.Model):
    """One step of a complaint's handling, shown as its timeline (and, with
    ``public``, on the portal's tracking page without the staff member's name)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("step"), max_length=10, choices=ComplaintEventKind.choices)
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    public = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"


audit.register_masked_fields(Complaint, phone=masking.mask_phone)
