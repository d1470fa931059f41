"""The grading run of a year as a background job (see fucai.core.jobs): 1,300+ stations
are computed in a few queries, but the page should not wait on it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from fucai.core import roles
from fucai.core.jobs import job_handler
from fucai.core.models import Region

from .services.ratings import grading_compute

GRADING_JOB = "governance.grading"


@job_handler(GRADING_JOB, permission=roles.MANAGE_RATINGS)
def run_grading(job, progress, *, year: int, region: str = "") -> dict:
    regions = list(Region.objects.filter(code=region)) if region else None
    summary = grading_compute(
        acting_user=job.user,
        year=year,
        regions=regions,
        progress=lambda percent, message="": progress.report(percent, message),
    )
    progress.report(100, _("Done"))
    return {**summary, "url": reverse("governance:gradings") + f"?year={year}"}
