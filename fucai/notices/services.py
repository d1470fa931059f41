"""Sending notices, reading them and reminding those who have not: every write of the
notices app, audited. The audience is resolved once, when the notice is sent, into
recipient rows; a district branch sends only to its own districts (the scope guard)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, files, notifications, roles, scope
from fucai.core.choices import AuditAction, NotificationChannel, OrgUnitKind, Role
from fucai.core.models import Region, User
from fucai.stations.choices import StationClass, StationKind, StationStatus
from fucai.stations.models import StaffAssignment, Station

from . import constants as c
from .choices import Audience, RecipientKind
from .models import Notice, NoticeAttachment, NoticeRecipient

# Roles a notice to staff can address (station owners and sellers are reached through
# their stations).
STAFF_ROLES = (
    Role.LEADERSHIP,
    Role.STATION_MANAGEMENT,
    Role.FINANCE,
    Role.CHARITY,
    Role.MARKETING,
    Role.PARTY_AFFAIRS,
    Role.BRANCH_STAFF,
    Role.INSPECTOR,
)
# Roles that work for a district branch: targeted by district like stations.
REGIONAL_ROLES = frozenset({Role.BRANCH_STAFF, Role.INSPECTOR})


def _target_regions(user, regions: Iterable[Region]) -> list[Region]:
    """The districts a notice targets: those chosen, each inside the sender's scope; none
    chosen means the whole scope (for a district branch, its own districts)."""
    regions = list(regions)
    for region in regions:
        scope.require_region(user, region)
    if not regions and not scope.is_city_wide(user):
        regions = list(scope.regions_visible(user))
        if not regions:
            raise PermissionDenied(scope.OUT_OF_SCOPE_REGION)
    return regions


def audience_stations(
    *, regions: list[Region], kinds: list[str], classes: list[str]
) -> list[Station]:
    stations = Station.objects.exclude(status=StationStatus.CLOSED)
    if regions:
        stations = stations.filter(region__in=regions)
    if kinds:
        stations = stations.filter(kind__in=kinds)
    if classes:
        stations = stations.filter(station_class__in=classes)
    return list(stations.select_related("owner").only("id", "region_id", "owner__user_id"))


def _station_recipients(stations: list[Station]) -> dict[int, NoticeRecipient]:
    """Owners of the stations with a login, then the sellers working there now who have
    one (a person at two stations is addressed once, through the first)."""
    found: dict[int, NoticeRecipient] = {}
    for station in stations:
        user_id = station.owner.user_id
        if user_id and user_id not in found:
            found[user_id] = NoticeRecipient(
                user_id=user_id,
                kind=RecipientKind.OWNER,
                station_id=station.pk,
                region_id=station.region_id,
            )
    by_id = {s.pk: s for s in stations}
    assignments = (
        StaffAssignment.objects.current()
        .filter(
            station_id__in=list(by_id),
            staff__user__isnull=False,
            staff__user__is_active=True,
        )
        .values_list("staff__user_id", "station_id")
        .order_by("station_id", "id")
    )
    for user_id, station_id in assignments:
        if user_id not in found:
            found[user_id] = NoticeRecipient(
                user_id=user_id,
                kind=RecipientKind.SELLER,
                station_id=station_id,
                region_id=by_id[station_id].region_id,
            )
    active = set(
        User.objects.filter(pk__in=list(found), is_active=True).values_list("pk", flat=True)
    )
    return {k: v for k, v in found.items() if k in active}


def _staff_recipients(user, *, regions: list[Region], roles_: list[str]) -> dict:
    """Staff of the chosen roles (all staff roles if none); the district branches' staff
    only where their branch covers a targeted district. A district sender reaches only
    the staff of its own branch."""
    roles_ = list(roles_) or list(STAFF_ROLES)
    users = User.objects.filter(is_active=True, role__in=roles_)
    ids = scope.region_ids(user)
    if ids is not scope.ALL:
        users = users.filter(org_unit__regions__in=ids)
    if regions:
        users = users.filter(
            ~Q(role__in=REGIONAL_ROLES)
            | Q(org_unit__regions__in=regions)
            | Q(org_unit__kind=OrgUnitKind.CENTER)
        )
    rows = users.values_list("pk", "org_unit__regions").order_by("pk")
    found: dict[int, NoticeRecipient] = {}
    for user_id, region_id in rows:
        if user_id not in found:
            found[user_id] = NoticeRecipient(
                user_id=user_id, kind=RecipientKind.STAFF, region_id=region_id
            )
    return found


def _check_choices(values: list[str], choices, field: str) -> list[str]:
    allowed = {value for value, _label in choices}
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ValidationError({field: _("Unknown choice: %(value)s") % {"value": bad[0]}})
    return list(values)


@transaction.atomic
def notice_send(
    *,
    acting_user: User,
    title: str,
    body: str,
    audience: str,
    regions: Iterable[Region] = (),
    station_kinds: Iterable[str] = (),
    station_classes: Iterable[str] = (),
    staff_roles: Iterable[str] = (),
    attachments: Iterable = (),
    sent_at=None,
) -> Notice:
    """Send a notice: resolve its audience into recipients (whose inbox shows it) and
    store the attachments. Refuses a notice that reaches nobody."""
    if not roles.has_permission(acting_user, roles.SEND_NOTICES):
        raise PermissionDenied
    targets = _target_regions(acting_user, regions)
    kinds = _check_choices(list(station_kinds), StationKind.choices, "station_kinds")
    classes = _check_choices(list(station_classes), StationClass.choices, "station_classes")
    staff = _check_choices(list(staff_roles), [(r, r) for r in STAFF_ROLES], "staff_roles")
    attachments = list(attachments)
    if len(attachments) > c.ATTACHMENT_MAX_COUNT:
        raise ValidationError(
            {"attachments": _("At most %(n)d attachments.") % {"n": c.ATTACHMENT_MAX_COUNT}}
        )
    detected = [files.inspect_upload(f, max_bytes=c.ATTACHMENT_MAX_BYTES) for f in attachments]
    notice = Notice(
        title=(title or "").strip(),
        body=(body or "").strip(),
        audience=audience,
        station_kinds=kinds,
        station_classes=classes,
        staff_roles=staff,
        sent_by=acting_user,
        sender_unit=acting_user.org_unit,
        sent_at=sent_at or timezone.now(),
    )
    notice.full_clean()
    recipients: dict[int, NoticeRecipient] = {}
    if audience in (Audience.STATIONS, Audience.BOTH):
        stations = audience_stations(regions=targets, kinds=kinds, classes=classes)
        recipients.update(_station_recipients(stations))
    if audience in (Audience.STAFF, Audience.BOTH):
        for user_id, row in _staff_recipients(acting_user, regions=targets, roles_=staff).items():
            recipients.setdefault(user_id, row)
    recipients.pop(acting_user.pk, None)
    if not recipients:
        raise ValidationError(_("No one matches this audience: the notice would reach nobody."))
    notice.recipient_count = len(recipients)
    notice.save()
    notice.regions.set(targets)
    for upload, info in zip(attachments, detected, strict=True):
        attachment = NoticeAttachment(
            notice=notice,
            name=str(getattr(upload, "name", "") or info.random_name())[:200],
            content_type=info.content_type,
            size=info.size,
        )
        attachment.file.save(info.random_name(), upload, save=False)
        attachment.save()
    for row in recipients.values():
        row.notice = notice
    NoticeRecipient.objects.bulk_create(recipients.values(), batch_size=1000)
    audit.record_create(
        actor=acting_user,
        obj=notice,
        comment=str(_("Sent to %(n)d recipients.") % {"n": notice.recipient_count}),
    )
    return notice


def notice_open(*, user: User, notice_id: int) -> NoticeRecipient:
    """The user's copy of a notice, marked read the first time they open it (the read
    receipt). Another user's notice is not found."""
    with transaction.atomic():
        receipt = (
            NoticeRecipient.objects.select_related("notice")
            .select_for_update(of=("self",))
            .get(notice_id=notice_id, user=user)
        )
        if receipt.read_at is None:
            receipt.read_at = timezone.now()
            receipt.save(update_fields=["read_at"])
            audit.record(
                actor=user,
                action=AuditAction.UPDATE,
                obj=receipt,
                changes={str(_("read at")): [None, receipt.read_at.isoformat()]},
                comment=str(_("Notice read.")),
            )
    return receipt


