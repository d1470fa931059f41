"""The reports' pages: the index (years and months with data, each report's state),
generating one (a background job, watched on the core job page) and downloading it."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from fucai.core import roles
from fucai.core.generic import RolePermissionMixin

from . import jobs
from .periods import ANNUAL, MONTHLY, BadPeriod, ReportPeriod, available
from .selectors import scope_label

# The index lists this many months, newest first.
MONTHS_SHOWN = 24


class ReportIndexView(RolePermissionMixin, TemplateView):
    permission = roles.VIEW_REPORTS
    template_name = "reports/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        periods = available(user)
        shown = periods[ANNUAL] + periods[MONTHLY][:MONTHS_SHOWN]
        states = jobs.report_states(user, shown)

        def rows(items):
            return [{"period": p, "job": states.get((p.kind, p.key))} for p in items]

        context.update(
            scope=scope_label(user),
            annual=rows(periods[ANNUAL]),
            monthly=rows(periods[MONTHLY][:MONTHS_SHOWN]),
        )
        return context


class ReportGenerateView(RolePermissionMixin, View):
    """POST kind and key: the report is made in the background; the user watches the
    job, or gets the report at once when it is current already."""

    permission = roles.VIEW_REPORTS
    http_method_names = ["post"]

    def post(self, request):
        try:
            period = ReportPeriod.parse(request.POST.get("kind", ""), request.POST.get("key", ""))
            job, ready = jobs.report_request(acting_user=request.user, period=period)
        except BadPeriod as refused:
            messages.error(request, str(refused))
            return redirect("reports:index")
        if ready:
            messages.info(request, _("This report is up to date; download it below."))
            return redirect("reports:index")
        return redirect("core:job_detail", job.pk)


class ReportDownloadView(RolePermissionMixin, View):
    """The current report's file over the user's scope; without one, back to the index
    to generate it."""

    permission = roles.VIEW_REPORTS

    def get(self, request, kind: str, key: str, fmt: str):
        if fmt not in jobs.FORMATS:
            raise Http404
        try:
            period = ReportPeriod.parse(kind, key)
        except BadPeriod as error:
            raise Http404 from error
        job = jobs.cached_report(request.user, period)
        if job is None:
            messages.warning(
                request, _("This report is not made for the current data yet; generate it.")
            )
            return redirect("reports:index")
        return file_response(job, period, fmt)


def file_response(job, period: ReportPeriod, fmt: str) -> FileResponse:
    response = FileResponse(
        default_storage.open(job.result[fmt], "rb"),
        as_attachment=True,
        filename=jobs.filename(period, fmt),
        content_type=jobs.FORMATS[fmt],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
