from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import Station

from ..choices import ReviewDecision, ReviewOutcome, ReviewStatus


class AnnualReviewQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class AnnualReview(models.Model):
    """A station's annual review (年审) for one year: the outcome computed from data and
    explained criterion by criterion in ``breakdown`` (inspection results, sales against
    target and the district median, certification, insurance, violations, complaints),
    then confirmed by staff. An outcome or decision that differs from the computed one
    needs ``override_reason``; an exit closes the station through the registry."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="annual_reviews"
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    computed_outcome = models.CharField(
        _("computed outcome"), max_length=12, choices=ReviewOutcome.choices
    )
    computed_decision = models.CharField(
        _("computed decision"), max_length=10, choices=ReviewDecision.choices
    )
    # [{"criterion": ..., "label": ..., "value": ..., "finding": ..., "verdict": ...}]
    breakdown = models.JSONField(_("breakdown"), default=list)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ReviewOutcome.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecision.choices)
    conditions = models.TextField(_("conditions"), blank=True)
    override_reason = models.TextField(_("reason for overriding"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.COMPUTED
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AnnualReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        ordering = ["-year", "station__code"]
        constraints = [
            models.UniqueConstraint(fields=["station", "year"], name="one_review_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.year}"
