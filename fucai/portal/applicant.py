"""The applicant's side: an account by mobile and one-time code, then applications
filled in, documented, submitted, corrected and followed — all online (最多跑一次)."""

import functools
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from fucai.core import context, crypto, throttle
from fucai.core.backends import MODEL_BACKEND
from fucai.core.choices import Role
from fucai.core.generic import add_validation_errors
from fucai.core.roles import role_of
from fucai.core.templatetags.fucai import distance
from fucai.core.validators import validate_mobile
from fucai.recruitment import geo, otp, services
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.choices import CallStatus, IntendedClass
from fucai.recruitment.forms import SECTIONS, ApplicationForm, DocumentForm
from fucai.recruitment.models import ApplicantProfile, Application, RecruitmentCall
from fucai.recruitment.progress import progress
from fucai.recruitment.services.applicant import EDITABLE_STATES

from .forms import PhoneForm, SignInForm, SignUpForm

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


def own_application(request, code: str) -> Application:
    """The signed-in applicant's application; anyone else's is a 404."""
    return get_object_or_404(
        Application.objects.of_applicant(request.user).select_related("call", "region"),
        tracking_code=code,
    )


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
        {"form": form, "next": request.GET.get("next", "")},
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
        {"form": form, "next": request.GET.get("next", "")},
        status=status,
    )


@require_POST
def sign_out(request):
    logout(request)
    return redirect("portal:home")


# Applications ----------------------------------------------------------------


@applicant_required
def my_applications(request):
    applications = (
        Application.objects.of_applicant(request.user)
        .select_related("call", "region")
        .order_by("-created_at", "-id")
    )
    return render(request, "portal/my_applications.html", {"applications": applications})


def _form_page(request, form, *, call, application=None, status=200):
    return render(
        request,
        "portal/application_form.html",
        {"form": form, "call": call, "application": application, "sections": SECTIONS},
        status=status,
    )


@applicant_required
def apply(request, pk: int):
    call = get_object_or_404(RecruitmentCall, pk=pk, status=CallStatus.PUBLISHED)
    if not call.is_open_on(timezone.localdate()):
        messages.error(request, _("This call is not open for applications."))
        return redirect("portal:call_detail", pk=call.pk)
    existing = (
        Application.objects.of_applicant(request.user)
        .filter(call=call)
        .exclude(status__in=[S.WITHDRAWN, S.REJECTED])
        .first()
    )
    if existing is not None:
        messages.info(request, _("You already have an application under this call."))
        return redirect("portal:application", code=existing.tracking_code)
    form = ApplicationForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                acting_user=request.user, call=call, **form.service_fields()
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                _("Draft saved. Next, attach your documents, then submit."),
            )
            return redirect("portal:application", code=application.tracking_code)
    return _form_page(request, form, call=call, status=400 if form.errors else 200)


