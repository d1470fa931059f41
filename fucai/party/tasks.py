"""Celery tasks of the party app; Celery's autodiscovery imports this module."""

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fucai.core.models import Notification
from fucai.core.notifications import notify

from .models import PartyMember


@shared_task(name="fucai.party.political_birthdays")
def notify_political_birthdays() -> int:
    """On the 1st of each month: wish every member with a linked account whose join
    month is this month a happy political birthday, with a link to their card. Once per
    member and month (a re-run sends nothing twice)."""
    today = timezone.localdate()
    members = PartyMember.objects.current().filter(
        joined_on__month=today.month, user__isnull=False, user__is_active=True
    )
    already = set(
        Notification.objects.filter(
            target_type=ContentType.objects.get_for_model(PartyMember),
            created_at__date__gte=today.replace(day=1),
        ).values_list("target_id", flat=True)
    )
    sent = 0
    for member in members.select_related("user"):
        if member.pk in already:
            continue
        years = today.year - member.joined_on.year
        notify(
            recipient=member.user,
            subject=_("Happy political birthday, comrade %(name)s") % {"name": member.name},
            body=_(
                "On %(date)s you joined the Communist Party of China: %(years)s years of the party."
            )
            % {"date": member.joined_on.isoformat(), "years": years},
            target=member,
            url=reverse("party:my_record"),
        )
        sent += 1
    return sent
