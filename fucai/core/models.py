import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import roles
from .choices import (
    AuditAction,
    JobStatus,
    NotificationChannel,
    NotificationStatus,
    OrgUnitKind,
    RegionLevel,
    Role,
)
from .scope import ScopedQuerySet


class Region(models.Model):
    """An administrative division by its GB/T 2260 code: the province, the city and its
    county-level units (districts, counties, county-level cities). Stations belong to a
    county-level unit; district branch offices cover one or more of them."""

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=50)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # Relative weight used to spread demo data and targets (population share).
    population = models.PositiveIntegerField(_("population (thousands)"), default=0)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class OrgUnit(models.Model):
    """A unit of the issuing center: the center itself, one of its departments, a
    district branch office (分中心) that covers one or more regions, or a county service
    station (综合服务站) serving its district (its public profile and premises: the
    facilities app)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="org_units")
    # The person in charge (a branch office's head): overdue rectification orders of the
    # unit's districts escalate to them.
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
    )

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in: center staff (by role and org unit), a station owner or an
    applicant. The role decides what they may do; the org unit decides which regions a
    district branch user or a field inspector sees."""

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisation unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    display_name = models.CharField(_("display name"), max_length=50, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def get_short_name(self) -> str:
        """What the admin greets: the name people know, not the login."""
        return self.display_name or self.first_name or self.username

    def has_role_permission(self, permission: str) -> bool:
        return roles.has_permission(self, permission)


class AuditEntry(models.Model):
    """One change to business data: who did what to which object, when, from where, and
    the field values before and after. Written in the same transaction as the change, so
    a change without its audit entry cannot be committed."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    @property
    def actor_label(self) -> str:
        """Who acted, as people know them: the user's name, else "系统"."""
        if self.actor_id and self.actor is not None:
            return str(self.actor)
        if self.actor_name in ("", "system"):
            return str(_("System (automatic)"))
        return self.actor_name

    def change_rows(self) -> list[tuple[str, object, object]]:
        """(field label, before, after) for display: readable, real changes only."""
        from .display import change_rows

        return change_rows(self)


class LoginEvent(models.Model):
    """A sign-in attempt, successful or not, for the administrators' login log."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    username = models.CharField(_("username"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    success = models.BooleanField(_("success"))
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    event = models.CharField(_("event"), max_length=20, default="login")

    class Meta:
        verbose_name = _("login event")
        verbose_name_plural = _("login log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.success}"


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a SHA-256 of the token is stored; the token
    itself is shown once, when it is issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return secrets.token_urlsafe(32)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user watches their own jobs; administrators see everyone's."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if roles.has_permission(user, roles.VIEW_AUDIT):
            return self
        return self.filter(user=user)


class Job(models.Model):
    """A background job a user started and can watch: a large import, a report.

    The row holds the outcome and, while the job runs, its progress and heartbeat,
    written from a connection of their own (see core.jobs) so that the job's own
    transaction does not hide them and every web process sees the same figure.
    """

    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="jobs",
    )
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # A running job beats regularly; one silent for long was killed and gets reaped.
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("progress"), default=0)
    progress_message = models.CharField(_("progress message"), max_length=200, blank=True)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    rerun_of = models.ForeignKey(
        "self",
        verbose_name=_("re-run of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reruns",
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}


class Notification(models.Model):
    """A message to a user — in-app, SMS or e-mail — and the log of its delivery (SMS to
    a bare number included): every app notifies through ``fucai.core.notifications``,
    which writes this row whether the message went out, failed (``error``) or was held
    back by the rate limit. The
    optional target names what it is about (an application, a rectification order);
    ``url`` is where the recipient opens it."""

    # None for an SMS to a number with no account yet (a sign-up code): ``phone_masked``
    # and ``phone_digest`` (a keyed hash, for the rate limit) say where it went.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    phone_masked = models.CharField(_("mobile phone"), max_length=20, blank=True)
    phone_digest = models.CharField(max_length=64, blank=True, db_index=True)
    # An SMS provider's template (our name, SMS_TEMPLATES maps it to the provider's id),
    # the provider that delivered the message and its message id.
    template = models.CharField(_("template"), max_length=50, blank=True)
    provider = models.CharField(_("provider"), max_length=20, blank=True)
    provider_ref = models.CharField(_("provider's message id"), max_length=100, blank=True)
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=NotificationChannel.choices,
        default=NotificationChannel.IN_APP,
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    status = models.CharField(
        _("delivery"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.SENT,
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "channel", "created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self) -> str:
        return self.subject


class PopulationAreaQuerySet(ScopedQuerySet):
    region_path = "region"


class PopulationArea(models.Model):
    """The resident population (常住人口) of one area in one year, as the center imports it
    from the census or the statistics bureau: a county-level region as a whole (no
    township) or one of its townships (街道 / 镇 / 乡). Siting reads each area's latest
    year on file; the centroid, when given, places the township on the map and takes
    the stations whose address names no township (see dashboard.siting)."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="population_areas",
        limit_choices_to={"level": "county"},
    )
    township = models.CharField(_("township"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("resident population"))
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = PopulationAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        ordering = ["region_id", "township", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "township", "year"], name="populationarea_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region.name}{self.township} {self.year}"


class PopulationImport(models.Model):
    """One upload of the population data set: the file and what it changed."""

    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("added"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), default=timezone.now)

    class Meta:
        verbose_name = _("population import")
        verbose_name_plural = _("population imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename
