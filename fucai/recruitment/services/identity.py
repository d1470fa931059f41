"""Applicants vouched for by the government identity platform (浙里办): the account
found or created by the keyed hash of the verified ID number, and the applications the
platform submits for them through the API, idempotent on the platform's reference."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, crypto
from fucai.core.choices import AuditAction, Role
from fucai.core.models import User
from fucai.core.validators import validate_id_number, validate_mobile

from ..choices import ApplicationStatus as S
from ..models import ApplicantProfile, Application, GovIdentity, GovSubmission, RecruitmentCall
from .applicant import application_create, application_submit


def _valid_phone(phone: str) -> str:
    try:
        return validate_mobile(phone) if phone else ""
    except ValidationError:
        return ""


def _account_for(*, digest: str, name: str, phone: str) -> tuple[User, bool]:
    """The account a newly verified identity belongs to: the applicant account of the
    mobile number the platform verified when it has one and no government identity
    yet, otherwise a new applicant account without a password: it signs in through the
    platform again, or by a one-time code to the mobile the platform verified (its
    profile is created here when no other account holds that number)."""
    if phone:
        profile = (
            ApplicantProfile.objects.select_related("user")
            .filter(phone_digest=crypto.blind_index(phone), user__role=Role.APPLICANT)
            .filter(user__gov_identity__isnull=True)
            .first()
        )
        if profile is not None:
            return profile.user, False
    user = User(username="g" + digest[:20], role=Role.APPLICANT, display_name=name[:50])
    user.set_unusable_password()
    user.full_clean()
    user.save()
    if (
        phone
        and not ApplicantProfile.objects.filter(phone_digest=crypto.blind_index(phone)).exists()
    ):
        profile = ApplicantProfile(user=user, phone=phone, phone_digest=crypto.blind_index(phone))
        profile.save()
        audit.record_create(actor=user, obj=profile)
    return user, True


def applicant_from_gov_identity(
    *, id_number: str, name: str, issuer: str = "", subject: str = "", verified_phone: str = ""
) -> User:
    """The applicant account of a person whose identity the government platform has
    verified, created on their first visit; audited either way (a sign-in through the
    platform is a business event: it replaces the one-time code). ``verified_phone`` only
    when the platform vouches for the number too: it joins the account of that number."""
    id_number = validate_id_number(id_number)
    name = (name or "").strip()[:50]
    if not name:
        raise ValidationError(_("The identity provider did not give a name."), code="no_name")
    digest = crypto.blind_index(id_number)
    phone = _valid_phone(verified_phone)
    try:
        with transaction.atomic():
            identity = (
                GovIdentity.objects.select_for_update()
                .select_related("user")
                .filter(id_number_digest=digest)
                .first()
            )
            if identity is not None:
                identity.last_verified_at = timezone.now()
                identity.name = name
                identity.save(update_fields=["last_verified_at", "name"])
                if not identity.user.is_active:
                    raise ValidationError(_("This account has been deactivated."), code="inactive")
                audit.record(
                    actor=identity.user,
                    action=AuditAction.UPDATE,
                    obj=identity,
                    comment=str(_("Verified by the government identity platform.")),
                )
                return identity.user
            user, _created = _account_for(digest=digest, name=name, phone=phone)
            identity = GovIdentity(
                user=user,
                name=name,
                id_number=id_number,
                id_number_digest=digest,
                issuer=issuer[:200],
                subject=subject[:200],
                last_verified_at=timezone.now(),
            )
            identity.full_clean()
            identity.save()
            audit.record_create(
                actor=user,
                obj=identity,
                comment=str(_("Verified by the government identity platform.")),
            )
            return user
    except IntegrityError:
        # The same person signing in twice at once: the unique hash lets one through.
        return GovIdentity.objects.select_related("user").get(id_number_digest=digest).user


def gov_application_receive(
    *, reference: str, call: RecruitmentCall, fields: dict
) -> tuple[Application, bool]:
    """Take in an application the government service platform submitted (already
    validated by the portal's form): the applicant's account found or created by the ID
    number, a draft created with the portal's service, submitted at once when the call
    asks for no documents (otherwise the applicant adds them on the portal, signed in
    through the same platform). The same reference again returns the same application
    and creates nothing; the boolean says whether it was created now."""
    existing = GovSubmission.objects.select_related("application").filter(reference=reference)
    if (found := existing.first()) is not None:
        return found.application, False
    try:
        with transaction.atomic():
            # The contact phone of an application is only typed in, never vouched for:
            # it neither joins nor claims a phone account.
            user = applicant_from_gov_identity(id_number=fields["id_number"], name=fields["name"])
            application = application_create(acting_user=user, call=call, **fields)
            submission = GovSubmission(reference=reference, application=application)
            submission.full_clean(validate_unique=False)
            submission.save()
            audit.record_create(
                actor=user,
                obj=submission,
                comment=str(_("Submitted through the government service platform.")),
            )
            if not call.required_documents and application.status == S.DRAFT:
                application = application_submit(acting_user=user, application=application)
    except IntegrityError:
        # The platform retried while the first request was still running.
        return GovSubmission.objects.select_related("application").get(
            reference=reference
        ).application, False
    return application, True
