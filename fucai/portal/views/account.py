"""The applicant's account: a mobile number and a one-time code or a password; sign-up,
sign-in (throttled per number and per address), sign-out, and the decorator that keeps
the applicant's pages to applicants."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fucai.core import context, crypto, oidc, throttle
from fucai.core.backends import MODEL_BACKEND
from fucai.core.choices import Role
from fucai.core.generic import add_validation_errors
from fucai.core.roles import role_of
from fucai.core.validators import validate_mobile
from fucai.recruitment import otp
from fucai.recruitment.models import ApplicantProfile

from ..forms import PhoneForm, SignInForm, SignUpForm

SESSION_PHONE = "portal_phone"
SIGN_IN_FAILED = _(
    "The mobile number, code or password is not right, or the account is locked. "
    "No account yet? Please sign up first."
)
THROTTLED = _("Too many attempts. Please wait a while and try again.")


def applicant_required(view):
    """Applicants only: anonymous visitors are sent to sign in, staff get 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('portal:sign_in')}?next={request.get_full_path()}")
        if role_of(request.user) != Role.APPLICANT:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("portal:my_applications")


# Accounts ------------------------------------------------------------------


@require_POST
def otp_send(request):
    """Send a one-time code; back to the form it came from, phone kept in the session."""
    form = PhoneForm(request.POST)
    purpose = "sign_up" if request.POST.get("purpose") == "sign_up" else "sign_in"
    target = reverse(f"portal:{purpose}")
    if form.is_valid() and not _allowed(
        request,
        form.cleaned_data["phone"],
        "code",
        settings.PORTAL_CODE_LIMIT_PER_PHONE,
        settings.PORTAL_CODE_LIMIT_PER_IP,
    ):
        messages.error(request, str(THROTTLED))
    elif form.is_valid():
        try:
            code = otp.otp_request(form.cleaned_data["phone"], ip=context.client_ip(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            request.session[SESSION_PHONE] = form.cleaned_data["phone"]
            messages.success(
                request, _("We sent a 6-digit code to your mobile. It works for 10 minutes.")
            )
            if settings.DEBUG:
                messages.info(
                    request, _("Development mode — the code is %(code)s.") % {"code": code}
                )
    else:
        messages.error(request, _("Enter a valid mainland mobile number."))
    next_url = request.POST.get("next", "")
    return redirect(f"{target}?next={next_url}" if next_url else target)


def sign_up(request):
    initial = {"phone": request.session.get(SESSION_PHONE, "")}
    form = SignUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = otp.applicant_sign_up(
                phone=data["phone"], code=data["code"], password=data["password"], name=data["name"]
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            login(request, user, backend=MODEL_BACKEND)
            request.session.pop(SESSION_PHONE, None)
            messages.success(
                request, _("Welcome, %(name)s. Your account is ready.") % {"name": data["name"]}
            )
            return redirect(_next_url(request))
    return render(
        request,
        "portal/sign_up.html",
        {"form": form, "next": request.GET.get("next", ""), "gov_sign_in": oidc.enabled()},
        status=400 if form.errors else 200,
    )


def _normalized(phone: str) -> str:
    try:
        return validate_mobile(phone)
    except ValidationError:
        return (phone or "").strip()


def _allowed(request, phone: str, action: str, per_phone: int, per_ip: int) -> bool:
    """Count one attempt of ``action`` for this number and this client address."""
    return throttle.hit_all(
        (f"portal-{action}-phone", _normalized(phone), per_phone),
        (f"portal-{action}-ip", context.client_ip(request), per_ip),
        window=settings.PORTAL_THROTTLE_WINDOW_SECONDS,
    )


def _profile_for(phone: str) -> ApplicantProfile | None:
    try:
        phone = validate_mobile(phone)
    except ValidationError:
        return None
    return (
        ApplicantProfile.objects.select_related("user")
        .filter(phone_digest=crypto.blind_index(phone), user__is_active=True)
        .first()
    )


def _username_for(phone: str, profile: ApplicantProfile | None) -> str:
    # An unknown number is checked against the username it would have had: the
    # password hasher runs either way (Django hashes for unknown users too), lockout
    # counts it the same, and nothing in the answer tells the two apart.
    if profile is not None:
        return profile.user.get_username()
    return "m" + crypto.blind_index(_normalized(phone))[:20]


def sign_in(request):
    """Sign in by one-time code or password. The answer never says whether the number
    has an account (same status and message either way), and attempts are throttled per
    number and per client address."""
    initial = {"phone": request.session.get(SESSION_PHONE, "")}
    form = SignInForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not _allowed(
            request,
            data["phone"],
            "sign-in",
            settings.PORTAL_SIGN_IN_LIMIT_PER_PHONE,
            settings.PORTAL_SIGN_IN_LIMIT_PER_IP,
        ):
            form.add_error(None, THROTTLED)
            status = 429
        else:
            profile = _profile_for(data["phone"])
            user = None
            if data["code"]:
                # Verified for unknown numbers too: same work, same answer.
                if otp.otp_verify(data["phone"], data["code"]) and profile is not None:
                    user = profile.user
            else:
                candidate = authenticate(
                    request,
                    username=_username_for(data["phone"], profile),
                    password=data["password"],
                )
                if candidate is not None and profile is not None and candidate == profile.user:
                    user = candidate
            if user is not None:
                login(request, user, backend=MODEL_BACKEND)
                request.session.pop(SESSION_PHONE, None)
                return redirect(_next_url(request))
            form.add_error(None, SIGN_IN_FAILED)
    if form.errors and status == 200:
        status = 400
    return render(
        request,
        "portal/sign_in.html",
        {"form": form, "next": request.GET.get("next", ""), "gov_sign_in": oidc.enabled()},
        status=status,
    )


@require_POST
def sign_out(request):
    logout(request)
    return redirect("portal:home")
