from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    """What a service station does for the public (issue 15: the four services)."""

    RECRUITMENT = "recruitment", _("Recruitment help")
    TRAINING = "training", _("Training")
    TICKET_PICKUP = "ticket_pickup", _("Instant-ticket pick-up")
    COMPLAINTS = "complaints", _("Complaint intake")


class Tenure(models.TextChoices):
    OWNED = "owned", _("Owned")
    LEASED = "leased", _("Leased")
    UNDER_PURCHASE = "under_purchase", _("Under purchase")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# The allowed moves of a purchase project (one table, as every state machine here).
PROJECT_TRANSITIONS: dict[str, frozenset[str]] = {
    ProjectStatus.PLANNED: frozenset({ProjectStatus.APPROVED, ProjectStatus.CANCELLED}),
    ProjectStatus.APPROVED: frozenset({ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED}),
    ProjectStatus.IN_PROGRESS: frozenset({ProjectStatus.COMPLETED, ProjectStatus.CANCELLED}),
    ProjectStatus.COMPLETED: frozenset(),
    ProjectStatus.CANCELLED: frozenset(),
}
# Payments are made once the project is approved and until it is completed.
PAYABLE_STATUSES = frozenset({ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS})
