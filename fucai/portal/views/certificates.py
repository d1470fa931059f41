"""Public verification of a sales certificate (销售员上岗证): anyone types a number and
sees whether it is valid today, its scope and period, the holder's name masked (张*)
and the station where they sell — never an ID number or a phone.

Lookups are throttled per client address so that the numbers, which follow a
sequence, cannot be walked through to list the city's sellers."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from fucai.core import context, throttle
from fucai.core.masking import mask_name
from fucai.stations.choices import CertificateStatus
from fucai.stations.models import Certificate, StaffAssignment

from ..forms import CertificateVerifyForm

# Lookups per client address and window (seconds).
VERIFY_LIMIT_PER_IP = 30
VERIFY_WINDOW_SECONDS = 600

UNKNOWN = _(
    "No certificate has this number. Check each character; if it is right, the "
    "certificate is not genuine — please tell the welfare lottery center."
)
THROTTLED = _("Too many lookups from your network. Please wait a few minutes and try again.")

STATUS_COLOURS = {
    CertificateStatus.VALID: "green",
    CertificateStatus.EXPIRING: "orange",
    CertificateStatus.EXPIRED: "red",
    CertificateStatus.REVOKED: "red",
}


def verification(number: str) -> dict | None:
    """What the public may know of certificate ``number``, or None."""
    certificate = (
        Certificate.objects.select_related("holder")
        .only(
            "number",
            "scope",
            "valid_from",
            "valid_to",
            "revoked_at",
            "holder__id",
            "holder__name",
        )
        .filter(number=number)
        .first()
    )
    if certificate is None:
        return None
    today = timezone.localdate()
    stations = list(
        StaffAssignment.objects.current(today)
        .filter(staff_id=certificate.holder_id)
        .order_by("starts_on")
        .values_list("station__name", flat=True)
    )
    status = certificate.status_on(today)
    return {
        "number": certificate.number,
        "status": status,
        "status_label": CertificateStatus(status).label,
        "colour": STATUS_COLOURS[status],
        "scope": certificate.get_scope_display(),
        "valid_from": certificate.valid_from,
        "valid_to": certificate.valid_to,
        "holder": mask_name(certificate.holder.name),
        "stations": stations,
        "today": today,
    }


@require_GET
def certificate_verify(request):
    form = CertificateVerifyForm(request.GET or None)
    result, status = None, 200
    if form.is_bound and form.is_valid():
        limit = getattr(settings, "CERTIFICATE_VERIFY_LIMIT_PER_IP", VERIFY_LIMIT_PER_IP)
        ip = context.client_ip(request)
        if not throttle.hit("certificate-verify", ip, limit=limit, window=VERIFY_WINDOW_SECONDS):
            form.add_error("number", THROTTLED)
            status = 429
        else:
            result = verification(form.cleaned_data["number"])
            if result is None:
                form.add_error("number", UNKNOWN)
                status = 404
    elif form.is_bound:
        status = 400
    response = render(
        request, "portal/certificate_verify.html", {"form": form, "result": result}, status=status
    )
    response["Cache-Control"] = "no-store"
    return response
