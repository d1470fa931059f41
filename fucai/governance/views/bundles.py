"""The PDFs of a list as one zip, made in the background (governance/jobs.py): the
inspection list, a plan's inspections (a campaign) and the rectification list each post
their current filters here; the user follows the job's page and downloads the zip from
it. The single-document links stay on the detail pages."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from fucai.core import roles
from fucai.core.choices import JobStatus
from fucai.core.generic import RolePermissionMixin
from fucai.core.jobs import job_start
from fucai.core.models import Job

from .. import jobs
from .inspections import InspectionListView
from .planning.plans import PlanDetailView
from .rectifications import RectificationListView


class PdfBundleMixin:
    """POST on a list view: start a job making the PDFs of the rows its filters match."""

    http_method_names = ["post"]
    bundle_what = ""
    bundle_name = ""

    def back_url(self) -> str:
        raise NotImplementedError

    def bundle_title(self, count: int) -> str:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        queryset, _form = self.filtered_queryset()
        ids = list(queryset.values_list("pk", flat=True)[: jobs.MAX_BUNDLE + 1])
        back = self.back_url()
        if not ids:
            messages.warning(request, _("No documents match the filters."))
            return redirect(back)
        if len(ids) > jobs.MAX_BUNDLE:
            messages.error(
                request,
                _(
                    "More than %(max)s documents match; narrow the filters (a district, a "
                    "status, dates) and try again."
                )
                % {"max": jobs.MAX_BUNDLE},
            )
            return redirect(back)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        job = job_start(
            acting_user=request.user,
            kind=jobs.PDF_BUNDLE,
            title=str(self.bundle_title(len(ids))),
            params={
                "what": self.bundle_what,
                "ids": ids,
                "path": jobs.bundle_path(),
                "filename": f"{self.bundle_name}-{stamp}.zip",
            },
        )
        return redirect("core:job_detail", job.pk)

    def _query(self) -> str:
        query = self.request.GET.urlencode()
        return f"?{query}" if query else ""


class InspectionPdfBundleView(PdfBundleMixin, InspectionListView):
    bundle_what = jobs.INSPECTIONS
    bundle_name = "inspections"

    def back_url(self) -> str:
        return reverse("governance:inspections") + self._query()

    def bundle_title(self, count: int) -> str:
        return _("Inspection reports (PDF, %(count)s)") % {"count": count}


class PlanPdfBundleView(PdfBundleMixin, PlanDetailView):
    bundle_what = jobs.INSPECTIONS
    bundle_name = "plan-inspections"

    def back_url(self) -> str:
        return reverse("governance:plan", args=[self.get_plan().pk])

    def bundle_title(self, count: int) -> str:
        return _("%(plan)s: inspection reports (PDF, %(count)s)") % {
            "plan": self.get_plan().name,
            "count": count,
        }


class RectificationPdfBundleView(PdfBundleMixin, RectificationListView):
    bundle_what = jobs.RECTIFICATIONS
    bundle_name = "rectifications"

    def back_url(self) -> str:
        return reverse("governance:rectifications") + self._query()

    def bundle_title(self, count: int) -> str:
        return _("Rectification notices (PDF, %(count)s)") % {"count": count}


class PdfBundleDownloadView(RolePermissionMixin, View):
    """The zip of a finished bundle job, for the user who started it (anyone else: 404)."""

    permission = roles.VIEW_GOVERNANCE

    def get(self, request, pk):
        job = Job.objects.filter(
            pk=pk, kind=jobs.PDF_BUNDLE, user=request.user, status=JobStatus.SUCCEEDED
        ).first()
        if job is None:
            raise Http404
        stored = job.result.get("path") or ""
        if not stored.startswith(f"{jobs.BUNDLE_DIR}/") or not default_storage.exists(stored):
            messages.warning(
                request,
                _("This file was removed after a while; make the PDFs again from the list."),
            )
            return redirect("core:job_detail", job.pk)
        response = FileResponse(
            default_storage.open(stored, "rb"),
            as_attachment=True,
            filename=job.result.get("filename") or "documents.zip",
            content_type="application/zip",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path("inspections/pdfs/", InspectionPdfBundleView.as_view(), name="inspection_pdf_bundle"),
    path("plans/<int:pk>/pdfs/", PlanPdfBundleView.as_view(), name="plan_pdf_bundle"),
    path(
        "rectifications/pdfs/",
        RectificationPdfBundleView.as_view(),
        name="rectification_pdf_bundle",
    ),
    path("pdfs/<int:pk>/", PdfBundleDownloadView.as_view(), name="pdf_bundle_download"),
]
