"""The yearly star-rating round (星级评定): applications with their self-assessment and
evidence photos, district and city review, publication, provincial nomination and
appeals; every transition is an event."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station

from ..choices import ProvincialStatus, SiteCheckResult, StarRoundStatus, StarStatus
from .ratings import RatingScheme

STARS = [MinValueValidator(1), MaxValueValidator(5)]


class StarRound(models.Model):
    """One year's star-rating round: the scheme it rates with and its windows (when
    stations apply, until when they may appeal the published stars)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    scheme = models.ForeignKey(
        RatingScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="rounds"
    )
    apply_from = models.DateField(_("applications from"))
    apply_until = models.DateField(_("applications until"))
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal after publication"), default=15
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StarRoundStatus.choices, default=StarRoundStatus.OPEN
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("star-rating round")
        verbose_name_plural = _("star-rating rounds")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(apply_until__gte=models.F("apply_from")),
                name="starround_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def appeal_until(self):
        if self.published_on is None:
            return None
        return self.published_on + datetime.timedelta(days=self.appeal_days)


class StarApplicationQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class StarApplication(models.Model):
    """A station's application in a round: the owner's self-assessment (points per
    criterion with notes and evidence photos), the stars the scheme computes from data
    with the breakdown, the district's and the city's review (the city's after a site
    check), the published stars, the provincial nomination with the province's decision,
    and an appeal."""

    round = models.ForeignKey(
        StarRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications"
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="star_applications",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=StarStatus.choices, default=StarStatus.SUBMITTED
    )
    # {criterion code: {"points": 0-100, "note": "..."}}
    self_assessment = models.JSONField(_("self-assessment"), default=dict, blank=True)
    stars_applied = models.PositiveSmallIntegerField(_("stars applied for"), validators=STARS)
    score = models.DecimalField(_("computed score"), max_digits=5, decimal_places=1)
    computed_stars = models.PositiveSmallIntegerField(_("computed stars"), validators=STARS)
    breakdown = models.JSONField(_("breakdown"), default=list)
    district_stars = models.PositiveSmallIntegerField(
        _("stars proposed by the district"), null=True, blank=True, validators=STARS
    )
    district_comment = models.TextField(_("district's comment"), blank=True)
    site_checked_on = models.DateField(_("site checked on"), null=True, blank=True)
    site_check = models.CharField(
        _("site check"), max_length=10, choices=SiteCheckResult.choices, blank=True
    )
    site_check_notes = models.TextField(_("site check notes"), blank=True)
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True, validators=STARS)
    city_comment = models.TextField(_("city's comment"), blank=True)
    appeal_reason = models.TextField(_("reason for appealing"), blank=True)
    appeal_from = models.CharField(
        _("appealed decision"), max_length=16, choices=StarStatus.choices, blank=True
    )
    appeal_decision = models.TextField(_("decision on the appeal"), blank=True)
    provincial = models.CharField(
        _("provincial star"), max_length=10, choices=ProvincialStatus.choices, blank=True
    )
    provincial_comment = models.TextField(_("province's decision"), blank=True)
    provincial_decided_on = models.DateField(_("province decided on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = StarApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("star-rating application")
        verbose_name_plural = _("star-rating applications")
        ordering = ["-round__year", "station__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "station"], name="one_star_application"),
        ]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.round_id} {self.station_id}"


class StarEvidence(models.Model):
    """A photo the owner attached to a criterion of the self-assessment."""

    application = models.ForeignKey(
        StarApplication, on_delete=models.CASCADE, related_name="evidence"
    )
    criterion = models.CharField(_("criterion"), max_length=30)
    file = models.FileField(_("photo"), upload_to="governance/stars/%Y/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        ordering = ["application", "criterion", "id"]

    def __str__(self) -> str:
        return self.file.name


class StarEvent(models.Model):
    """One step of an application (and of its provincial nomination), with who took it
    and why."""

    application = models.ForeignKey(
        StarApplication, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("star-rating step")
        verbose_name_plural = _("star-rating steps")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"
