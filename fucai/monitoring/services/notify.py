"""Who hears of new alerts, and how: one message per person and run (a digest, not one
per alert), in-app and by e-mail through core's notification service, and by SMS for
critical alerts.

- the branch office covering the alert's district (its head, else its branch staff);
- the station management department (管理部), city-wide;
- the station's owner, for their own station's insurance and certificates only (the
  sales anomalies are the center's to look into first; owners have no alerts pages).
"""

from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from fucai.core import notifications
from fucai.core.choices import NotificationChannel, Role
from fucai.core.models import User
from fucai.stations.services.insurance import branch_people

from ..choices import AlertSeverity
from ..defaults import OWNER_KINDS


def recipients(alerts) -> dict:
    """User → the alerts they hear of (staff), and owner user → theirs."""
    staff: dict = defaultdict(list)
    owners: dict = defaultdict(list)
    department = list(User.objects.filter(role=Role.STATION_MANAGEMENT, is_active=True))
    branch_cache: dict[int, list] = {}
    for alert in alerts:
        if alert.region_id not in branch_cache:
            branch_cache[alert.region_id] = branch_people(alert.region_id)
        for user in [*department, *branch_cache[alert.region_id]]:
            staff[user].append(alert)
        owner = alert.station.owner if alert.station_id else None
        if alert.kind in OWNER_KINDS and owner is not None and owner.user_id:
            owners[owner.user].append(alert)
    return staff, owners


def _subject(alerts) -> str:
    if len(alerts) == 1:
        return alerts[0].title
    return _("%(count)s new alerts") % {"count": len(alerts)}


def _body(alerts) -> str:
    lines = [f"- {alert.title}" for alert in alerts[:20]]
    if len(alerts) > 20:
        lines.append(_("… and %(count)s more.") % {"count": len(alerts) - 20})
    return "\n".join(lines)


def new_alerts(alerts) -> int:
    """Tell everyone concerned about ``alerts`` (just raised); returns messages sent."""
    if not alerts:
        return 0
    sent = 0
    staff, owners = recipients(alerts)
    with translation.override(settings.LANGUAGE_CODE):
        for user, theirs in staff.items():
            url = (
                reverse("monitoring:alert_detail", args=[theirs[0].pk])
                if len(theirs) == 1
                else reverse("monitoring:alerts") + "?status=open"
            )
            notifications.notify(
                recipient=user, subject=_subject(theirs), body=_body(theirs), url=url
            )
            sent += 1
            critical = [a for a in theirs if a.severity == AlertSeverity.CRITICAL]
            if critical:
                notifications.notify(
                    recipient=user,
                    subject=_subject(critical),
                    body=_subject(critical),
                    channel=NotificationChannel.SMS,
                )
                sent += 1
        for user, theirs in owners.items():
            notifications.notify(
                recipient=user,
                subject=_subject(theirs),
                body="\n".join(f"{a.title}: {a.detail}" for a in theirs[:20]),
            )
            sent += 1
    return sent
