"""Writes of complaints: intake (portal, owner, phone), assignment by the rules,
acceptance, reply, the complainant's rating, and escalation when overdue. Every
transition locks the row, checks the state table and is audited."""

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fucai.core import audit, notifications
from fucai.core.choices import AuditAction, OrgUnitKind, Role
from fucai.core.models import OrgUnit, User
from fucai.core.scope import is_city_wide, require_in_scope, require_region
from fucai.core.validators import validate_mobile
from fucai.stations.models import Station

from ..calendar import add_working_days
from ..choices import (
    ComplaintCategory,
    ComplaintEventKind,
    ComplaintOutcome,
    ComplaintSource,
    ComplaintState,
)
from ..models import AssignmentRule, Complaint, ComplaintEvent

# Unambiguous letters and digits (no 0/O, 1/I/L): read out over the phone.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 10
DEFAULT_DEADLINE_DAYS = 5

# state -> the states it may move to
TRANSITIONS = {
    ComplaintState.RECEIVED: {ComplaintState.HANDLING, ComplaintState.REPLIED},
    ComplaintState.HANDLING: {ComplaintState.REPLIED},
    ComplaintState.REPLIED: {ComplaintState.CLOSED},
    ComplaintState.CLOSED: set(),
}


def new_tracking_code() -> str:
    return "TS" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH - 2))


def _check(complaint: Complaint, target: str) -> None:
    if target not in TRANSITIONS[complaint.state]:
        raise ValidationError(
            _("A complaint in state “%(state)s” cannot move to “%(target)s”.")
            % {
                "state": complaint.get_state_display(),
                "target": ComplaintState(target).label,
            }
        )


def _event(complaint, kind, *, actor=None, comment="", public=True, at=None):
    return ComplaintEvent.objects.create(
        complaint=complaint,
        kind=kind,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        comment=comment,
        public=public,
    )


def branch_for(region_id: int | None) -> OrgUnit | None:
    if region_id is None:
        return None
    return (
        OrgUnit.objects.filter(kind=OrgUnitKind.BRANCH, regions__id=region_id)
        .order_by("pk")
        .first()
    )


def assignment_for(category: str, region_id: int | None) -> tuple[OrgUnit | None, int]:
    """The unit that handles a complaint of ``category`` in ``region_id`` and its
    deadline in working days, by the rules (most specific first)."""
    rules = AssignmentRule.objects.filter(category=category).filter(
        Q(region_id=region_id) | Q(region__isnull=True)
    )
    rule = sorted(rules.select_related("unit"), key=lambda r: r.region_id is None)
    if not rule:
        return branch_for(region_id), DEFAULT_DEADLINE_DAYS
    rule = rule[0]
    unit = rule.unit
    if rule.to_district_branch:
        unit = branch_for(region_id) or unit
    return unit, rule.deadline_days