@applicant_required
def application_edit(request, code: str):
    application = own_application(request, code)
    if application.status not in EDITABLE_STATES:
        messages.info(request, _("This application can no longer be changed."))
        return redirect("portal:application", code=code)
    form = ApplicationForm(request.POST or None, call=application.call, application=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                acting_user=request.user, application=application, **form.service_fields()
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("portal:application", code=code)
    return _form_page(
        request,
        form,
        call=application.call,
        application=application,
        status=400 if form.errors else 200,
    )


def _status_page(request, application, document_form=None, status=200):
    events = list(application.events.order_by("at", "id"))
    documents = list(application.documents.order_by("uploaded_at", "id"))
    kinds = {d.kind for d in documents}
    required = [{"code": k, "present": k in kinds} for k in application.call.required_documents]
    return render(
        request,
        "portal/application_detail.html",
        {
            "application": application,
            "progress": progress(application, events, with_comments=True),
            "documents": documents,
            "required": required,
            "editable": application.status in EDITABLE_STATES,
            "document_form": document_form or DocumentForm(),
        },
        status=status,
    )


@applicant_required
def application_detail(request, code: str):
    return _status_page(request, own_application(request, code))


@applicant_required
@require_POST
def document_add(request, code: str):
    application = own_application(request, code)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.application_document_add(
                acting_user=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Document attached."))
            return redirect(f"{reverse('portal:application', args=[code])}#documents")
    return _status_page(request, application, document_form=form, status=400)


@applicant_required
@require_POST
def application_submit(request, code: str):
    application = own_application(request, code)
    try:
        if application.status == S.RETURNED:
            services.application_resubmit(
                acting_user=request.user,
                application=application,
                comment=request.POST.get("comment", "")[:500],
            )
        else:
            services.application_submit(acting_user=request.user, application=application)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("portal:application", code=code)
    return redirect("portal:receipt", code=code)


@applicant_required
def receipt(request, code: str):
    application = own_application(request, code)
    if application.submitted_at is None:
        raise Http404
    events = list(application.events.order_by("at", "id"))
    return render(
        request,
        "portal/receipt.html",
        {
            "application": application,
            "progress": progress(application, events, with_comments=False),
        },
    )


@applicant_required
@require_POST
def application_withdraw(request, code: str):
    application = own_application(request, code)
    try:
        services.application_withdraw(
            acting_user=request.user,
            application=application,
            reason=request.POST.get("reason", "")[:500],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("portal:application", code=code)


# Spacing feedback on the map picker -------------------------------------------------

# Each tap on the map asks once; a minute's worth of taps is plenty for a person.
SPACING_LIMIT_PER_MINUTE = 60


def _coordinate(request, name: str) -> Decimal | None:
    raw = request.GET.get(name, "").strip()
    if not raw or len(raw) > 20:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@require_GET
@applicant_required
def spacing(request, pk: int):
    """How far a point on the map is from the nearest active station and school, against
    the call's spacing rules — distances only (rounded metres), never which station or
    school. The point must lie in the city; bad input is a 400, too many taps a 429."""
    call = get_object_or_404(RecruitmentCall, pk=pk, status=CallStatus.PUBLISHED)
    lat, lng = _coordinate(request, "lat"), _coordinate(request, "lng")
    if lat is None or lng is None or not geo.in_city(lat, lng):
        return JsonResponse(
            {"detail": str(_("Pick a point inside Wenzhou on the map."))}, status=400
        )
    if not throttle.hit(
        "portal-spacing-user", str(request.user.pk), limit=SPACING_LIMIT_PER_MINUTE, window=60
    ):
        return JsonResponse({"detail": str(THROTTLED)}, status=429)
    intended = request.GET.get("class", "")
    if intended not in IntendedClass.values:
        intended = IntendedClass.DEDICATED
    result = geo.spacing(call, lat, lng, intended)
    if intended == IntendedClass.COMBINED:
        station_label = _("Nearest dedicated station")
    else:
        station_label = _("Nearest station")
    lines = [
        _spacing_line(station_label, result.station_m, result.station_limit_m, result.station_ok),
        _spacing_line(
            _("Nearest school"), result.school_m, result.school_limit_m, result.school_ok
        ),
    ]
    return JsonResponse(
        {
            "station": {
                "distance_m": _rounded(result.station_m),
                "required_m": result.station_limit_m,
                "ok": result.station_ok,
            },
            "school": {
                "distance_m": _rounded(result.school_m),
                "required_m": result.school_limit_m,
                "ok": result.school_ok,
            },
            "ok": result.station_ok and result.school_ok,
            "lines": lines,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _rounded(metres: float | None) -> int | None:
    return None if metres is None else round(metres)


def _spacing_line(label, metres: float | None, limit: int, ok: bool) -> dict:
    if metres is None:
        text = _("%(label)s: none within %(radius)s") % {
            "label": label,
            "radius": distance(geo.SEARCH_MAX_M),
        }
    else:
        text = _("%(label)s %(distance)s (at least %(limit)s required)") % {
            "label": label,
            "distance": distance(round(metres)),
            "limit": distance(limit),
        }
    return {"text": str(text), "ok": ok}
