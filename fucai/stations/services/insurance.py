"""Liability insurance renewals (责任险续保): reminders before a policy ends.

Every day (Celery beat, ``fucai.stations.insurance_reminders``) each policy of an active
station ending within ``REMINDER_DAYS[0]`` days is looked at: its owner (their login)
and the branch office covering the station's district (the branch head, else its branch
staff) are told 60, 30 and 7 days before the last day. A reminder is sent once per
policy and threshold — the ``InsuranceReminder`` row is the log — and only the nearest
threshold is sent, so a policy imported 20 days before its end gets the 30-day reminder,
not three at once. A policy already followed by a renewal covering the day after its
end needs no reminder."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import notifications
from fucai.core.choices import OrgUnitKind, Role
from fucai.core.models import OrgUnit, User

from ..choices import StationStatus
from ..models import REMINDER_DAYS, InsurancePolicy, InsuranceReminder


def branch_people(region_id: int) -> list:
    """Who hears for the branch office covering this district: the head of each branch
    office covering it, or, for a branch without a head recorded, its branch staff."""
    people: list = []
    units = OrgUnit.objects.filter(kind=OrgUnitKind.BRANCH, regions=region_id).select_related(
        "head"
    )
    for unit in units:
        if unit.head_id and unit.head.is_active:
            people.append(unit.head)
        else:
            people.extend(
                User.objects.filter(org_unit=unit, role=Role.BRANCH_STAFF, is_active=True)
            )
    return people


def reminder_threshold(days_left: int) -> int | None:
    """The nearest threshold a policy with ``days_left`` days to go has reached."""
    reached = [days for days in REMINDER_DAYS if 0 <= days_left <= days]
    return min(reached) if reached else None


def renewal_covers_next_day() -> Exists:
    """Whether another policy of the station (``OuterRef``) runs over the day after the
    policy's last day: the station is renewed, no reminder needed."""
    return Exists(
        InsurancePolicy.objects.filter(
            station=OuterRef("station"),
            starts_on__lte=OuterRef("ends_on") + datetime.timedelta(days=1),
            ends_on__gt=OuterRef("ends_on"),
        ).exclude(pk=OuterRef("pk"))
    )


def due_reminders(today: datetime.date):
    """Policies of active stations ending within the first threshold, not renewed."""
    return (
        InsurancePolicy.objects.filter(
            station__status=StationStatus.ACTIVE,
            ends_on__gte=today,
            ends_on__lte=today + datetime.timedelta(days=max(REMINDER_DAYS)),
        )
        .annotate(renewed=renewal_covers_next_day())
        .filter(renewed=False)
        .order_by("ends_on", "pk")
    )


@transaction.atomic
def _remind(pk: int, today: datetime.date) -> int | None:
    """Send the due reminder of one policy (row locked, so two runs send it once);
    returns the threshold sent, or None."""
    policy = (
        InsurancePolicy.objects.select_for_update(of=("self",))
        .select_related("station__owner__user", "station__region")
        .get(pk=pk)
    )
    days_left = (policy.ends_on - today).days
    threshold = reminder_threshold(days_left)
    if (
        threshold is None
        or InsuranceReminder.objects.filter(policy=policy, days_before=threshold).exists()
    ):
        return None
    station = policy.station
    recipients = list(branch_people(station.region_id))
    owner_user = station.owner.user
    if owner_user is not None and owner_user.is_active:
        recipients.insert(0, owner_user)
    sent = notifications.notify_many(
        recipients,
        subject=_("Liability insurance of %(station)s ends in %(days)d days")
        % {"station": station.name, "days": days_left},
        body=_(
            "Policy %(number)s (%(insurer)s) of station %(code)s %(station)s ends on "
            "%(date)s. Please renew it before then."
        )
        % {
            "number": policy.policy_number,
            "insurer": policy.insurer,
            "code": station.code,
            "station": station.name,
            "date": policy.ends_on.isoformat(),
        },
        target=policy,
        url=reverse("stations:detail", args=[station.code]),
    )
    InsuranceReminder.objects.create(
        policy=policy, days_before=threshold, sent_on=today, recipients=len(sent)
    )
    return threshold


def insurance_reminders_send(*, today: datetime.date | None = None) -> dict[int, int]:
    """Send every reminder due today; returns how many per threshold (days)."""
    today = today or timezone.localdate()
    counts: dict[int, int] = {}
    for pk in due_reminders(today).values_list("pk", flat=True):
        threshold = _remind(pk, today)
        if threshold is not None:
            counts[threshold] = counts.get(threshold, 0) + 1
    return counts
