"""States and kinds of the marketing app, with each state machine's allowed moves."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    JACKPOT_BONUS = "bonus", _("Jackpot bonus")
    GAME_PROMOTION = "promotion", _("Game promotion")
    INSTANT_DRIVE = "instant", _("Instant-ticket drive")
    CHARITY_EVENT = "charity", _("Charity-themed event")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RUNNING = "running", _("In progress")
    FINISHED = "finished", _("Finished")


CAMPAIGN_TRANSITIONS = {
    CampaignStatus.DRAFT: {CampaignStatus.RUNNING},
    CampaignStatus.RUNNING: {CampaignStatus.FINISHED},
    CampaignStatus.FINISHED: set(),
}


class MaterialKind(models.TextChoices):
    POSTER = "poster", _("Poster")
    DISPLAY = "display", _("Display")
    GIFT = "gift", _("Gift")
    OTHER = "other", _("Other material")


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Received into stock")
    DELIVERY = "delivery", _("Delivered to a station")
    ADJUSTMENT = "adjustment", _("Stock count adjustment")


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DELIVERED = "delivered", _("Delivered")
    CONFIRMED = "confirmed", _("Receipt confirmed")
    CANCELLED = "cancelled", _("Cancelled")


REQUEST_TRANSITIONS = {
    RequestStatus.REQUESTED: {
        RequestStatus.APPROVED,
        RequestStatus.REJECTED,
        RequestStatus.CANCELLED,
    },
    RequestStatus.APPROVED: {RequestStatus.DELIVERED, RequestStatus.CANCELLED},
    RequestStatus.DELIVERED: {RequestStatus.CONFIRMED},
    RequestStatus.REJECTED: set(),
    RequestStatus.CONFIRMED: set(),
    RequestStatus.CANCELLED: set(),
}


class OrderStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    DELIVERED = "delivered", _("Delivered")
    SETTLED = "settled", _("Settled")


ORDER_TRANSITIONS = {
    OrderStatus.REQUESTED: {OrderStatus.APPROVED, OrderStatus.REJECTED},
    OrderStatus.APPROVED: {OrderStatus.DELIVERED},
    OrderStatus.DELIVERED: {OrderStatus.SETTLED},
    OrderStatus.REJECTED: set(),
    OrderStatus.SETTLED: set(),
}
