"""Promotional materials (宣传物料): the stock, its movements and stations' requests."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station

from ..choices import MaterialKind, MovementKind, RequestStatus


class MaterialQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The catalogue is the center's, not a district's: everyone with the staff site
        # who may see marketing or order materials sees it (the views check which).
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self


class Material(models.Model):
    """A promotional material kept in the center's store (a poster, a display stand, a
    gift). ``stock`` is the sum of its movements, kept in the same transaction as each
    movement and never below zero (a database constraint backs the service's check)."""

    name = models.CharField(_("material name"), max_length=100, unique=True)
    kind = models.CharField(_("material type"), max_length=10, choices=MaterialKind.choices)
    unit = models.CharField(_("unit"), max_length=10, default="件")
    stock = models.IntegerField(_("in stock"), default=0, editable=False)
    active = models.BooleanField(_("available"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(stock__gte=0), name="material_stock_gte_0")
        ]

    def __str__(self) -> str:
        return self.name


class StockMovement(models.Model):
    """One movement of a material's stock: received (+), delivered to a station (−) or a
    stock-count adjustment (±). Append-only."""

    material = models.ForeignKey(
        Material, verbose_name=_("material"), on_delete=models.PROTECT, related_name="movements"
    )
    kind = models.CharField(_("movement"), max_length=10, choices=MovementKind.choices)
    quantity = models.IntegerField(_("quantity"))
    request = models.ForeignKey(
        "MaterialRequest",
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="movements",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="movement_quantity_not_0")
        ]

    def __str__(self) -> str:
        return f"{self.material_id} {self.quantity:+d}"


class MaterialRequestQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class MaterialRequest(models.Model):
    """A station's request for a material: requested (by the owner or staff) → approved
    or rejected by marketing → delivered (stock goes out) → receipt confirmed by the
    owner."""

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="material_requests",
    )
    material = models.ForeignKey(
        Material, verbose_name=_("material"), on_delete=models.PROTECT, related_name="requests"
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    campaign = models.ForeignKey(
        "marketing.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="material_requests",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.REQUESTED,
    )
    decision_note = models.CharField(_("reason"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("receipt confirmed at"), null=True, blank=True)

    objects = MaterialRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("material request")
        verbose_name_plural = _("material requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="request_quantity_gte_1")
        ]

    def __str__(self) -> str:
        return f"{self.material} × {self.quantity}"

    def get_absolute_url(self) -> str:
        return reverse("marketing:request", args=[self.pk])
