from django.db import models
from django.utils.translation import gettext_lazy as _


class StationKind(models.TextChoices):
    COMPUTER = "computer", _("Computer-ticket station")
    INSTANT = "instant", _("Instant-ticket shop")
    VIDEO = "video", _("Video-lottery hall")


class StationClass(models.TextChoices):
    FLAGSHIP = "flagship", _("Flagship")
    DEDICATED = "dedicated", _("Dedicated")
    COMBINED = "combined", _("Combined")


class StationStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    RECTIFYING = "rectifying", _("Rectifying")
    CLOSED = "closed", _("Closed")


class OwnerKind(models.TextChoices):
    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")


class PremisesTenure(models.TextChoices):
    OWNED = "owned", _("Owned")
    LEASED = "leased", _("Leased")


# The station lifecycle: preparing → active ⇄ suspended / rectifying → closed.
# Closed is final; a closed station keeps its history.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    StationStatus.PREPARING: frozenset({StationStatus.ACTIVE, StationStatus.CLOSED}),
    StationStatus.ACTIVE: frozenset(
        {StationStatus.SUSPENDED, StationStatus.RECTIFYING, StationStatus.CLOSED}
    ),
    StationStatus.SUSPENDED: frozenset(
        {StationStatus.ACTIVE, StationStatus.RECTIFYING, StationStatus.CLOSED}
    ),
    StationStatus.RECTIFYING: frozenset(
        {StationStatus.ACTIVE, StationStatus.SUSPENDED, StationStatus.CLOSED}
    ),
    StationStatus.CLOSED: frozenset(),
}
