from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.models import OrgUnit
from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station

from ..choices import FollowUpStatus, VisitGroup


class VisitPurpose(models.Model):
    """A purpose of a station visit (三服务三助力: 服务站点、服务销售、服务彩民;
    助力销售、助力形象、助力公益). Configurable: a center may add or retire purposes."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    group = models.CharField(_("group"), max_length=10, choices=VisitGroup.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("visit purpose")
        verbose_name_plural = _("visit purposes")
        ordering = ["group", "order", "id"]

    def __str__(self) -> str:
        return self.name


class VisitPlan(models.Model):
    """How many station visits a department (or branch) plans for a month; completion
    is counted from the visits its staff log."""

    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("department"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    planned_visits = models.PositiveIntegerField(_("planned visits"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("visit plan")
        verbose_name_plural = _("visit plans")
        ordering = ["-year", "-month", "org_unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "year", "month"], name="one_visit_plan_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} {self.year}-{self.month:02d}"


class VisitQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class Visit(models.Model):
    """A station visit by center staff (走访), with what was found and what help was
    given."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visit date"), db_index=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visitor"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    purposes = models.ManyToManyField(VisitPurpose, verbose_name=_("purposes"))
    findings = models.TextField(_("findings"), blank=True)
    help_given = models.TextField(_("help given"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["org_unit", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.station_id} {self.visited_on}"


class VisitFollowUpQuerySet(ScopedQuerySet):
    region_path = "visit__station__region"
    owner_user_path = "visit__station__owner__user"


class VisitFollowUp(models.Model):
    """Something agreed with the owner during a visit, due by a date."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("follow-up"), max_length=200)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=6, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("result"), max_length=200, blank=True)

    objects = VisitFollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit follow-up")
        verbose_name_plural = _("visit follow-ups")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
