"""Public pages: what the center does, open calls, notices, draws, tracking."""

import re
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from fucai.core import masking
from fucai.core.models import User
from fucai.core.roles import REVIEW_APPLICATIONS, ROLE_PERMISSIONS
from fucai.recruitment import constants as c
from fucai.recruitment import notify, selectors, services
from fucai.recruitment.choices import ApplicationStatus as S
from fucai.recruitment.choices import CallStatus, DocumentKind, Education
from fucai.recruitment.geo import bounding_box
from fucai.recruitment.models import Application, Draw, RecruitmentCall, School
from fucai.recruitment.progress import handler_label
from fucai.recruitment.selectors import public_progress
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from ..forms import ObjectionForm, TrackForm

# A house number and whatever follows it (room, unit) is left out of public notices.
_HOUSE_NUMBER = re.compile(r"\s*\d+\s*(号|弄|幢|栋|室|-).*$")
# SLA steps shown on a call, in the order an application meets them.
SLA_STEPS = [
    S.SUBMITTED,
    S.RETURNED,
    S.ACCEPTED,
    S.SURVEY_ASSIGNED,
    S.SURVEYED,
    S.APPROVED_FOR_NOTICE,
    S.NOTICE_PASSED,
    S.APPROVED,
    S.CONTRACT_SIGNED,
]
POINTS_RADIUS_M = 3000
POINTS_LIMIT = 400


def street_only(address: str) -> str:
    """“鹿城区五马街88号2楼” → “鹿城区五马街”: enough to locate, not to knock on."""
    return _HOUSE_NUMBER.sub("", address or "").strip()


def open_calls():
    today = timezone.localdate()
    return [
        call
        for call in RecruitmentCall.objects.filter(status=CallStatus.PUBLISHED).order_by(
            "-opens_on", "-id"
        )
        if call.is_open_on(today)
    ]


def home(request):
    track_form = TrackForm()
    return render(
        request,
        "portal/home.html",
        {
            "calls": open_calls(),
            "track_form": track_form,
            "notice_count": Application.objects.filter(status=S.IN_NOTICE).count(),
        },
    )


def call_list(request):
    calls = RecruitmentCall.objects.exclude(status=CallStatus.DRAFT).order_by("-opens_on", "-id")
    today = timezone.localdate()
    return render(
        request,
        "portal/call_list.html",
        {"calls": [(call, call.is_open_on(today)) for call in calls]},
    )


def call_detail(request, pk: int):
    call = get_object_or_404(RecruitmentCall.objects.exclude(status=CallStatus.DRAFT), pk=pk)
    quotas = [
        {"region": row["region"], "quota": row["quota"], "remaining": max(row["remaining"], 0)}
        for row in selectors.quota_rows([call])[call.pk]
    ]
    documents = [DocumentKind(k).label for k in call.required_documents if k in DocumentKind.values]
    sla = [(S(step).label, call.sla_for(step)) for step in SLA_STEPS if call.sla_for(step)]
    return render(
        request,
        "portal/call_detail.html",
        {
            "call": call,
            "is_open": call.is_open_on(timezone.localdate()),
            "quotas": quotas,
            "documents": documents,
            "education": Education(call.min_education).label,
            "sla": sla,
        },
    )


def notice_list(request):
    rows = (
        Application.objects.filter(status=S.IN_NOTICE)
        .select_related("call", "region")
        .order_by("notice_ends_on", "tracking_code")
    )
    notices = [
        {
            "code": a.tracking_code,
            "name": masking.mask_name(a.name),
            "region": a.region.label,
            "street": street_only(a.address),
            "station_class": a.get_intended_class_display(),
            "starts_on": a.notice_starts_on,
            "ends_on": a.notice_ends_on,
            "call": a.call.title,
        }
        for a in rows
    ]
    return render(request, "portal/notice_list.html", {"notices": notices})


def _reviewers(application):
    """Staff who may decide on the objection, to be told about it."""
    roles = [r for r, perms in ROLE_PERMISSIONS.items() if REVIEW_APPLICATIONS in perms]
    users = User.objects.filter(role__in=roles, is_active=True).select_related("org_unit")
    return [
        u for u in users if Application.objects.visible_to(u).filter(pk=application.pk).exists()
    ][:20]


