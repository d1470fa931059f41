"""Background import of a large sales file (see fucai.core.jobs).

The view stores the upload with Django's default storage (under ``UPLOAD_DIR``) and
starts a job; the handler imports it through the same service as the page and the
command, reporting progress, and deletes the stored file once the file has been judged
(imported or rejected). If the import crashes or its process dies, the file stays, so
the job can be re-run; the reaper (core.jobs) removes it when no job needs it any more.
"""

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from fucai.core import roles
from fucai.core.jobs import job_handler

from .choices import ImportStatus
from .services import sales_import

UPLOAD_DIR = "sales-imports"


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


@job_handler(
    "sales.import", permission=roles.IMPORT_SALES, upload_dir=UPLOAD_DIR, file_params=("path",)
)
def import_sales_file(job, progress, *, path: str, filename: str, replace: bool = False) -> dict:
    size = default_storage.size(path) or 1
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
    # Judged (imported, rejected or a duplicate): running it again would change nothing.
    default_storage.delete(path)
    result = batch_result(batch)
    if batch.status != ImportStatus.SUCCEEDED:
        message = _("The file was rejected with %(count)s errors; nothing was imported.") % {
            "count": len(batch.errors)
        }
        raise ImportJobRejected(message, result)
    return result
