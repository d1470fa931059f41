"""Background jobs of governance (see fucai.core.jobs): a zip of PDF documents for a
filtered list, and the risk scan run from its page.

PDF bundle. Rendering one document takes a fraction of a second to a second (photos
embedded), so a campaign's worth is made in the background: the list's page records the
ids it matched (at most MAX_BUNDLE), the handler re-reads them through the owner's scope
— a record that left the user's scope meanwhile is left out — renders each with the same
functions as the single-document links, and stores one zip through Django storage under
BUNDLE_DIR. The job page then links to the download. The zip's path is a parameter of the
job, so the core reaper keeps it while the job runs and removes it once it has lain
unclaimed for FUCAI_UPLOAD_ORPHAN_MINUTES; the download then says to make it again.
"""

import tempfile
import uuid
import zipfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from fucai.core import roles
from fucai.core.jobs import job_handler

from . import documents
from .models import RectificationOrder
from .selectors.inspections import visible_inspections

PDF_BUNDLE = "governance.pdf_bundle"
RISK_SCAN = "governance.risk_scan"
BUNDLE_DIR = "governance-pdfs"
MAX_BUNDLE = 300
INSPECTIONS, RECTIFICATIONS = "inspections", "rectifications"
# Kept in memory up to this size, then spilled to a temporary file.
SPOOL_BYTES = 16 * 1024 * 1024


def bundle_path() -> str:
    return f"{BUNDLE_DIR}/{uuid.uuid4().hex}.zip"


def _documents(user, what: str, ids: list[int]):
    """(objects, render, filename) of a bundle, read through ``user``'s scope."""
    if what == INSPECTIONS:
        queryset = documents.inspections_for_pdf(visible_inspections(user).filter(pk__in=ids))
        queryset = queryset.order_by("station__code", "pk")
        return list(queryset), documents.inspection_pdf, documents.inspection_filename
    if what == RECTIFICATIONS:
        queryset = (
            RectificationOrder.objects.visible_to(user)
            .filter(pk__in=ids)
            .select_related("station")
            .order_by("number")
        )
        return list(queryset), documents.rectification_pdf, documents.rectification_filename
    raise ValueError(_("Unknown kind of documents: %(what)s.") % {"what": what})


@job_handler(PDF_BUNDLE, upload_dir=BUNDLE_DIR, file_params=("path",))
def pdf_bundle(job, progress, *, what: str, ids: list[int], path: str, filename: str) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        objects, render, name = _documents(job.user, what, ids[:MAX_BUNDLE])
        total = len(objects)
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer:
            # PDFs are compressed already: stored, not deflated again.
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
                for done, obj in enumerate(objects, 1):
                    archive.writestr(f"{name(obj)}.pdf", render(obj))
                    progress.report(
                        min(99, done * 100 // max(total, 1)),
                        _("%(done)s of %(total)s documents") % {"done": done, "total": total},
                    )
            buffer.seek(0)
            stored = default_storage.save(path, File(buffer, name=filename))
    return {
        "url": reverse("governance:pdf_bundle_download", args=[job.pk]),
        "path": stored,
        "count": total,
        "filename": filename,
    }


@job_handler(RISK_SCAN, permission=roles.PLAN_INSPECTIONS)
def risk_scan_job(job, progress, *, month: str | None = None) -> dict:
    import datetime

    from .services.risk import risk_scan

    progress.report(5, _("Scanning the sales rollups"))
    on = datetime.date.fromisoformat(f"{month}-01") if month else None
    result = risk_scan(month=on, acting_user=job.user)
    url = reverse("governance:proposals")
    return {
        "url": f"{url}?status=proposed&scan={job.pk}",
        "month": f"{result.month:%Y-%m}" if result.month else "",
        "created": sum(result.created.values()),
        "existing": result.existing,
    }
