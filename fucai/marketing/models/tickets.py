"""Instant-ticket (即开票) orders from stations."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.sales.models import Game
from fucai.stations.models import Station

from ..choices import OrderStatus


class InstantTicketOrderQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class InstantTicketOrder(models.Model):
    """A station's order of instant tickets, in books (本): requested → approved (or
    rejected) → delivered → settled when the station pays for them. The tickets a
    station holds are those delivered and not yet settled."""

    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="ticket_orders",
    )
    game = models.ForeignKey(
        Game, verbose_name=_("game"), on_delete=models.PROTECT, related_name="ticket_orders"
    )
    books = models.PositiveIntegerField(_("books"), validators=[MinValueValidator(1)])
    book_value_fen = models.BigIntegerField(
        _("face value per book"), validators=[MinValueValidator(1)]
    )
    amount_fen = models.BigIntegerField(_("amount"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.REQUESTED
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
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
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    objects = InstantTicketOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("instant-ticket order")
        verbose_name_plural = _("instant-ticket orders")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(books__gte=1), name="ticket_order_books_gte_1"),
            models.CheckConstraint(
                condition=Q(amount_fen=models.F("books") * models.F("book_value_fen")),
                name="ticket_order_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.game} × {self.books}"

    def get_absolute_url(self) -> str:
        return reverse("marketing:order", args=[self.pk])
