"""The work queue, every application in scope, one application's page, its documents
and the audited reveal of the applicant's identity."""

import mimetypes
import posixpath

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import audit, roles
from fucai.core.generic import ObjectListView, RolePermissionMixin
from fucai.core.roles import has_permission
from fucai.stations.choices import StationStatus
from fucai.stations.models import Station

from .. import constants as c
from .. import selectors, services
from ..choices import ApplicationStatus as S
from ..forms import QueueFilterForm
from ..geo import bounding_box
from ..models import Application, ApplicationDocument, RecruitmentCall, School
from .actions import ACTIONS, ApplicationMixin

NEARBY_M = 1500
_STAFF_RECRUITMENT = (c.REVIEW_APPLICATIONS, c.MANAGE_CALLS, c.SURVEY)
# Who may read applications: those who work on them, and leadership (read only).
_READ_RECRUITMENT = (*_STAFF_RECRUITMENT, c.VIEW_APPLICATIONS)


class AnyPermissionMixin(RolePermissionMixin):
    """Any one of ``permissions`` grants access."""

    permissions: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not any(has_permission(request.user, p) for p in self.permissions):
            raise PermissionDenied
        return super(RolePermissionMixin, self).dispatch(request, *args, **kwargs)


class ApplicationListView(AnyPermissionMixin, ObjectListView):
    """Every application inside the user's scope, with filters."""

    model = Application
    permissions = _READ_RECRUITMENT
    filter_form_class = QueueFilterForm
    template_name = "recruitment/application_list.html"
    table_template_name = "recruitment/_application_table.html"
    sort_fields = {
        "due_on": "due_on",
        "submitted_at": "submitted_at",
        "region": ["region__sort_order", "id"],
        "status": "status",
        "code": "tracking_code",
    }
    default_sort = "-submitted_at"
    queue = False

    def get_queryset(self):
        return Application.objects.visible_to(self.request.user).select_related("call", "region")

    def page_queryset(self, queryset):
        # The table shows the name masked and no ID or phone number: nothing to decrypt.
        return queryset.defer("id_number", "phone", "call__body")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(queue=self.queue, today=timezone.localdate())
        return context


class QueueView(ApplicationListView):
    """What waits on the user's role, most urgent first; overdue rows highlighted."""

    default_sort = ""
    queue = True

    def dispatch(self, request, *args, **kwargs):
        # Leadership has no work queue: the recruitment menu opens all applications.
        user = request.user
        works_on_them = any(has_permission(user, p) for p in _STAFF_RECRUITMENT)
        if not works_on_them and has_permission(user, c.VIEW_APPLICATIONS):
            return redirect("recruitment:application_list")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.queue_for(self.request.user)


def map_data(application: Application) -> dict:
    """The premises, active stations and schools nearby, for the page's map."""
    lat, lng = float(application.latitude), float(application.longitude)
    min_lat, max_lat, min_lng, max_lng = bounding_box(lat, lng, NEARBY_M)
    box = {
        "latitude__range": (round(min_lat, 6), round(max_lat, 6)),
        "longitude__range": (round(min_lng, 6), round(max_lng, 6)),
    }
    stations = Station.objects.filter(status=StationStatus.ACTIVE, **box).exclude(
        pk=application.station_id
    )
    schools = School.objects.filter(**box)
    return {"point": [lng, lat], "stations": _coords(stations), "schools": _coords(schools)}


def _coords(queryset) -> list[list[float]]:
    return [[float(x), float(y)] for x, y in queryset.values_list("longitude", "latitude")[:300]]


class ApplicationDetailView(AnyPermissionMixin, ApplicationMixin, TemplateView):
    permissions = _READ_RECRUITMENT
    template_name = "recruitment/application_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("surveyor", "station", "draw")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.get_object()
        user = self.request.user
        actions = []
        for action in ACTIONS:
            if application.status not in action.statuses:
                continue
            if not has_permission(user, action.permission):
                continue
            if action.name == "record_survey" and application.surveyor_id != user.pk:
                continue
            actions.append(
                {
                    "name": action.name,
                    "label": action.label,
                    "style": action.style,
                    "icon": action.icon,
                    "url": reverse(
                        f"recruitment:action_{action.name}", args=[application.tracking_code]
                    ),
                }
            )
        today = timezone.localdate()
        context.update(
            application=application,
            actions=actions,
            documents=application.documents.order_by("kind", "uploaded_at"),
            events=application.events.select_related("actor", "handled_by").order_by("at", "id"),
            objections=application.objections.order_by("received_on", "id"),
            survey=application.survey_check or {},
            map_data=map_data(application),
            overdue=bool(application.due_on and application.due_on < today),
            oversubscribed=application.status == "notice_passed"
            and selectors.is_oversubscribed(application.call, application.region),
            history=audit.history_for(application)[:50],
            can_reveal=has_permission(user, roles.REVEAL_PERSONAL_DATA),
            can_review=has_permission(user, c.REVIEW_APPLICATIONS),
        )
        return context


class IdentityRevealView(ApplicationMixin, View):
    """POST-only: the full ID number and phone once, audited."""

    permission = roles.REVEAL_PERSONAL_DATA
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        application = self.get_object()
        revealed = services.application_identity_reveal(
            acting_user=request.user, application=application
        )
        response = render(request, "recruitment/_identity_revealed.html", {"revealed": revealed})
        response["Cache-Control"] = "no-store"
        return response


class DocumentDownloadView(AnyPermissionMixin, ApplicationMixin, View):
    """A document, always as a download (never rendered inline by the browser)."""

    permissions = _STAFF_RECRUITMENT

    def get(self, request, *args, **kwargs):
        application = self.get_object()
        document = get_object_or_404(
            ApplicationDocument, pk=kwargs["document"], application=application
        )
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        extension = posixpath.splitext(document.file.name)[1]
        filename = f"{application.tracking_code}-{document.kind}-{document.pk}{extension}"
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=filename,
            content_type=document.content_type
            if document.content_type in ("image/jpeg", "image/png", "application/pdf")
            else mimetypes.types_map.get(".bin", "application/octet-stream"),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


class SlaView(AnyPermissionMixin, TemplateView):
    permissions = (c.REVIEW_APPLICATIONS, c.MANAGE_CALLS, c.VIEW_APPLICATIONS)
    template_name = "recruitment/sla.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        calls = RecruitmentCall.objects.exclude(status="draft").order_by("-opens_on")
        wanted = self.request.GET.get("call", "")
        call = calls.filter(pk=wanted).first() if wanted.isdigit() else None
        metrics = selectors.sla_metrics(call, user=self.request.user)
        steps = [
            {
                "status": status,
                "label": S(status).label if status in S.values else status,
                "sla": (call.sla_for(status) if call else c.DEFAULT_SLA_WORKING_DAYS.get(status)),
                **values,
                "within_pct": None
                if values["within_sla_share"] is None
                else round(values["within_sla_share"] * 100, 1),
            }
            for status, values in sorted(
                metrics["steps"].items(),
                key=lambda kv: S.values.index(kv[0]) if kv[0] in S.values else 99,
            )
        ]
        context.update(
            calls=calls,
            call=call,
            steps=steps,
            in_person=metrics["in_person_per_application"],
            title=_("Service times"),
        )
        return context
