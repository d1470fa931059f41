"""One-time SMS codes proving an applicant owns the mobile number they sign up with.

Only keyed hashes of the phone and the code are stored. Requests are rate-limited per
phone and per client IP (SMS costs money and can be used to harass a number); a code
expires after 10 minutes, allows 5 guesses and works once.
"""

import datetime
import hmac
import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto, notifications
from fucai.core.choices import NotificationStatus, Role
from fucai.core.models import User
from fucai.core.validators import validate_mobile

from . import constants as c
from .models import ApplicantProfile, PhoneVerification


def _code_hash(phone_digest: str, code: str) -> str:
    return crypto.blind_index(f"otp:{phone_digest}:{code}")


def _rate_limited() -> ValidationError:
    return ValidationError(
        _("Too many codes requested. Please wait a while and try again."), code="rate_limited"
    )


@transaction.atomic
def otp_request(phone: str, *, ip: str | None = None) -> str:
    """Send a new code to ``phone``; raises ValidationError if the number is not a
    mainland mobile or the request exceeds the rate limits. Returns the code for the
    development console only: callers must never show it to a user unless DEBUG."""
    phone = validate_mobile(phone)
    digest = crypto.blind_index(phone)
    now = timezone.now()
    hour_ago = now - datetime.timedelta(hours=1)
    recent = PhoneVerification.objects.filter(phone_digest=digest, created_at__gte=hour_ago)
    latest = recent.order_by("-created_at").first()
    if latest and (now - latest.created_at).total_seconds() < c.OTP_MIN_INTERVAL_SECONDS:
        raise _rate_limited()
    if recent.count() >= c.OTP_MAX_PER_PHONE_PER_HOUR:
        raise _rate_limited()
    if ip:
        per_ip = PhoneVerification.objects.filter(ip=ip, created_at__gte=hour_ago).count()
        if per_ip >= c.OTP_MAX_PER_IP_PER_HOUR:
            raise _rate_limited()
    code = f"{secrets.randbelow(10**c.OTP_LENGTH):0{c.OTP_LENGTH}d}"
    PhoneVerification.objects.create(
        phone_digest=digest, code_hash=_code_hash(digest, code), ip=ip, created_at=now
    )
    # Through the one notification service: the SMS provider's "otp" template with the
    # code as its parameter (the console prints the body); logged without the code.
    sent = notifications.send_sms(
        phone,
        str(_("Your verification code is %(code)s, valid for %(minutes)d minutes."))
        % {"code": code, "minutes": c.OTP_TTL_SECONDS // 60},
        template="otp",
        params={"code": code},
        log_body=str(_("Verification code (not kept)")),
    )
    if sent.status == NotificationStatus.LIMITED:
        raise _rate_limited()
    if sent.status != NotificationStatus.SENT:
        raise ValidationError(
            _("The SMS could not be sent just now. Please try again later."), code="sms_failed"
        )
    return code


@transaction.atomic
def otp_verify(phone: str, code: str) -> bool:
    """True once for the right code of the latest unexpired request; every guess counts
    against the attempt limit, and the counter is committed even when the guess fails."""
    try:
        phone = validate_mobile(phone)
    except ValidationError:
        return False
    digest = crypto.blind_index(phone)
    now = timezone.now()
    verification = (
        PhoneVerification.objects.select_for_update()
        .filter(phone_digest=digest, consumed_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    if verification is None:
        return False
    if (now - verification.created_at).total_seconds() > c.OTP_TTL_SECONDS:
        return False
    if verification.attempts >= c.OTP_MAX_ATTEMPTS:
        return False
    verification.attempts += 1
    matches = hmac.compare_digest(verification.code_hash, _code_hash(digest, str(code).strip()))
    if matches:
        verification.consumed_at = now
    verification.save(update_fields=["attempts", "consumed_at"])
    return matches


def applicant_sign_up(*, phone: str, code: str, password: str, name: str) -> User:
    """Create an applicant account for a verified mobile number.

    The code is checked in its own transaction *before* the account is created, so a
    wrong guess is counted even though this call then fails (a rollback would otherwise
    give an attacker unlimited guesses).
    """
    phone = validate_mobile(phone)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Please enter your name.")}, code="required")
    digest = crypto.blind_index(phone)
    # The username must not reveal the phone: a prefix of its keyed hash.
    username = "m" + digest[:20]
    password_validation.validate_password(password, User(username=username, display_name=name))
    if not otp_verify(phone, code):
        raise ValidationError(
            _("The verification code is wrong or has expired."), code="invalid_code"
        )
    try:
        with transaction.atomic():
            if ApplicantProfile.objects.filter(phone_digest=digest).exists():
                raise ValidationError(
                    _("An account already exists for this mobile number. Please sign in."),
                    code="phone_taken",
                )
            user = User(username=username, role=Role.APPLICANT, display_name=name[:50])
            user.set_password(password)
            user.full_clean()
            user.save()
            profile = ApplicantProfile(user=user, phone=phone, phone_digest=digest)
            profile.save()
            audit.record_create(actor=user, obj=profile)
    except IntegrityError:
        # Two sign-ups for the same phone at once: the unique digest lets one through.
        raise ValidationError(
            _("An account already exists for this mobile number. Please sign in."),
            code="phone_taken",
        ) from None
    return user
