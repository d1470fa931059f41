"""Rating schemes (one engine for grading and star rating) and the yearly grading
results (分类分级)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.choices import StationClass
from fucai.stations.models import Station

from ..choices import GradingStatus, SchemeKind, StationGrade


class RatingScheme(models.Model):
    """A versioned scheme (评分方案) turning a station's metrics of a year into a score:
    its criteria and weights are data (``criteria``: code, label, metric, weight,
    direction and the bands giving points), so are the score bands giving the grade or
    the stars (``bands``) and, for grading, the class rules (``class_rules``). A scheme
    used by results is never edited: editing it makes the next version, and the results
    keep the version they were computed with."""

    kind = models.CharField(_("kind"), max_length=10, choices=SchemeKind.choices)
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=100)
    # [{"code", "label", "metric", "weight", "direction": "up"|"down",
    #   "bands": [[threshold, points], ...]}]
    criteria = models.JSONField(_("criteria"), default=list)
    # [[grade or stars, minimum total score], ...] from the highest down.
    bands = models.JSONField(_("score bands"), default=list)
    # Grading only: [{"class", "mode"?, "min_area"?, "min_sales_yuan"?}, ...]; first match.
    class_rules = models.JSONField(_("class rules"), default=list, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rating scheme")
        verbose_name_plural = _("rating schemes")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="ratingscheme_kind_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(active=True), name="ratingscheme_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class GradingResultQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class GradingResult(models.Model):
    """A station's classification and grade for one year, computed by a scheme with its
    breakdown (criterion, metric value, points, weight), then confirmed or overridden
    (with a reason) by station management and published onto the station."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="gradings"
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    scheme = models.ForeignKey(
        RatingScheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="gradings"
    )
    metrics = models.JSONField(_("metrics"), default=dict)
    # [{"criterion", "label", "metric", "value", "points", "weight", "weighted", "note"}]
    breakdown = models.JSONField(_("breakdown"), default=list)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    computed_class = models.CharField(
        _("computed class"), max_length=10, choices=StationClass.choices
    )
    computed_grade = models.CharField(
        _("computed grade"), max_length=1, choices=StationGrade.choices
    )
    station_class = models.CharField(_("class"), max_length=10, choices=StationClass.choices)
    grade = models.CharField(_("grade"), max_length=1, choices=StationGrade.choices)
    override_reason = models.TextField(_("reason for overriding"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=GradingStatus.choices, default=GradingStatus.COMPUTED
    )
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = GradingResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("grading result")
        verbose_name_plural = _("grading results")
        ordering = ["-year", "station__code"]
        constraints = [
            models.UniqueConstraint(fields=["station", "year"], name="one_grading_per_year"),
        ]
        indexes = [models.Index(fields=["year", "grade"])]

    def __str__(self) -> str:
        return f"{self.station_id} {self.year} {self.grade}"

    @property
    def overridden(self) -> bool:
        return (self.grade, self.station_class) != (self.computed_grade, self.computed_class)
