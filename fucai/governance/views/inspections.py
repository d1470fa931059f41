"""Pages of the inspections topic: the list (with Excel), the detail page, its PDF,
its photos and signature (served through the scope check), and cancelling."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import (
    ModalActionView,
    ObjectListView,
    RolePermissionMixin,
    ScopedObjectMixin,
)
from fucai.core.pdf import pdf_response
from fucai.core.tables import badge, choice_labels

from .. import documents
from ..choices import InspectionKind, InspectionResult, InspectionStatus
from ..forms.inspections import InspectionCancelForm, InspectionFilterForm
from ..models import Inspection
from ..selectors import inspections as selectors
from ..services import inspections as services
from .inspection_report import report_context


def _result_badge(value: str, label: str):
    if not value:
        return "—"
    return badge("active" if value == "passed" else "suspended", label)


def inspection_rows(inspections) -> list[dict]:
    kinds, statuses = choice_labels(InspectionKind.choices), choice_labels(InspectionStatus.choices)
    results = choice_labels(InspectionResult.choices)
    base = reverse("governance:inspections")  # detail pages are <list>/<pk>/

    def url(pk):
        return f"{base}{pk}/"

    status_colors = {"planned": "preparing", "in_progress": "rectifying", "submitted": "active"}
    rows = []
    for i in inspections:
        rows.append(
            {
                "url": url(i.pk),
                "station_code": i.station.code,
                "station": i.station.name,
                "region": i.station.region.short_name or i.station.region.name,
                "kind": kinds.get(i.kind, i.kind),
                "year": str(i.year),
                "inspector": str(i.inspector),
                "due_on": i.due_on.isoformat() if i.due_on else "—",
                "inspected_on": i.inspected_on.isoformat() if i.inspected_on else "—",
                "status": badge(status_colors.get(i.status, "closed"), statuses[i.status]),
                "score": f"{i.score:.1f}" if i.score is not None else "—",
                "result": _result_badge(i.result, results.get(i.result, "")),
                "orders": str(i.order_count or "") or "—",
            }
        )
    return rows


ROW_HTML = (
    '<tr><td><a href="{url}">{station_code}</a><div class="small text-secondary">{station}'
    '</div></td><td>{region}</td><td class="d-none d-md-table-cell">{kind}</td>'
    '<td class="d-none d-lg-table-cell">{inspector}</td>'
    '<td class="d-none d-md-table-cell">{due_on}</td><td class="d-none d-lg-table-cell">'
    '{inspected_on}</td><td>{status}</td><td class="text-end">{score}</td><td>{result}</td>'
    '<td class="d-none d-md-table-cell text-end">{orders}</td></tr>'
)


class InspectionListView(ObjectListView):
    model = Inspection
    permission = roles.VIEW_GOVERNANCE
    filter_form_class = InspectionFilterForm
    template_name = "governance/inspections/inspection_list.html"
    table_template_name = "governance/inspections/_inspection_table.html"
    row_html = ROW_HTML
    sort_fields = {
        "station": "station__code",
        "region": ["station__region__sort_order", "station__code"],
        "due_on": "due_on",
        "inspected_on": "inspected_on",
        "score": "score",
        "status": "status",
    }
    default_sort = "-due_on"
    export_filename = "inspections"
    export_columns = [
        (_("Station code"), lambda i: i.station.code),
        (_("Station name"), lambda i: i.station.name),
        (_("District"), lambda i: i.station.region.name),
        (_("Year"), lambda i: i.year),
        (_("Inspection kind"), lambda i: i.get_kind_display()),
        (_("Inspector"), lambda i: str(i.inspector)),
        (_("Planned date"), lambda i: i.planned_on),
        (_("Due date"), lambda i: i.due_on),
        (_("Status"), lambda i: i.get_status_display()),
        (_("Inspection date"), lambda i: i.inspected_on),
        (_("Score"), lambda i: i.score),
        (_("Maximum score"), lambda i: i.max_score),
        (_("Result"), lambda i: i.get_result_display()),
        (_("Critical item failed"), lambda i: _("Yes") if i.critical_failed else ""),
        (_("Distance from the station (m)"), lambda i: i.check_in_distance_m),
        (_("Checked in far from the station"), lambda i: _("Yes") if i.check_in_far else ""),
        (_("Rectification orders"), lambda i: i.order_count),
        (_("Reason for cancelling"), lambda i: i.cancel_reason),
    ]

    def get_queryset(self):
        return selectors.with_order_counts(
            selectors.visible_inspections(self.request.user).select_related(
                "station", "station__region", "inspector"
            )
        )

    def get_filter_form(self):
        return InspectionFilterForm(
            self.request.GET or None,
            user=self.request.user,
            queryset=selectors.visible_inspections(self.request.user),
        )

    def get_rows(self, objects):
        return inspection_rows(objects)


class InspectionMixin(RolePermissionMixin, ScopedObjectMixin):
    model = Inspection
    permission = roles.VIEW_GOVERNANCE

    def get_queryset(self):
        return selectors.visible_inspections(self.request.user)


class InspectionDetailView(InspectionMixin, TemplateView):
    template_name = "governance/inspections/inspection_detail.html"

    def get_queryset(self):
        return selectors.with_detail(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = self.get_object()
        context.update(report_context(inspection))
        context.update(
            can_fill=inspection.status in selectors.OPEN
            and services.can_fill(self.request.user, inspection),
            can_cancel=inspection.status in selectors.OPEN
            and services.can_fill(self.request.user, inspection),
        )
        return context


class InspectionPdfView(InspectionMixin, View):
    def get(self, request, *args, **kwargs):
        inspection = selectors.with_detail(self.get_queryset()).filter(pk=kwargs["pk"]).first()
        if inspection is None:
            raise Http404
        content = documents.inspection_pdf(inspection, request)
        return pdf_response(documents.inspection_filename(inspection), content)


def _image_response(field_file, content_type: str):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type)
    # Type checked by content on upload; still never sniffed, never a document.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


class InspectionPhotoView(InspectionMixin, View):
    def get(self, request, *args, **kwargs):
        inspection = self.get_object()
        photo = get_object_or_404(inspection.photos, pk=kwargs["photo"])
        return _image_response(photo.file, photo.content_type)


class InspectionSignatureView(InspectionMixin, View):
    def get(self, request, *args, **kwargs):
        inspection = self.get_object()
        if not inspection.signature:
            raise Http404
        return _image_response(inspection.signature, "image/png")


class InspectionCancelView(ScopedObjectMixin, ModalActionView):
    model = Inspection
    permission = roles.INSPECT
    form_class = InspectionCancelForm
    template_name = "governance/inspections/_cancel_form.html"
    title = _("Cancel the inspection")
    success_message = _("The inspection was cancelled.")

    def perform(self, obj, data):
        services.inspection_cancel(
            inspection=obj, reason=data["cancel_reason"], acting_user=self.request.user
        )
        return reverse("governance:inspection", args=[obj.pk])


urlpatterns = [
    path("inspections/", InspectionListView.as_view(), name="inspections"),
    path("inspections/<int:pk>/", InspectionDetailView.as_view(), name="inspection"),
    path("inspections/<int:pk>/pdf/", InspectionPdfView.as_view(), name="inspection_pdf"),
    path(
        "inspections/<int:pk>/photos/<int:photo>/",
        InspectionPhotoView.as_view(),
        name="inspection_photo",
    ),
    path(
        "inspections/<int:pk>/signature/",
        InspectionSignatureView.as_view(),
        name="inspection_signature",
    ),
    path("inspections/<int:pk>/cancel/", InspectionCancelView.as_view(), name="inspection_cancel"),
]
