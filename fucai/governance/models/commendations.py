"""Yearly commendations (表彰): the kinds of award, a year's round, and the nominations
generated from the data and decided by the station management department."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.scope import ScopedQuerySet
from fucai.stations.models import SalesStaff, Station

from ..choices import AwardRoundStatus, AwardSubject, NominationStatus


class AwardKind(models.Model):
    """A kind of award given each year (优秀投注站, 优秀销售员, 公益之星 …): whom it goes
    to (a station or a seller), how nominees are chosen from the data (``rule``), the
    criteria as published, and how many places a year."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("award"), max_length=50)
    subject = models.CharField(_("awarded to"), max_length=10, choices=AwardSubject.choices)
    # Which nomination rule picks the candidates (services/commendations.py RULES).
    rule = models.CharField(_("nomination rule"), max_length=30)
    criteria = models.TextField(_("selection criteria"))
    places = models.PositiveSmallIntegerField(
        _("places per year"), default=10, validators=[MinValueValidator(1)]
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("award kind")
        verbose_name_plural = _("award kinds")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class AwardRound(models.Model):
    """A year's commendation round: nominations generated from the year's data, decided
    (accepted or rejected with a reason), then published with a certificate each."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AwardRoundStatus.choices,
        default=AwardRoundStatus.DECIDING,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("commendation round")
        verbose_name_plural = _("commendation rounds")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class NominationQuerySet(ScopedQuerySet):
    region_path = "station__region"
    owner_user_path = "station__owner__user"


class Nomination(models.Model):
    """A station or seller nominated for an award in a round, with the figures that put
    them there (``basis``) and the decision. Published and accepted, it is an award with
    a certificate number."""

    round = models.ForeignKey(
        AwardRound,
        verbose_name=_("commendation year"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    kind = models.ForeignKey(
        AwardKind, verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominations"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="nominations"
    )
    staff = models.ForeignKey(
        SalesStaff,
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, default=0)
    # The year's figures behind the nomination: grade, stars, sales growth, violations.
    basis = models.JSONField(_("basis"), default=dict)
    status = models.CharField(
        _("decision"),
        max_length=10,
        choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED,
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=30, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["kind__sort_order", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "station"],
                condition=models.Q(staff__isnull=True),
                name="one_station_nomination_per_award",
            ),
            models.UniqueConstraint(
                fields=["round", "kind", "staff"],
                condition=models.Q(staff__isnull=False),
                name="one_seller_nomination_per_award",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.kind_id} {self.station_id}"
