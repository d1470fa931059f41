from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.models import Region
from fucai.core.scope import ScopedQuerySet

from ..choices import ApplicationStatus, OpeningItem
from .applications import Application
from .calls import RecruitmentCall


class ApplicationEvent(models.Model):
    """One step of an application's workflow: who moved it from which status to which,
    with their comment and the date the next step is due (its SLA). The applicant's
    progress page and the SLA metrics read these rows."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"), max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    deadline_on = models.DateField(_("next step due"), null=True, blank=True)
    # The person the next step is assigned to (e.g. the surveyor), if anyone in person.
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # 最多跑一次: the applicant came to the center in person for this step.
    in_person = models.BooleanField(_("in-person visit"), default=False)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["application", "at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class Objection(models.Model):
    """An objection raised by the public during an application's public notice (公示)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="objections"
    )
    raised_by = models.CharField(_("raised by"), max_length=100, blank=True)
    content = models.TextField(_("objection"))
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.received_on}"


class Draw(models.Model):
    """A public draw (摇号) among the qualified applications of one district when they
    outnumber its places. The published seed and the candidates' order make it
    reproducible by anyone (see draw_verify)."""

    call = models.ForeignKey(RecruitmentCall, on_delete=models.PROTECT, related_name="draws")
    region = models.ForeignKey(
        Region, verbose_name=_("district"), on_delete=models.PROTECT, related_name="+"
    )
    seed = models.CharField(_("seed"), max_length=200)
    places = models.PositiveIntegerField(_("places drawn"))
    candidates = models.JSONField(_("candidates (sorted tracking codes)"))
    order = models.JSONField(_("drawn order"))
    winners = models.JSONField(_("winners"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)

    # Draws are public once held (the portal lists them); staff pages show their scope.
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.call_id} {self.region_id} {self.at:%Y-%m-%d}"


class OpeningChecklist(models.Model):
    """What a newly created station must complete before it opens: training, fit-out
    inspection, sales licence, terminal and insurance."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="opening_checklist"
    )
    station = models.OneToOneField(
        "stations.Station", on_delete=models.PROTECT, related_name="opening_checklist"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("opening checklist")
        verbose_name_plural = _("opening checklists")

    def __str__(self) -> str:
        return str(self.station)

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items.all())


class OpeningChecklistItem(models.Model):
    """One item of an opening checklist, done or not."""

    checklist = models.ForeignKey(OpeningChecklist, on_delete=models.CASCADE, related_name="items")
    item = models.CharField(_("item"), max_length=20, choices=OpeningItem.choices)
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("opening checklist item")
        verbose_name_plural = _("opening checklist items")
        ordering = ["checklist", "id"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "item"], name="checklist_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.done}"
