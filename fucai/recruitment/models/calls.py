from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.models import Region
from fucai.core.scope import ScopedQuerySet

from .. import constants as c
from ..choices import CallStatus, Education


class CalendarDay(models.Model):
    """A local override of the national working calendar (which comes from
    chinese-calendar, see ``recruitment/calendar.py``): a center's own closing day, or a
    holiday or make-up working day (调休) chinese-calendar does not know yet. A row wins
    over the national calendar when SLA deadlines count working days."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.note}"


class School(models.Model):
    """A kindergarten or school; stations must keep a minimum distance from its gate."""

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "county"},
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["region", "name"]
        # Serves the bounding-box prefilter of the nearest-school search.
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return self.name


class RecruitmentCall(models.Model):
    """A public recruitment call (征召公告) for new stations: the conditions applicants
    must meet, the places per district and the dates. A call without a closing date is
    a continuous (常态化) call."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("announcement"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(
        _("closes on"), null=True, blank=True, help_text=_("Empty for a continuous call.")
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=c.DEFAULT_MIN_AGE, validators=[MinValueValidator(18)]
    )
    max_age = models.PositiveSmallIntegerField(_("maximum age"), default=c.DEFAULT_MAX_AGE)
    min_education = models.CharField(
        _("minimum education"),
        max_length=12,
        choices=Education.choices,
        default=Education.HIGH_SCHOOL,
    )
    min_area_dedicated = models.DecimalField(
        _("minimum area, dedicated (m²)"),
        max_digits=7,
        decimal_places=2,
        default=c.DEFAULT_MIN_AREA_DEDICATED,
    )
    min_area_combined = models.DecimalField(
        _("minimum area, combined (m²)"),
        max_digits=7,
        decimal_places=2,
        default=c.DEFAULT_MIN_AREA_COMBINED,
    )
    min_area_flagship = models.DecimalField(
        _("minimum area, flagship (m²)"),
        max_digits=7,
        decimal_places=2,
        default=c.DEFAULT_MIN_AREA_FLAGSHIP,
    )
    min_distance_station_m = models.PositiveIntegerField(
        _("minimum distance to the nearest station, dedicated (m)"),
        default=c.DEFAULT_MIN_DISTANCE_STATION_M,
    )
    min_distance_combined_m = models.PositiveIntegerField(
        _("minimum distance to the nearest dedicated station, combined (m)"),
        default=c.DEFAULT_MIN_DISTANCE_COMBINED_M,
    )
    min_distance_school_m = models.PositiveIntegerField(
        _("minimum distance to a school (m)"), default=c.DEFAULT_MIN_DISTANCE_SCHOOL_M
    )
    residency_required = models.BooleanField(_("must reside in the district"), default=False)
    residency_rule = models.CharField(_("residency rule"), max_length=200, blank=True)
    required_documents = models.JSONField(
        _("required documents"), default=list, blank=True, help_text=_("Document kind codes.")
    )
    notice_days = models.PositiveSmallIntegerField(
        _("public notice (days)"),
        default=c.DEFAULT_NOTICE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    deposit_fen = models.BigIntegerField(
        _("deposit"), default=c.DEFAULT_DEPOSIT_FEN, validators=[MinValueValidator(0)]
    )
    contract_years = models.PositiveSmallIntegerField(
        _("contract term (years)"),
        default=c.DEFAULT_CONTRACT_YEARS,
        validators=[MinValueValidator(1)],
    )
    sla_days = models.JSONField(
        _("step deadlines (working days)"),
        default=dict,
        blank=True,
        help_text=_('Overrides per status, e.g. {"submitted": 3}.'),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recruitment call")
        verbose_name_plural = _("recruitment calls")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="call_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(max_age__gte=models.F("min_age")), name="call_ages_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return (
            self.status == CallStatus.PUBLISHED
            and self.opens_on <= day
            and (self.closes_on is None or day <= self.closes_on)
        )

    def sla_for(self, status: str) -> int | None:
        """Working days allowed in ``status``; None for a status without an SLA."""
        value = (self.sla_days or {}).get(status, c.DEFAULT_SLA_WORKING_DAYS.get(status))
        return None if value is None else int(value)

    def min_area_for(self, station_class: str):
        return {
            "dedicated": self.min_area_dedicated,
            "combined": self.min_area_combined,
            "flagship": self.min_area_flagship,
        }[station_class]


class CallQuotaQuerySet(ScopedQuerySet):
    region_path = "region"


class CallQuota(models.Model):
    """The number of new stations a call admits in one district."""

    call = models.ForeignKey(RecruitmentCall, on_delete=models.CASCADE, related_name="quotas")
    region = models.ForeignKey(
        Region,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "county"},
    )
    quota = models.PositiveIntegerField(_("places"))

    objects = CallQuotaQuerySet.as_manager()

    class Meta:
        verbose_name = _("call quota")
        verbose_name_plural = _("call quotas")
        constraints = [
            models.UniqueConstraint(fields=["call", "region"], name="callquota_unique_region")
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.region_id}: {self.quota}"
