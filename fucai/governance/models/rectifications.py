from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station

from ..choices import EscalationLevel, RectificationStatus, Severity
from .checklists import ChecklistItem
from .inspections import Inspection


class RectificationQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class RectificationOrder(models.Model):
    """A rectification order (整改通知): what the station must fix and by when. Issued
    for a failed checklist item or a violation; the owner replies with text and photos,
    an inspector verifies or rejects; past its deadline it is overdue and escalates (the
    branch head, then the station's status through the registry's status service)."""

    number = models.CharField(_("order number"), max_length=30, unique=True)
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="rectification_orders",
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification_orders",
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    violation = models.ForeignKey(
        "governance.Violation",
        verbose_name=_("violation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectification_orders",
    )
    problem = models.TextField(_("problem found"))
    requirement = models.TextField(_("what must be done"), blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    deadline_on = models.DateField(_("deadline"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
        db_index=True,
    )
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RectificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")
        ordering = ["deadline_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "item"],
                condition=models.Q(inspection__isnull=False, item__isnull=False),
                name="one_order_per_failed_item",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class RectificationEvent(models.Model):
    """One logged step of an order: issued, replied, verified, rejected, overdue,
    escalated, closed — with who, when and their comment."""

    order = models.ForeignKey(RectificationOrder, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"), max_length=10, choices=RectificationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=RectificationStatus.choices)
    action = models.CharField(_("action"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("rectification event")
        verbose_name_plural = _("rectification events")
        ordering = ["order", "at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} → {self.to_status}"


class RectificationReply(models.Model):
    """The owner's account of what was fixed, with photos."""

    order = models.ForeignKey(RectificationOrder, on_delete=models.CASCADE, related_name="replies")
    text = models.TextField(_("reply"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("rectification reply")
        verbose_name_plural = _("rectification replies")
        ordering = ["order", "at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id} @ {self.at:%Y-%m-%d}"


class RectificationPhoto(models.Model):
    reply = models.ForeignKey(RectificationReply, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to="governance/rectifications/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("rectification photo")
        verbose_name_plural = _("rectification photos")

    def __str__(self) -> str:
        return self.file.name
