"""Notifications: one service every app uses to tell a user something, in-app, by SMS or
by e-mail, through a pluggable backend, with a delivery log and a rate limit.

``notify(recipient=..., subject=..., body=...)`` writes a ``core.Notification`` row: the
in-app message and the log of its delivery (``status``, ``sent_at``, ``error``). Apps
keep their own wording and call this service; nothing here knows about applications or
rectification orders beyond the generic ``target`` they pass.

``NOTIFY_BACKEND`` (a dotted path in settings) names a class with ``send(notification)``
and ``send_sms(phone, body)``; the backend records the row. The default keeps the in-app
record, e-mails it when an address is known (Django's EMAIL_BACKEND: the console in
development) once the transaction commits, and logs SMS, so development and tests need
no gateway.

Rate limit: ``NOTIFY_RATE_LIMITS`` maps a channel to (how many, per how many seconds)
for one recipient — a user, or for an SMS to a bare number the number (by its keyed
hash); a message over the limit is logged with status ``limited`` and not delivered.
In-app messages are not limited by default (they are the log itself).

SMS: ``send_sms(phone, body, template=..., params=...)`` (and ``notify(channel="sms",
phone=...)``) go through ``settings.SMS_PROVIDER`` (core/sms.py): the console by default
(the backend's ``send_sms`` logs the body), or Alibaba Cloud / Tencent Cloud SMS, which
send the named template with its parameters. The log keeps ``log_body`` when the body
holds a secret (a one-time code), the masked number, the provider and its message id.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from . import crypto, masking, sms
from .choices import NotificationChannel, NotificationStatus
from .models import Notification

logger = logging.getLogger("fucai.notify")

DEFAULT_BACKEND = "fucai.core.notifications.EmailBackend"
# channel -> (at most this many, within this many seconds) per recipient.
DEFAULT_RATE_LIMITS: dict[str, tuple[int, int]] = {
    NotificationChannel.SMS: (10, 3600),
    NotificationChannel.EMAIL: (30, 3600),
}


class LoggingBackend:
    """Records in-app notifications and writes every message to the log."""

    def send(self, notification: Notification) -> None:
        notification.save()
        logger.info(
            "notification to user %s via %s: %s",
            notification.recipient_id,
            notification.channel,
            notification.subject,
        )

    def send_sms(self, phone: str, body: str) -> None:
        # The body holds the one-time code in development: the console is the SMS.
        logger.warning("SMS to %s: %s", masking.mask_phone(phone), body)


class EmailBackend(LoggingBackend):
    """Keeps the in-app record and also e-mails it when an address is known (the one the
    caller gave, else the account's), once the transaction commits — a rolled-back
    change sends nothing. Django's EMAIL_BACKEND decides how."""

    def send(self, notification: Notification) -> None:
        super().send(notification)
        address = getattr(notification, "email_to", "") or notification.recipient.email
        if not address:
            return
        subject, body = notification.subject, notification.body
        transaction.on_commit(lambda: send_mail(subject, body, None, [address], fail_silently=True))


def backend():
    return import_string(getattr(settings, "NOTIFY_BACKEND", DEFAULT_BACKEND))()


def rate_limit_for(channel: str) -> tuple[int, int] | None:
    limits = getattr(settings, "NOTIFY_RATE_LIMITS", DEFAULT_RATE_LIMITS)
    return limits.get(channel)


def over_rate_limit(
    recipient,
    channel: str,
    *,
    now: datetime.datetime | None = None,
    phone_digest: str = "",
) -> bool:
    """Whether ``recipient`` (or, for an SMS to a bare number, the number) already had
    the most ``channel`` messages the limit allows."""
    limit = rate_limit_for(channel)
    if limit is None:
        return False
    count, seconds = limit
    since = (now or timezone.now()) - datetime.timedelta(seconds=seconds)
    who = {"recipient": recipient} if recipient is not None else {"phone_digest": phone_digest}
    recent = Notification.objects.filter(
        **who,
        channel=channel,
        status=NotificationStatus.SENT,
        created_at__gte=since,
    )
    return recent.count() >= count


def notify(
    *,
    recipient,
    subject: str,
    body: str,
    target=None,
    url: str = "",
    channel: str = NotificationChannel.IN_APP,
    email: str = "",
    phone: str = "",
    template: str = "",
    params: dict | None = None,
) -> Notification:
    """Tell ``recipient``; returns the logged notification (``status`` says whether it
    went out). Never raises for a delivery failure: the row records the error. An SMS
    with a ``phone`` goes out through the SMS provider (``template`` and ``params`` for
    the cloud providers); without one it is only logged."""
    if channel == NotificationChannel.SMS and phone:
        return _sms(
            phone=phone,
            body=str(body),
            subject=str(subject),
            template=template,
            params=params or {},
            recipient=recipient,
            target=target,
            url=url,
        )
    now = timezone.now()
    notification = Notification(
        recipient=recipient,
        channel=channel,
        subject=str(subject)[:200],
        body=str(body),
        url=url[:300],
        target=target,
        created_at=now,
    )
    notification.email_to = email
    if over_rate_limit(recipient, channel, now=now):
        notification.status = NotificationStatus.LIMITED
        notification.error = str(_("Rate limit reached for this recipient and channel."))
        notification.save()
        logger.warning("notification to user %s via %s held back", recipient.pk, channel)
        return notification
    notification.status = NotificationStatus.SENT
    notification.sent_at = now
    try:
        with transaction.atomic():
            backend().send(notification)
    except Exception as error:
        logger.exception("notification to user %s via %s failed", recipient.pk, channel)
        notification.pk = None
        notification.status = NotificationStatus.FAILED
        notification.sent_at = None
        notification.error = str(error)[:300]
        notification.save()
    return notification


def notify_many(recipients, **kwargs) -> list[Notification]:
    """The same message to several users (each once)."""
    seen, sent = set(), []
    for recipient in recipients:
        if recipient is None or recipient.pk in seen:
            continue
        seen.add(recipient.pk)
        sent.append(notify(recipient=recipient, **kwargs))
    return sent


def send_sms(
    phone: str,
    body: str,
    *,
    template: str = "",
    params: dict | None = None,
    log_body: str | None = None,
    recipient=None,
) -> Notification:
    """An SMS to a number (a sign-up code, an invitation to set a password), logged
    like every message. Such messages carry secrets: the log keeps ``log_body`` (empty
    unless given), never the body. Returns the log row: ``status`` says whether it went
    out (never raises for a failure)."""
    return _sms(
        phone=phone,
        body=str(body),
        subject=template or "SMS",
        template=template,
        params=params or {},
        recipient=recipient,
        log_body=log_body or "",
    )


def _sms(
    *,
    phone: str,
    body: str,
    subject: str,
    template: str,
    params: dict,
    recipient=None,
    target=None,
    url: str = "",
    log_body: str | None = None,
) -> Notification:
    now = timezone.now()
    digest = crypto.blind_index(phone)
    provider = sms.provider()
    notification = Notification(
        recipient=recipient,
        channel=NotificationChannel.SMS,
        subject=str(subject)[:200],
        body=body if log_body is None else str(log_body),
        url=url[:300],
        target=target,
        created_at=now,
        phone_masked=masking.mask_phone(phone)[:20],
        phone_digest=digest,
        template=template[:50],
        provider=provider,
    )
    if over_rate_limit(recipient, NotificationChannel.SMS, now=now, phone_digest=digest):
        notification.status = NotificationStatus.LIMITED
        notification.error = str(_("Rate limit reached for this recipient and channel."))
        notification.save()
        logger.warning("SMS to %s held back by the rate limit", notification.phone_masked)
        return notification
    try:
        if provider == sms.CONSOLE:
            backend().send_sms(phone, body)
        else:
            notification.provider_ref = sms.send_templated(phone, template, params)[:100]
    except Exception as error:
        logger.exception("SMS to %s via %s failed", notification.phone_masked, provider)
        notification.status = NotificationStatus.FAILED
        notification.error = str(error)[:300]
    else:
        notification.status = NotificationStatus.SENT
        notification.sent_at = now
    notification.save()
    return notification


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_all_read(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