@transaction.atomic
def complaint_submit(
    *,
    source: str,
    category: str,
    title: str,
    text: str,
    station: Station | None = None,
    region=None,
    name: str = "",
    phone: str = "",
    acting_user=None,
    received_at: datetime.datetime | None = None,
) -> Complaint:
    """Record a complaint and assign it by the rules. From the portal there is no user;
    an owner may name only their own station; staff only a station or district in their
    scope."""
    if source not in ComplaintSource.values:
        raise ValidationError(_("Unknown source."))
    if category not in ComplaintCategory.values:
        raise ValidationError(_("Unknown category."))
    if acting_user is not None and getattr(acting_user, "is_authenticated", False):
        if source == ComplaintSource.OWNER:
            if (
                station is None
                or not Station.objects.visible_to(acting_user).filter(pk=station.pk).exists()
            ):
                raise PermissionDenied(_("You may only name your own station."))
        elif station is not None:
            require_region(acting_user, station.region_id)
        elif region is not None:
            require_region(acting_user, region)
        elif not is_city_wide(acting_user):
            # Entered without a district, it would leave the enterer's own scope.
            raise ValidationError({"region": _("Choose the district.")})
    if station is not None:
        region = station.region
    phone = validate_mobile(phone) if phone else ""
    received_at = received_at or timezone.now()
    region_id = getattr(region, "pk", region)
    unit, days = assignment_for(category, region_id)
    complaint = Complaint(
        tracking_code=new_tracking_code(),
        source=source,
        category=category,
        station=station,
        region_id=region_id,
        unit=unit,
        title=title.strip(),
        text=text.strip(),
        name=name.strip(),
        phone=phone,
        received_at=received_at,
        due_on=add_working_days(timezone.localtime(received_at).date(), days),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    complaint.full_clean(exclude=["tracking_code"])
    complaint.save()
    _event(complaint, ComplaintEventKind.RECEIVED, actor=acting_user, at=received_at)
    if unit is not None:
        _event(
            complaint,
            ComplaintEventKind.ASSIGNED,
            comment=_("Assigned to %(unit)s, due %(due)s")
            % {"unit": unit.name, "due": complaint.due_on.isoformat()},
            at=received_at,
        )
    audit.record_create(actor=acting_user, obj=complaint)
    return complaint


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def complaint_accept(*, complaint: Complaint, acting_user, at=None) -> Complaint:
    """Take the complaint on; ``at``: when (the demo's past year), else now."""
    require_in_scope(acting_user, complaint)
    complaint = _locked(complaint)
    _check(complaint, ComplaintState.HANDLING)
    complaint.state = ComplaintState.HANDLING
    complaint.save(update_fields=["state"])
    _event(complaint, ComplaintEventKind.ACCEPTED, actor=acting_user, at=at)
    audit.record(
        actor=acting_user, action="complaint.accept", obj=complaint, changes={"state": "handling"}
    )
    return complaint


@transaction.atomic
def complaint_reply(
    *, complaint: Complaint, reply: str, outcome: str, acting_user, at=None
) -> Complaint:
    """Answer the complaint with a finding; a substantiated complaint about a station
    then counts in its supervision record (violations, the annual review)."""
    require_in_scope(acting_user, complaint)
    complaint = _locked(complaint)
    _check(complaint, ComplaintState.REPLIED)
    if not reply.strip():
        raise ValidationError({"reply": _("Write the reply.")})
    if outcome not in ComplaintOutcome.values:
        raise ValidationError({"outcome": _("Choose a finding.")})
    now = at or timezone.now()
    complaint.state = ComplaintState.REPLIED
    complaint.reply = reply.strip()
    complaint.outcome = outcome
    complaint.replied_at = now
    complaint.replied_by = acting_user
    complaint.save(update_fields=["state", "reply", "outcome", "replied_at", "replied_by"])
    _event(complaint, ComplaintEventKind.REPLIED, actor=acting_user, at=now)
    audit.record(
        actor=acting_user,
        action="complaint.reply",
        obj=complaint,
        changes={"state": "replied", "outcome": outcome},
    )
    return complaint


@transaction.atomic
def complaint_rate(
    *, complaint: Complaint, rating: int, comment: str = "", acting_user=None, at=None
) -> Complaint:
    """The complainant rates the handling (1-5) with the tracking code; that closes it."""
    complaint = _locked(complaint)
    if complaint.state != ComplaintState.REPLIED:
        raise ValidationError(_("Only a replied complaint can be rated, and only once."))
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Choose from 1 to 5 stars.")})
    now = at or timezone.now()
    complaint.rating = rating
    complaint.rating_comment = comment.strip()[:300]
    complaint.rated_at = now
    complaint.state = ComplaintState.CLOSED
    complaint.closed_at = now
    complaint.save(update_fields=["rating", "rating_comment", "rated_at", "state", "closed_at"])
    _event(complaint, ComplaintEventKind.RATED, comment=str(rating), at=now)
    audit.record(
        actor=acting_user,
        action="complaint.rate",
        obj=complaint,
        changes={"rating": rating, "state": "closed"},
    )
    return complaint


def escalation_recipients(complaint: Complaint) -> list:
    """The head of the handling unit; without one, its staff; a complaint with no unit
    goes to station management."""
    unit = complaint.unit
    if unit is not None and unit.head_id and unit.head.is_active:
        return [unit.head]
    people = []
    if unit is not None:
        people = list(User.objects.filter(org_unit=unit, is_active=True))
    if not people:
        people = list(User.objects.filter(role=Role.STATION_MANAGEMENT, is_active=True))
    return people


def complaints_escalate_overdue(*, today: datetime.date | None = None) -> int:
    """Escalate every open complaint past its deadline, once, and tell who must act."""
    today = today or timezone.localdate()
    ids = list(
        Complaint.objects.open()
        .filter(due_on__lt=today, escalated_at__isnull=True)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            complaint = (
                Complaint.objects.select_for_update(of=("self",))
                .select_related("unit__head")
                .get(pk=pk)
            )
            if complaint.escalated_at is not None or complaint.state not in (
                ComplaintState.RECEIVED,
                ComplaintState.HANDLING,
            ):
                continue
            complaint.escalated_at = timezone.now()
            complaint.save(update_fields=["escalated_at"])
            people = escalation_recipients(complaint)
            names = "、".join(p.get_full_name() or p.get_username() for p in people)
            _event(
                complaint,
                ComplaintEventKind.ESCALATED,
                comment=_("Overdue since %(due)s; escalated to %(names)s")
                % {"due": complaint.due_on.isoformat(), "names": names},
                public=False,
            )
            audit.record(
                actor=None,
                action="complaint.escalate",
                obj=complaint,
                changes={"escalated_at": complaint.escalated_at.isoformat()},
            )
            url = reverse("feedback:complaint", args=[complaint.pk])
            for person in people:
                notifications.notify(
                    recipient=person,
                    subject=_("Complaint %(code)s is overdue") % {"code": complaint.tracking_code},
                    body=_("“%(title)s” was due on %(due)s and has no reply yet.")
                    % {"title": complaint.title, "due": complaint.due_on.isoformat()},
                    target=complaint,
                    url=url,
                )
    return len(ids)


@transaction.atomic
def complaint_phone_reveal(*, complaint: Complaint, acting_user) -> str:
    """The complainant's full mobile, to call them back; every look is audited."""
    require_in_scope(acting_user, complaint)
    phone = Complaint.objects.only("phone").get(pk=complaint.pk).phone
    audit.record(
        actor=acting_user,
        action=AuditAction.REVEAL,
        obj=complaint,
        comment=_("Complainant's mobile viewed to call back"),
    )
    return phone
