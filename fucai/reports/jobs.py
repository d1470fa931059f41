"""Reports are made in the background (core.jobs) and kept: the job's row is the record
of a generated report, its files lie in Django storage under REPORT_DIR.

A report is "cached" while the data it was computed from are unchanged. The data
version is the sales data version (bumped by every import, rate change and rebuild) and
the newest audit entry (every business write is audited, in the same transaction), so
any recorded change — a station closed, an inspection submitted, a payment booked —
makes the next request generate the report again (a reveal or an export of personal
data, audited too, changes no figure and is left out); reading a report writes nothing
that would change it. The cache is per data scope (the whole city, or a set of districts):
two users with the same scope share the files, never two with different scopes.

When a newer report of the same period and scope is made, the files of the older ones
are removed; the core reaper is not told of this directory (it would remove a finished
report's files as orphans)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Max
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from fucai.core import roles
from fucai.core.choices import AuditAction, JobStatus
from fucai.core.excel import XLSX
from fucai.core.jobs import job_handler, job_start
from fucai.core.models import AuditEntry, Job
from fucai.core.pdf import PDF
from fucai.core.scope import region_ids
from fucai.sales import figures

from . import documents
from .periods import ReportPeriod, require_available
from .selectors import build_report

REPORT_JOB = "reports.build"
REPORT_DIR = "reports"
FORMATS = {"pdf": PDF, "xlsx": XLSX}


def scope_key(user) -> str:
    return figures.scope_key(region_ids(user))


def data_version() -> str:
    # A reveal or an export of personal data is audited but changes no figure.
    changes = AuditEntry.objects.exclude(action__in=[AuditAction.REVEAL, AuditAction.EXPORT])
    newest = changes.aggregate(newest=Max("pk"))["newest"] or 0
    return f"{figures.current()}:{newest}"


def _matching(user, period: ReportPeriod, version: str):
    return Job.objects.filter(
        kind=REPORT_JOB,
        params__kind=period.kind,
        params__key=period.key,
        params__scope=scope_key(user),
        params__version=version,
    )


def _files_exist(job: Job) -> bool:
    paths = [job.result.get(fmt) or "" for fmt in FORMATS]
    return all(p.startswith(f"{REPORT_DIR}/") and default_storage.exists(p) for p in paths)


def cached_report(user, period: ReportPeriod, version: str | None = None) -> Job | None:
    """The finished report of ``period`` over ``user``'s scope for the current data,
    whose files are still there; None otherwise."""
    version = version or data_version()
    for job in (
        _matching(user, period, version)
        .filter(status=JobStatus.SUCCEEDED)
        .order_by("-finished_at")[:3]
    ):
        if _files_exist(job):
            return job
    return None


def report_states(user, periods: list[ReportPeriod]) -> dict[tuple[str, str], Job]:
    """For an index page: the current report (finished, or the user's own still
    running) of each period, by (kind, key). One query (plus a file check per report)."""
    version = data_version()
    jobs = Job.objects.filter(
        kind=REPORT_JOB, params__scope=scope_key(user), params__version=version
    ).exclude(status=JobStatus.FAILED)
    wanted = {(p.kind, p.key) for p in periods}
    found: dict[tuple[str, str], Job] = {}
    for job in jobs.order_by("-created_at")[:500]:
        key = (job.params.get("kind"), job.params.get("key"))
        if key not in wanted or key in found:
            continue
        finished = job.status == JobStatus.SUCCEEDED and _files_exist(job)
        own_running = job.status != JobStatus.SUCCEEDED and job.user_id == user.pk
        if finished or own_running:
            found[key] = job
    return found


def report_request(*, acting_user, period: ReportPeriod) -> tuple[Job, bool]:
    """(job, ready): the current report if it is made already (ready), else the user's
    own job making it, else a new job. BadPeriod when the period has no data in the
    user's scope; PermissionDenied without the reports permission."""
    if not roles.has_permission(acting_user, roles.VIEW_REPORTS):
        raise PermissionDenied
    require_available(acting_user, period)
    version = data_version()
    cached = cached_report(acting_user, period, version)
    if cached is not None:
        return cached, True
    running = (
        _matching(acting_user, period, version)
        .filter(user=acting_user, status__in=[JobStatus.PENDING, JobStatus.RUNNING])
        .order_by("-created_at")
        .first()
    )
    if running is not None:
        return running, False
    job = job_start(
        acting_user=acting_user,
        kind=REPORT_JOB,
        title=period.title,
        params={
            "kind": period.kind,
            "key": period.key,
            "scope": scope_key(acting_user),
            "version": version,
        },
    )
    return job, False


def filename(period: ReportPeriod, fmt: str) -> str:
    return f"fucai-{period.kind}-{period.key}.{fmt}"


def _remove_superseded(job: Job) -> None:
    older = (
        Job.objects.filter(
            kind=REPORT_JOB,
            status=JobStatus.SUCCEEDED,
            params__kind=job.params.get("kind"),
            params__key=job.params.get("key"),
            params__scope=job.params.get("scope"),
        )
        .exclude(pk=job.pk)
        .exclude(params__version=job.params.get("version"))
    )
    for old in older:
        for fmt in FORMATS:
            path = old.result.get(fmt) or ""
            if path.startswith(f"{REPORT_DIR}/"):
                default_storage.delete(path)


# Only its owner re-runs a failed report (the report is over the owner's scope).
@job_handler(REPORT_JOB)
def build_report_job(job, progress, *, kind: str, key: str, scope: str, version: str) -> dict:
    """Compute the report through the job owner's scope, render both formats, store
    them. A scope that changed since the request (the user moved branch) is refused: the
    files would be filed under the wrong scope."""
    user = job.user
    if user is None or not roles.has_permission(user, roles.VIEW_REPORTS):
        raise PermissionDenied(_("You may no longer read the reports."))
    if scope_key(user) != scope:
        raise PermissionDenied(_("Your data scope changed; request the report again."))
    period = ReportPeriod.parse(kind, key)
    with translation.override(settings.LANGUAGE_CODE):
        report = build_report(user, period, progress=progress.report)
        progress.report(70, _("Drawing the PDF"))
        pdf = documents.report_pdf(report)
        progress.report(90, _("Writing the workbook"))
        xlsx = documents.report_xlsx(report)
    stem = f"{REPORT_DIR}/{uuid.uuid4().hex}"
    stored = {
        "pdf": default_storage.save(f"{stem}.pdf", ContentFile(pdf)),
        "xlsx": default_storage.save(f"{stem}.xlsx", ContentFile(xlsx)),
    }
    _remove_superseded(job)
    return {"url": reverse("reports:index") + f"#{kind}-{key}", **stored}
