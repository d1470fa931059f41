"""The people who sell at stations (销售员, 持证上岗) and their sales certificates."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto, masking
from fucai.core.fields import EncryptedCharField, MaskedField
from fucai.core.scope import ScopedQuerySet

from ..choices import (
    AssignmentEnd,
    CertificateScope,
    CertificateSource,
    CertificateStatus,
    StaffRole,
)
from .registry import Station

# A certificate within this many days of its last valid day is "expiring": its holder
# should take the refresher course and renew it now.
CERTIFICATE_EXPIRING_DAYS = 60


class SalesStaffQuerySet(ScopedQuerySet):
    # A person is in a district user's scope when they work, or worked, at one of its
    # stations; an owner sees the people of their stations; a seller sees themself.
    region_path = "assignments__station__region"
    owner_user_path = "assignments__station__owner__user"
    seller_user_path = "user"

    def visible_to(self, user):
        return super().visible_to(user).distinct()

    def on_duty(self, on: datetime.date | None = None):
        """People with an assignment running on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(
            Q(assignments__ends_on__isnull=True) | Q(assignments__ends_on__gte=on),
            assignments__starts_on__lte=on,
        ).distinct()


class SalesStaff(models.Model):
    """A person who sells welfare-lottery tickets at one or more stations (销售员), the
    owner included when they sell themself. One record per person (keyed hash of the ID
    number); where they work is :class:`StaffAssignment` history."""

    name = models.CharField(_("name"), max_length=50)
    id_number = EncryptedCharField(_("ID number"), max_length=18)
    id_number_digest = models.CharField(max_length=64, editable=False)
    id_number_masked = MaskedField(_("ID number"), source="id_number", mask=masking.mask_id_number)
    phone = EncryptedCharField(_("mobile phone"), max_length=11)
    phone_masked = MaskedField(_("mobile phone"), source="phone", mask=masking.mask_phone)
    # The seller's own sign-in (training, exams, their certificates).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sales_staff",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SalesStaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("sales staff member")
        verbose_name_plural = _("sales staff")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["id_number_digest"], name="salesstaff_unique_identity")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.id_number_digest = crypto.blind_index(self.id_number)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("stations:staff_detail", args=[self.pk])


class StaffAssignmentQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"
    seller_user_path = "staff__user"

    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class StaffAssignment(models.Model):
    """A person working at a station from a date (to a date). A transfer ends one
    assignment and starts another, so the history stays."""

    staff = models.ForeignKey(
        SalesStaff, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("person")
    )
    station = models.ForeignKey(
        Station,
        on_delete=models.PROTECT,
        related_name="staff_assignments",
        verbose_name=_("station"),
    )
    role = models.CharField(_("role"), max_length=10, choices=StaffRole.choices)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for leaving"), max_length=10, choices=AssignmentEnd.choices, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = StaffAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="assignment_dates_ordered",
            ),
            # One open assignment per person and station.
            models.UniqueConstraint(
                fields=["staff", "station"],
                condition=Q(ends_on__isnull=True),
                name="assignment_one_open_per_station",
            ),
        ]
        indexes = [models.Index(fields=["station", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.staff_id} @ {self.station_id}"

    def get_absolute_url(self) -> str:
        return reverse("stations:staff_detail", args=[self.staff_id])


class CertificateQuerySet(ScopedQuerySet):
    region_path = "holder__assignments__station__region"
    owner_user_path = "holder__assignments__station__owner__user"
    seller_user_path = "holder__user"

    def visible_to(self, user):
        return super().visible_to(user).distinct()

    def with_status(self, on: datetime.date | None = None):
        """Annotate ``status_now`` (a :class:`CertificateStatus` value) as of ``on``."""
        on = on or timezone.localdate()
        soon = on + datetime.timedelta(days=CERTIFICATE_EXPIRING_DAYS)
        return self.annotate(
            status_now=Case(
                When(revoked_at__isnull=False, then=Value(CertificateStatus.REVOKED)),
                When(valid_to__lt=on, then=Value(CertificateStatus.EXPIRED)),
                When(valid_from__gt=on, then=Value(CertificateStatus.EXPIRED)),
                When(valid_to__lte=soon, then=Value(CertificateStatus.EXPIRING)),
                default=Value(CertificateStatus.VALID),
                output_field=models.CharField(),
            )
        )

    def status(self, status: str, on: datetime.date | None = None):
        """Certificates in ``status`` on ``on``; "valid" includes the expiring ones
        (they are still valid today)."""
        on = on or timezone.localdate()
        soon = on + datetime.timedelta(days=CERTIFICATE_EXPIRING_DAYS)
        live = Q(revoked_at__isnull=True, valid_from__lte=on, valid_to__gte=on)
        if status == CertificateStatus.VALID:
            return self.filter(live)
        if status == CertificateStatus.EXPIRING:
            return self.filter(live, valid_to__lte=soon)
        if status == CertificateStatus.EXPIRED:
            return self.filter(revoked_at__isnull=True, valid_to__lt=on)
        if status == CertificateStatus.REVOKED:
            return self.filter(revoked_at__isnull=False)
        return self.none()


class Certificate(models.Model):
    """A sales certificate (销售员上岗证): issued when its holder passes the exam, valid
    for a period, renewed before expiry after refresher training. Its number is public
    and can be checked by anyone on the portal."""

    number = models.CharField(_("certificate number"), max_length=20, unique=True)
    holder = models.ForeignKey(
        SalesStaff,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    scope = models.CharField(
        _("scope"),
        max_length=10,
        choices=CertificateScope.choices,
        default=CertificateScope.LOTTERY,
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    source = models.CharField(_("issued for"), max_length=10, choices=CertificateSource.choices)
    # What it was issued on: e.g. "exam-attempt:123" (the training app's record).
    source_ref = models.CharField(max_length=40, blank=True)
    renewed_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renews"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("sales certificate")
        verbose_name_plural = _("sales certificates")
        ordering = ["-valid_from", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=F("valid_from")), name="certificate_dates_ordered"
            )
        ]
        indexes = [models.Index(fields=["valid_to"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("stations:certificate_detail", args=[self.number])

    def status_on(self, on: datetime.date | None = None) -> str:
        on = on or timezone.localdate()
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        if self.valid_to < on or self.valid_from > on:
            return CertificateStatus.EXPIRED
        if self.valid_to <= on + datetime.timedelta(days=CERTIFICATE_EXPIRING_DAYS):
            return CertificateStatus.EXPIRING
        return CertificateStatus.VALID


audit.register_masked_fields(SalesStaff, id_number=masking.mask_id_number, phone=masking.mask_phone)
