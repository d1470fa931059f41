"""Sales certificates (销售员上岗证): issued on passing the exam or renewing, revoked.

The training app calls :func:`certificate_issue` when a seller passes; it never writes
certificates itself (stations is upstream of training)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit, scope
from fucai.core.choices import AuditAction
from fucai.core.roles import REVOKE_CERTIFICATE
from fucai.core.services import require

from ..choices import CertificateScope, CertificateSource
from ..models import Certificate, SalesStaff

# Years a certificate stays valid from its issue (the province's rule for sales staff).
CERTIFICATE_VALID_YEARS = 3


def certificate_valid_to(valid_from: datetime.date) -> datetime.date:
    """The last valid day: the day before the same date ``CERTIFICATE_VALID_YEARS`` on."""
    try:
        end = valid_from.replace(year=valid_from.year + CERTIFICATE_VALID_YEARS)
    except ValueError:  # 29 February
        end = valid_from.replace(year=valid_from.year + CERTIFICATE_VALID_YEARS, day=28)
    return end - datetime.timedelta(days=1)


def certificate_next_number(year: int) -> str:
    """The next free number of ``year``: ``ZJFC`` + year + a 6-digit sequence. Call it
    inside the issuing transaction; the unique constraint settles a race."""
    prefix = f"ZJFC{year}"
    last = (
        Certificate.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{sequence:06d}"


@transaction.atomic
def certificate_issue(
    *,
    acting_user,
    holder: SalesStaff,
    valid_from: datetime.date,
    source: str,
    scope: str = CertificateScope.LOTTERY,
    source_ref: str = "",
    renewed_from: Certificate | None = None,
    valid_to: datetime.date | None = None,
) -> Certificate:
    """Issue a certificate to ``holder``. A renewal names the certificate it renews
    (same holder, same scope); a certificate is renewed at most once."""
    if renewed_from is not None:
        if renewed_from.holder_id != holder.pk or renewed_from.scope != scope:
            raise ValidationError(_("A renewal continues a certificate of the same holder."))
        if renewed_from.revoked_at is not None:
            raise ValidationError(_("A revoked certificate cannot be renewed."), code="revoked")
        source = CertificateSource.RENEWAL
    certificate = Certificate(
        number=certificate_next_number(valid_from.year),
        holder=holder,
        scope=scope,
        valid_from=valid_from,
        valid_to=valid_to or certificate_valid_to(valid_from),
        source=source,
        source_ref=source_ref,
        renewed_from=renewed_from,
    )
    certificate.full_clean()
    certificate.save()
    audit.record_create(actor=acting_user, obj=certificate, comment=holder.name)
    return certificate


@transaction.atomic
def certificate_revoke(*, acting_user, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate (a serious violation, a certificate obtained by fraud). Its
    holder is no longer certified; the public verification page says "revoked"."""
    require(acting_user, REVOKE_CERTIFICATE)
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    scope.require_in_scope(acting_user, locked)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A reason is required.")}, code="required")
    if locked.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."), code="revoked")
    fields = ["revoked_at", "revoked_reason"]
    before = audit.snapshot(locked, fields=fields)
    locked.revoked_at, locked.revoked_reason = timezone.now(), reason[:200]
    locked.full_clean()
    locked.save(update_fields=fields)
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=locked,
        changes=audit.diff(Certificate, before, audit.snapshot(locked, fields=fields)),
        comment=reason,
    )
    return locked
