"""Background import of a large sales file (see fucai.core.jobs).

The view stores the upload with Django's default storage and starts a job; the handler
imports it through the same service as the page and the command, reporting progress,
and deletes the stored file when it is done.
"""

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from fucai.core.jobs import job_handler

from .choices import ImportStatus
from .services import sales_import


class ImportJobRejected(Exception):
    """The file was read but rejected: the job failed, its result links to the batch."""

    def __init__(self, message: str, job_result: dict):
        super().__init__(message)
        self.job_result = job_result


def batch_result(batch) -> dict:
    return {
        "url": reverse("sales:import_detail", args=[batch.pk]),
        "batch_id": batch.pk,
        "status": batch.status,
        "duplicate": batch.duplicate,
        "rows": batch.rows,
    }


@job_handler("sales.import")
def import_sales_file(job, progress, *, path: str, filename: str, replace: bool = False) -> dict:
    size = default_storage.size(path) or 1
    try:
        with default_storage.open(path, "rb") as handle:

            def report(rows: int) -> None:
                # The reader works in 1 MB chunks, so the position is a fair estimate for
                # CSV; a workbook is unzipped, so cap the estimate below 100.
                percent = min(95, int(handle.tell() * 100 / size))
                progress.report(percent, _("%(rows)s rows checked") % {"rows": f"{rows:,}"})

            batch = sales_import(
                acting_user=job.user,
                file=handle,
                filename=filename,
                replace=replace,
                progress=report,
            )
    finally:
        default_storage.delete(path)
    result = batch_result(batch)
    if batch.status != ImportStatus.SUCCEEDED:
        message = _("The file was rejected with %(count)s errors; nothing was imported.") % {
            "count": len(batch.errors)
        }
        raise ImportJobRejected(message, result)
    return result
