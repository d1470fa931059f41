"""The public's complaints (投诉建议) on the portal: file one without an account (a phone
only for a call back), follow it with the tracking code, rate the handling once it is
answered; and the public statistics (aggregates only, no personal data).

Submissions and lookups are throttled per client address: a tracking code opens the
complaint's page, so codes must not be guessable by brute force."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from fucai.core import context, throttle
from fucai.feedback.choices import ComplaintSource, ComplaintState
from fucai.feedback.forms import PublicComplaintForm, RateForm, TrackForm
from fucai.feedback.models import Complaint
from fucai.feedback.selectors import public_statistics
from fucai.feedback.services import complaints as services

SUBMIT_LIMIT_PER_IP = 10
LOOKUP_LIMIT_PER_IP = 60
WINDOW_SECONDS = 3600
THROTTLED = _("Too many requests from your network. Please wait a while and try again.")
UNKNOWN = _("No complaint has this tracking code. Check each character.")


def _allowed(request, scope: str, setting: str, default: int) -> bool:
    limit = getattr(settings, setting, default)
    return throttle.hit(scope, context.client_ip(request), limit=limit, window=WINDOW_SECONDS)


def complaint_new(request):
    form = PublicComplaintForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not _allowed(request, "complaint-submit", "COMPLAINT_SUBMIT_LIMIT", SUBMIT_LIMIT_PER_IP):
            form.add_error(None, THROTTLED)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                complaint = services.complaint_submit(source=ComplaintSource.PORTAL, **data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect(
                    reverse("portal:complaint", args=[complaint.tracking_code]) + "?new=1"
                )
    return render(request, "portal/complaint_form.html", {"form": form}, status=status)


@require_GET
def complaint_track(request):
    form = TrackForm(request.GET or None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            code = form.cleaned_data["code"]
            if Complaint.objects.filter(tracking_code=code).exists():
                return redirect("portal:complaint", code=code)
            form.add_error("code", UNKNOWN)
            status = 404
        else:
            status = 400
    return render(request, "portal/complaint_track.html", {"form": form}, status=status)


def _public_view(code: str) -> Complaint:
    complaint = (
        Complaint.objects.select_related("station")
        .only(
            "tracking_code",
            "category",
            "state",
            "title",
            "text",
            "received_at",
            "due_on",
            "reply",
            "outcome",
            "replied_at",
            "rating",
            "rating_comment",
            "station__code",
            "station__name",
        )
        .filter(tracking_code=code.upper())
        .first()
    )
    if complaint is None:
        raise Http404
    return complaint


def complaint_detail(request, code):
    if not _allowed(request, "complaint-lookup", "COMPLAINT_LOOKUP_LIMIT", LOOKUP_LIMIT_PER_IP):
        return render(
            request,
            "portal/complaint_track.html",
            {"form": TrackForm(), "throttled": THROTTLED},
            status=429,
        )
    complaint = _public_view(code)
    return _detail(request, complaint, RateForm())


def _detail(request, complaint, rate_form, status=200):
    events = complaint.events.filter(public=True).only("kind", "at", "comment")
    response = render(
        request,
        "portal/complaint_detail.html",
        {
            "complaint": complaint,
            "events": events,
            "rate_form": rate_form,
            "can_rate": complaint.state == ComplaintState.REPLIED,
            "new": request.GET.get("new") == "1",
            "today": timezone.localdate(),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def complaint_rate(request, code):
    complaint = _public_view(code)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_rate(complaint=complaint, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            return redirect("portal:complaint", code=complaint.tracking_code)
    return _detail(request, complaint, form, status=400)


@require_GET
def complaint_statistics(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year:
        year = today.year
    stats = public_statistics(year)
    return render(
        request,
        "portal/complaint_statistics.html",
        {"stats": stats, "years": range(today.year, today.year - 5, -1)},
    )


urlpatterns = [
    path("complaints/", complaint_new, name="complaint_new"),
    path("complaints/track/", complaint_track, name="complaint_track"),
    path("complaints/statistics/", complaint_statistics, name="complaint_statistics"),
    path("complaints/<str:code>/", complaint_detail, name="complaint"),
    path("complaints/<str:code>/rate/", complaint_rate, name="complaint_rate"),
]
