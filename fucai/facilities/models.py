"""Service stations (综合服务站) and premises (用房) as assets, with the purchase projects
that buy them and the payments made on those projects.

A service station is an org unit of core (kind ``service_station``: its staff are the
users of that unit, its head the unit's head); its public profile — address, hours,
phone, coordinates, services — lives here, beside the premises that house it, so that
core stays the registry's spine. Every row carries the district it serves: the data
scope (``visible_to``) reads it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from fucai.core.choices import OrgUnitKind
from fucai.core.models import OrgUnit, Region
from fucai.core.scope import ScopedQuerySet

from .choices import ProjectStatus, ServiceKind, Tenure


class ServiceStationQuerySet(ScopedQuerySet):
    region_path = "region"


class ServiceStation(models.Model):
    """A county service station (综合服务站): where the public of a district gets help
    with recruitment, training, instant-ticket pick-up and complaints. Shown on the
    portal's map; nothing personal is public (the phone is the station's own)."""

    unit = models.OneToOneField(
        OrgUnit,
        verbose_name=_("organisation unit"),
        on_delete=models.PROTECT,
        related_name="service_station",
        limit_choices_to={"kind": OrgUnitKind.SERVICE_STATION},
    )
    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=200)
    opening_hours = models.CharField(_("opening hours"), max_length=100)
    phone = models.CharField(_("public phone"), max_length=30, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # A list of ServiceKind values (JSON: the same on PostgreSQL and SQLite).
    services = models.JSONField(_("services offered"), default=list, blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)

    objects = ServiceStationQuerySet.as_manager()

    class Meta:
        verbose_name = _("service station")
        verbose_name_plural = _("service stations")
        ordering = ["region__sort_order", "region__code", "pk"]

    def __str__(self) -> str:
        return self.unit.name

    def clean(self):
        errors = {}
        if self.unit_id and self.unit.kind != OrgUnitKind.SERVICE_STATION:
            errors["unit"] = _("The organisation unit is not a service station.")
        known = set(ServiceKind.values)
        if not isinstance(self.services, list) or not set(self.services) <= known:
            errors["services"] = _("Choose services from the list.")
        if (self.latitude is None) != (self.longitude is None):
            errors["latitude"] = _("Give both the latitude and the longitude, or neither.")
        if errors:
            raise ValidationError(errors)

    @property
    def service_labels(self) -> list[str]:
        labels = dict(ServiceKind.choices)
        return [str(labels[s]) for s in ServiceKind.values if s in self.services]


class PremisesQuerySet(ScopedQuerySet):
    region_path = "region"


class Premises(models.Model):
    """Premises (用房) as an asset of the center: a building or floor it owns, leases or
    is buying, and the unit (a service station) it houses, if any."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("houses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="premises",
    )
    address = models.CharField(_("address"), max_length=200)
    floor_area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=9, decimal_places=2)
    tenure = models.CharField(_("tenure"), max_length=20, choices=Tenure.choices)
    lease_ends_on = models.DateField(_("lease ends on"), null=True, blank=True)
    acquired_on = models.DateField(_("acquired on"), null=True, blank=True)

    objects = PremisesQuerySet.as_manager()

    class Meta:
        verbose_name = _("premises")
        verbose_name_plural = _("premises")
        ordering = ["region__sort_order", "region__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(floor_area_m2__gt=0), name="facilities_premises_area_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.tenure == Tenure.LEASED and self.lease_ends_on is None:
            raise ValidationError({"lease_ends_on": _("A lease needs its end date.")})
        if self.tenure != Tenure.LEASED and self.lease_ends_on is not None:
            raise ValidationError({"lease_ends_on": _("Only leased premises have a lease end.")})


class PurchaseProjectQuerySet(ScopedQuerySet):
    region_path = "region"

    def with_paid(self):
        """Each project with ``paid_fen``: the sum of its payment rows (reversals
        included), never a typed figure."""
        return self.annotate(paid_fen=Coalesce(Sum("payments__amount_fen"), 0))


class PurchaseProject(models.Model):
    """A project to buy premises for a district's service station (用房购置), with its
    budget; its payments are the rows below, the paid total their sum."""

    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    premises = models.ForeignKey(
        Premises,
        verbose_name=_("premises"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchase_projects",
    )
    budget_fen = models.BigIntegerField(_("budget (fen)"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    started_on = models.DateField(_("started on"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = PurchaseProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase project")
        verbose_name_plural = _("purchase projects")
        ordering = ["-started_on", "region__code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_fen__gt=0), name="facilities_project_budget_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PurchasePaymentQuerySet(ScopedQuerySet):
    region_path = "project__region"


class PurchasePayment(models.Model):
    """A payment on a purchase project (购房款), append-only: a mistake is corrected by
    a reversing payment (the negative amount, with its reason) that points at it."""

    project = models.ForeignKey(
        PurchaseProject,
        verbose_name=_("purchase project"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount_fen = models.BigIntegerField(_("amount (fen)"))
    paid_on = models.DateField(_("paid on"))
    payee = models.CharField(_("payee"), max_length=100)
    voucher_no = models.CharField(_("voucher number"), max_length=40)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = PurchasePaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase payment")
        verbose_name_plural = _("purchase payments")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount_fen=0), name="facilities_payment_not_zero"),
            # A payment is positive; a reversal is negative and says what it reverses.
            models.CheckConstraint(
                condition=Q(amount_fen__gt=0, reverses__isnull=True)
                | Q(amount_fen__lt=0, reverses__isnull=False),
                name="facilities_payment_sign",
            ),
        ]

    def __str__(self) -> str:
        return self.voucher_no

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Payments are never changed: record a reversal."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Payments are never deleted: record a reversal."))
