"""Reports API, mounted at /api/reports: the annual report of a year as PDF or Excel.

The file comes at once (200) when the report over the caller's data scope is made
already for the current data; otherwise the request starts (or finds the caller's
running) background job and answers 202 with it — ask again once ``status`` is
``succeeded``, or follow ``job_url`` in a browser. 404 when the year has no data in the
caller's scope."""

import datetime

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import HttpError

from fucai.core import roles
from fucai.core.jobs import progress_of
from fucai.reports import jobs
from fucai.reports.periods import ANNUAL, BadPeriod, ReportPeriod
from fucai.reports.views import file_response

router = Router(tags=["reports"])


class ReportJobOut(Schema):
    job: int = Field(description="The background job making the report.")
    status: str = Field(description="pending, running, succeeded or failed.")
    percent: int
    message: str
    job_url: str = Field(description="The job's page on the staff site.")
    created_at: datetime.datetime


class YearPath(Schema):
    year: int = Field(..., ge=2000, le=2100)


def _file_doc(media_type: str) -> dict:
    return {
        "responses": {
            "200": {
                "description": "The report's file.",
                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _annual(request, year: int, fmt: str):
    if not roles.has_permission(request.user, roles.VIEW_REPORTS):
        raise PermissionDenied
    try:
        period = ReportPeriod(ANNUAL, year)
        job, ready = jobs.report_request(acting_user=request.user, period=period)
    except BadPeriod as error:
        raise HttpError(404, str(error)) from None
    if ready:
        return file_response(job, period, fmt)
    progress = progress_of(job)
    return Status(
        202,
        {
            "job": job.pk,
            "status": job.status,
            "percent": progress["percent"],
            "message": progress["message"],
            "job_url": reverse("core:job_detail", args=[job.pk]),
            "created_at": job.created_at,
        },
    )


@router.get(
    "/annual/{year}.pdf",
    response={202: ReportJobOut},
    summary="The annual report as PDF",
    openapi_extra=_file_doc(jobs.FORMATS["pdf"]),
)
def annual_pdf(request, path: Path[YearPath]):
    """The year's report (sales, the welfare fund, stations, stars, recruitment,
    supervision, insurance, charity) over the caller's scope, as PDF: 200 with the file
    when made for the current data, else 202 with the job making it."""
    return _annual(request, path.year, "pdf")


@router.get(
    "/annual/{year}.xlsx",
    response={202: ReportJobOut},
    summary="The annual report as an Excel workbook",
    openapi_extra=_file_doc(jobs.FORMATS["xlsx"]),
)
def annual_xlsx(request, path: Path[YearPath]):
    """The same report as an Excel workbook (an overview sheet and one per table): 200
    with the file when made for the current data, else 202 with the job making it."""
    return _annual(request, path.year, "xlsx")
