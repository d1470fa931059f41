"""Marketing campaigns (营销活动) and the stations taking part in them."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fucai.core.models import Region
from fucai.core.scope import ScopedQuerySet
from fucai.sales.models import Game
from fucai.stations.models import Station

from ..choices import CampaignKind, CampaignStatus


class CampaignQuerySet(ScopedQuerySet):
    # A campaign is in scope when one of its districts is; an owner sees the campaigns
    # their stations take part in. Both paths cross a many-to-many: distinct rows.
    region_path = "regions"
    owner_user_path = "stations__owner__user"

    def visible_to(self, user):
        return super().visible_to(user).distinct()


class Campaign(models.Model):
    """A marketing campaign of the center (派奖, a game's promotion, an instant-ticket
    drive, a charity-themed event): its period, games, districts, participating
    stations, budget and materials. Its measured effect (``lift``) is computed from the
    sales data by ``campaign_measure`` and kept with the time it was computed."""

    name = models.CharField(_("campaign name"), max_length=100)
    kind = models.CharField(_("campaign type"), max_length=10, choices=CampaignKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    games = models.ManyToManyField(Game, verbose_name=_("games"), related_name="campaigns")
    regions = models.ManyToManyField(Region, verbose_name=_("districts"), related_name="campaigns")
    stations = models.ManyToManyField(
        Station,
        verbose_name=_("participating stations"),
        through="CampaignStation",
        related_name="campaigns",
    )
    materials = models.ManyToManyField(
        "marketing.Material", verbose_name=_("materials"), blank=True, related_name="campaigns"
    )
    budget_fen = models.BigIntegerField(_("budget"), default=0, validators=[MinValueValidator(0)])
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    # The last measurement (see fucai.marketing.effect): the estimate with its interval,
    # or the reason no claim is made; derived from sales, never typed.
    lift = models.JSONField(_("measured effect"), null=True, blank=True, editable=False)
    lift_computed_at = models.DateTimeField(_("effect computed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_order"
            ),
            models.CheckConstraint(condition=Q(budget_fen__gte=0), name="campaign_budget_gte_0"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("marketing:campaign", args=[self.pk])


class CampaignStation(models.Model):
    """A station taking part in a campaign."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="entries"
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="campaign_entries",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("participating station")
        verbose_name_plural = _("participating stations")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "station"], name="campaign_station_once")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.station_id}"
