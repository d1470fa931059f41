"""Sellers' own logins: created (or linked) when a seller is registered, with an SMS
invitation carrying a one-time link to set the password.

The link is a signed token (Django's password-reset tokens, with a salt of their own):
it expires after ``INVITE_VALID_HOURS`` and works once, because it hashes the account's
password, which setting one changes. No token is stored; a new invitation does not
need the old one revoked (it dies with the first password set).
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, notifications, scope
from fucai.core.choices import AuditAction, NotificationChannel, Role
from fucai.core.models import User
from fucai.core.roles import MANAGE_STAFF
from fucai.core.services import require

from ..models import SalesStaff, StationOwner

INVITE_VALID_HOURS = 72


class SellerInviteTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "fucai.stations.seller-invite"

    def check_token(self, user, token) -> bool:
        if not super().check_token(user, token):
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - issued <= INVITE_VALID_HOURS * 3600


seller_invite_tokens = SellerInviteTokenGenerator()


def seller_username(staff: SalesStaff) -> str:
    """The login of a seller: no phone number or name in it (usernames show in logs)."""
    return f"xs{staff.pk:06d}"


def _owner_login(staff: SalesStaff) -> User | None:
    """The station owner's own login, when the seller is an owner who sells."""
    owner = (
        StationOwner.objects.filter(id_number_digest=staff.id_number_digest, user__isnull=False)
        .select_related("user")
        .first()
    )
    if owner is None or SalesStaff.objects.filter(user=owner.user).exists():
        return None
    return owner.user


def invite_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("stations:seller_welcome", args=[uid, seller_invite_tokens.make_token(user)])


@transaction.atomic
def seller_account_invite(*, acting_user, staff: SalesStaff, base_url: str = "") -> User:
    """Give ``staff`` a login (an owner who sells keeps theirs) and send them, by SMS, a
    one-time link to set a password. Sent again, a new link replaces nothing: each works
    until a password is set or it expires."""
    require(acting_user, MANAGE_STAFF)
    staff = SalesStaff.objects.select_for_update().get(pk=staff.pk)
    scope.require_in_scope(acting_user, staff)
    user = staff.user
    if user is None:
        user = _owner_login(staff)
        if user is None:
            username = seller_username(staff)
            if User.objects.filter(username=username).exists():
                raise ValidationError(
                    _("The login %(username)s is taken; ask an administrator.")
                    % {"username": username},
                    code="taken",
                )
            user = User(username=username, role=Role.SELLER, display_name=staff.name)
            user.set_unusable_password()
            user.full_clean()
            user.save()
            audit.record_create(actor=acting_user, obj=user, comment=staff.name)
        staff.user = user
        staff.save(update_fields=["user"])
        audit.record(
            actor=acting_user,
            action=AuditAction.UPDATE,
            obj=staff,
            changes={"user": {"label": str(_("login account")), "old": None, "new": user.username}},
        )
    if not user.is_active:
        raise ValidationError(_("This login is disabled."), code="inactive")
    if user.has_usable_password():
        # An owner who sells already signs in with their own password.
        return user
    link = base_url.rstrip("/") + invite_url(user)
    body = _(
        "Fucai: you are registered as a seller. Your login is %(username)s. Set your "
        "password within %(hours)s hours: %(link)s"
    ) % {"username": user.username, "hours": INVITE_VALID_HOURS, "link": link}
    # The SMS goes to the number on file; the log keeps the message without the link.
    notifications.send_sms(staff.phone, str(body))
    notifications.notify(
        recipient=user,
        subject=_("Invitation to set your password"),
        body=_("An invitation to set your password was sent to %(phone)s.")
        % {"phone": staff.phone_masked},
        channel=NotificationChannel.SMS,
    )
    audit.record(
        actor=acting_user,
        action=AuditAction.UPDATE,
        obj=user,
        comment=str(_("Invitation to set the password sent to %(phone)s"))
        % {"phone": staff.phone_masked},
    )
    return user


@transaction.atomic
def seller_password_set(*, user: User, password: str) -> User:
    """The seller sets their password from the invitation link (already checked by the
    view); the link stops working."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=user,
        action=AuditAction.UPDATE,
        obj=user,
        comment=str(_("Password set from the invitation link")),
    )
    return user