def unread_recipients(user, notice: Notice):
    """The recipients of ``notice`` who have not read it, among those ``user`` may see
    (a district sender sees the recipients of its own districts)."""
    rows = NoticeRecipient.objects.filter(notice=notice, read_at__isnull=True)
    return _scoped_recipients(user, rows)


def _scoped_recipients(user, rows):
    ids = scope.region_ids(user)
    if ids is scope.ALL:
        return rows
    return rows.filter(region_id__in=ids)


def recipients_for(user, notice: Notice):
    return _scoped_recipients(user, NoticeRecipient.objects.filter(notice=notice))


def _phones(rows: list[NoticeRecipient]) -> dict[int, str]:
    """The mobile numbers on file of the owners and sellers among ``rows`` (decrypted
    to send an SMS, never shown)."""
    from fucai.stations.models import SalesStaff, StationOwner

    users = [r.user_id for r in rows if r.kind in (RecipientKind.OWNER, RecipientKind.SELLER)]
    phones = dict(StationOwner.objects.filter(user_id__in=users).values_list("user_id", "phone"))
    for user_id, phone in SalesStaff.objects.filter(user_id__in=users).values_list(
        "user_id", "phone"
    ):
        phones.setdefault(user_id, phone)
    return {k: v for k, v in phones.items() if v}


