"""Sign-in through the government identity platform (浙里办) over OpenID Connect: the
identity the platform verified (name and resident ID number) replaces the one-time
code; the applicant account is found or created by the keyed hash of the ID number."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from fucai.core import oidc
from fucai.core.backends import MODEL_BACKEND
from fucai.recruitment.services import applicant_from_gov_identity

SESSION_NEXT = "portal_gov_next"


def _require_enabled() -> None:
    if not oidc.enabled():
        raise Http404("Government sign-in is not configured")


@never_cache
def gov_sign_in(request):
    """Off to the identity platform; it comes back to ``gov_callback``."""
    _require_enabled()
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[SESSION_NEXT] = next_url
    else:
        request.session.pop(SESSION_NEXT, None)
    try:
        return oidc.begin(request, request.build_absolute_uri(reverse("portal:gov_callback")))
    except oidc.SignInRefused as refused:
        return _refused(request, refused.message, status=503)


def _refused(request, message, *, status: int = 400):
    return render(request, "portal/gov_sign_in_failed.html", {"reason": message}, status=status)


@never_cache
def gov_callback(request):
    _require_enabled()
    try:
        identity = oidc.finish(request)
        user = applicant_from_gov_identity(
            id_number=identity.id_number,
            name=identity.name,
            issuer=identity.issuer,
            subject=identity.subject,
            verified_phone=identity.phone,
        )
    except oidc.SignInRefused as refused:
        return _refused(request, refused.message)
    except ValidationError as error:
        return _refused(
            request,
            _("The identity platform's answer was not accepted: %(reason)s")
            % {"reason": " ".join(error.messages)},
        )
    next_url = request.session.pop(SESSION_NEXT, "") or reverse("portal:my_applications")
    login(request, user, backend=MODEL_BACKEND)
    messages.success(request, _("Signed in through 浙里办 as %(name)s.") % {"name": user})
    return redirect(next_url)