def objection(request, code: str):
    application = get_object_or_404(
        Application.objects.select_related("region"), tracking_code=code, status=S.IN_NOTICE
    )
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.objection_record(
                acting_user=None,
                application=application,
                content=data["content"],
                raised_by=f"{data['raised_by']} · {data['contact']}",
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            for reviewer in _reviewers(application):
                notify.notify_user(
                    recipient=reviewer,
                    subject=_("Objection received: %(code)s") % {"code": code},
                    body=_("An objection to application %(code)s arrived through the portal.")
                    % {"code": code},
                    application=application,
                )
            messages.success(
                request,
                _(
                    "Thank you. Your objection is recorded; the center will look into it "
                    "before the notice ends."
                ),
            )
            return redirect("portal:notices")
    return render(
        request,
        "portal/objection.html",
        {
            "form": form,
            "notice": {
                "code": application.tracking_code,
                "name": masking.mask_name(application.name),
                "region": application.region.label,
                "street": street_only(application.address),
                "ends_on": application.notice_ends_on,
            },
        },
        status=400 if form.errors else 200,
    )


def _draw_rows(draw: Draw) -> list[dict]:
    names = dict(
        Application.objects.filter(tracking_code__in=draw.order).values_list(
            "tracking_code", "name"
        )
    )
    winners = set(draw.winners)
    return [
        {
            "rank": rank,
            "code": code,
            "name": masking.mask_name(names.get(code, "")),
            "winner": code in winners,
        }
        for rank, code in enumerate(draw.order, start=1)
    ]


def draw_list(request):
    draws = Draw.objects.select_related("call", "region").order_by("-at", "-id")[:50]
    return render(request, "portal/draw_list.html", {"draws": draws})


def draw_detail(request, pk: int):
    draw = get_object_or_404(Draw.objects.select_related("call", "region"), pk=pk)
    verified = services.draw_verify(draw) if request.GET.get("verify") else None
    return render(
        request,
        "portal/draw_detail.html",
        {"draw": draw, "rows": _draw_rows(draw), "verified": verified},
    )


def track(request):
    form = TrackForm(request.GET or None)
    result = None
    if form.is_bound and form.is_valid():
        result = public_progress(form.cleaned_data["code"])
        if result is None:
            form.add_error("code", _("No application has this tracking code. Check each letter."))
        else:
            result["handler"] = handler_label(result["status"])
            result["next_step"] = str(notify.NEXT_STEP.get(result["status"], ""))
            for step in result["steps"]:
                step["handler"] = handler_label(step["status"])
    return render(
        request,
        "portal/track.html",
        {"form": form, "result": result},
        status=404 if form.is_bound and result is None and form.errors else 200,
    )


@require_GET
def map_points(request):
    """Active stations (coordinates and kind only) and schools near a point, for the
    applicant's map picker. No names, no owners."""
    try:
        lat = Decimal(request.GET.get("lat", ""))
        lng = Decimal(request.GET.get("lng", ""))
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        return JsonResponse({"detail": "lat and lng are required"}, status=400)
    min_lat, max_lat, min_lng, max_lng = bounding_box(float(lat), float(lng), POINTS_RADIUS_M)
    box = {
        "latitude__range": (Decimal(f"{min_lat:.6f}"), Decimal(f"{max_lat:.6f}")),
        "longitude__range": (Decimal(f"{min_lng:.6f}"), Decimal(f"{max_lng:.6f}")),
    }
    stations = Station.objects.filter(status=StationStatus.ACTIVE, **box).values_list(
        "longitude", "latitude", "kind"
    )[:POINTS_LIMIT]
    schools = School.objects.filter(**box).values_list("longitude", "latitude")[:POINTS_LIMIT]
    return JsonResponse(
        {
            # Coordinates for the map (geometry, not money): plain JSON numbers.
            "stations": [[float(lng), float(lat), kind] for lng, lat, kind in stations],
            "schools": [[float(lng), float(lat)] for lng, lat in schools],
            "min_station_m": c.DEFAULT_MIN_DISTANCE_STATION_M,
            "min_school_m": c.DEFAULT_MIN_DISTANCE_SCHOOL_M,
        }
    )