@transaction.atomic
def notice_remind(*, acting_user: User, notice: Notice, sms: bool = False) -> int:
    """Remind everyone (in the sender's scope) who has not read the notice yet, through
    the notification service — in the app, and with ``sms`` the owners and sellers also
    by SMS (the provider's "notice" template, the title as its parameter; the rate limit
    per recipient applies); returns how many were reminded."""
    if not roles.has_permission(acting_user, roles.SEND_NOTICES):
        raise PermissionDenied
    scope.require_in_scope(acting_user, notice)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    unread = list(unread_recipients(acting_user, notice).select_related("user"))
    if not unread:
        raise ValidationError(_("Everyone has read this notice already."))
    now = timezone.now()
    url = reverse("notices:read", args=[notice.pk])
    subject = _("Reminder: please read the notice “%(title)s”") % {"title": notice.title}
    body = str(_("A notice from the center is waiting for you: %(title)s")) % {
        "title": notice.title
    }
    notifications.notify_many(
        [r.user for r in unread], subject=subject, body=body, url=url, target=notice
    )
    if sms:
        phones = _phones(unread)
        for row in unread:
            if row.user_id in phones:
                notifications.notify(
                    recipient=row.user,
                    subject=subject,
                    body=body,
                    url=url,
                    target=notice,
                    channel=NotificationChannel.SMS,
                    phone=phones[row.user_id],
                    template="notice",
                    params={"title": notice.title[:20]},
                )
    for row in unread:
        row.reminded_at = now
        row.reminders += 1
    NoticeRecipient.objects.bulk_update(unread, ["reminded_at", "reminders"])
    notice.last_reminded_at = now
    notice.save(update_fields=["last_reminded_at"])
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=notice,
        changes={},
        comment=str(_("Reminded %(n)d recipients who had not read it.") % {"n": len(unread)}),
    )
    return len(unread)
