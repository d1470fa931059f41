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


class StaffRole(models.TextChoices):
    """What a person does at a station (销售员 / 业主)."""

    OWNER = "owner", _("Owner")
    SELLER = "seller", _("Seller")


class AssignmentEnd(models.TextChoices):
    """Why a person stopped working at a station."""

    TRANSFER = "transfer", _("Transferred to another station")
    LEFT = "left", _("Left the job")
    STATION_CLOSED = "closed", _("Station closed")


class CertificateScope(models.TextChoices):
    """What a sales certificate (销售员上岗证) allows its holder to sell."""

    LOTTERY = "lottery", _("Computer and instant tickets")
    VIDEO = "video", _("Video lottery")


class CertificateStatus(models.TextChoices):
    """A certificate's state on a given day (computed, never stored)."""

    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class CertificateSource(models.TextChoices):
    EXAM = "exam", _("Passed an exam")
    RENEWAL = "renewal", _("Renewed after refresher training")
    IMPORTED = "imported", _("Registered from paper records")
