"""Notices (通知公告) from the center to its stations and staff, with read receipts."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.choices import Role
from fucai.core.models import OrgUnit, Region
from fucai.core.roles import role_of
from fucai.core.scope import ALL, region_ids
from fucai.stations.models import Station

from .choices import Audience, RecipientKind


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The notices a sender may follow: city-wide staff every notice; district staff
        those targeting one of their districts. Owners and sellers read theirs through
        :class:`NoticeRecipient` (their inbox), never the sender's view."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if role_of(user) in {Role.STATION_OWNER, Role.SELLER, Role.APPLICANT, ""}:
            return self.none()
        ids = region_ids(user)
        if ids is ALL:
            return self
        if not ids:
            return self.none()
        targeted = Notice.regions.through.objects.filter(
            notice_id=OuterRef("pk"), region_id__in=ids
        )
        return self.filter(Exists(targeted))


class Notice(models.Model):
    """A notice the center (or a district branch) sends to stations, staff or both,
    targeted by district, station kind and class, or staff role. Sending resolves the
    audience once into :class:`NoticeRecipient` rows, which carry the read receipts."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    regions = models.ManyToManyField(
        Region, verbose_name=_("districts"), blank=True, related_name="+"
    )
    # Empty lists mean every kind / class / role.
    station_kinds = models.JSONField(_("station kinds"), default=list, blank=True)
    station_classes = models.JSONField(_("station classes"), default=list, blank=True)
    staff_roles = models.JSONField(_("staff roles"), default=list, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sender_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("sending unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:detail", args=[self.pk])


class NoticeAttachment(models.Model):
    """A file sent with a notice (a PDF circular, a scan, a photo), checked by content
    and served only to its recipients and senders."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="notices/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class NoticeRecipient(models.Model):
    """One person a notice was sent to — a station's owner, a seller with a login, a
    staff member — and their read receipt: opening the notice reads it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices_received"
    )
    kind = models.CharField(_("recipient"), max_length=10, choices=RecipientKind.choices)
    # Why they received it: their station (owners and sellers) and its district, or
    # (staff) the district of their unit when it has one. The sender's view is scoped by it.
    station = models.ForeignKey(
        Station, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("reminders"), default=0)

    class Meta:
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")
        constraints = [
            models.UniqueConstraint(fields=["notice", "user"], name="notice_recipient_once")
        ]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["notice", "read_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.user_id}"
