"""Charity activities (公益活动) paid from the welfare fund, who took part, and the
volunteer hours the party-building module reads."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.models import Region
from fucai.core.scope import ScopedQuerySet
from fucai.welfare.models import WelfareProject

from ..choices import ActivityStatus, ParticipantKind


class ActivitySeries(models.Model):
    """A named series of activities run year after year (福彩暖万家, 938福彩助力梦想,
    公益福彩·民政与你同行, 感受公益福彩)."""

    name = models.CharField(_("series"), max_length=50, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("activity series")
        verbose_name_plural = _("activity series")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class CharityActivityQuerySet(ScopedQuerySet):
    region_path = "region"

    def published(self):
        """What the public portal may show: activities the charity department published
        with their story (never a person helped; see ``charity.selectors.public``)."""
        return self.filter(status=ActivityStatus.PUBLISHED)


class CharityActivity(models.Model):
    """One charity event (公益活动场次): when and where, who organized and joined it, what
    it cost (paid from its project), whom it reached, and a short public story."""

    series = models.ForeignKey(
        ActivitySeries,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("series"),
    )
    project = models.ForeignKey(
        WelfareProject,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("project"),
    )
    title = models.CharField(_("title"), max_length=100)
    held_on = models.DateField(_("date"))
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
        limit_choices_to={"level": "county"},
    )
    place = models.CharField(_("place"), max_length=100)
    organizers = models.CharField(_("organizers"), max_length=200)
    spending_fen = models.BigIntegerField(
        _("spending"), default=0, validators=[MinValueValidator(0)]
    )
    story = models.TextField(_("public story"), blank=True)
    # An activity that is a grant programme (福彩暖万家·助圆大学梦): its spending is what the
    # programme's bank payments paid, and its beneficiaries are the grantees.
    programme = models.OneToOneField(
        "charity.GrantProgramme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activity",
        verbose_name=_("grant programme"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CharityActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("charity activity")
        verbose_name_plural = _("charity activities")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on", "series"])]

    def __str__(self) -> str:
        return self.title


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(CharityActivity, on_delete=models.CASCADE, related_name="photos")
    file = models.ImageField(_("photo"), upload_to="charity/activities/%Y/")
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    # Only photos cleared for publication (no identifiable beneficiary without consent)
    # appear on the portal.
    public = models.BooleanField(_("shown on the portal"), default=False)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.caption or self.file.name


class Participant(models.Model):
    """A person who took part: center staff, a party-member volunteer (their hours count
    in party building), or a guest (a deputy, a supervisor, a player)."""

    activity = models.ForeignKey(
        CharityActivity, on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(_("taking part as"), max_length=10, choices=ParticipantKind.choices)
    name = models.CharField(_("name"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="charity_participations",
        verbose_name=_("account"),
    )
    capacity = models.CharField(_("capacity"), max_length=50, blank=True)
    hours = models.DecimalField(
        _("volunteer hours"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name
