"""The supervision documents as PDFs, rendered through fucai.core.pdf (WeasyPrint, Noto
CJK, images embedded as ``data:`` URLs and nothing else fetched): an inspection's report
and a rectification order's notice (整改通知书).

The pages serve one document at once; the bundle job (governance/jobs.py) renders many
with the same functions, so a document is the same whichever way it was asked for."""

from django.utils import timezone

from fucai.core.pdf import data_url, render_pdf

from .models import Inspection, RectificationOrder
from .selectors import inspections as inspection_selectors
from .services.rectifications import EVENT_LABELS
from .views.inspection_report import report_context

INSPECTION_TEMPLATE = "governance/inspections/inspection_pdf.html"
RECTIFICATION_TEMPLATE = "governance/rectifications/notice_pdf.html"
# Reply photos are type-checked on upload; only these two are embedded.
EMBEDDED_TYPES = ("image/jpeg", "image/png")


def inspection_filename(inspection: Inspection) -> str:
    return f"inspection-{inspection.station.code}-{inspection.pk}"


def inspection_pdf(inspection: Inspection, request=None) -> bytes:
    """``inspection`` comes from ``selectors.inspections.with_detail``."""
    return render_pdf(INSPECTION_TEMPLATE, report_context(inspection, embed=True), request)


def inspections_for_pdf(queryset):
    return inspection_selectors.with_detail(queryset)


def rectification_filename(order: RectificationOrder) -> str:
    return order.number


def rectification_context(order: RectificationOrder) -> dict:
    replies = []
    for reply in order.replies.select_related("author").prefetch_related("photos"):
        photos = [
            data_url(photo.file, photo.content_type)
            for photo in reply.photos.all()
            if photo.content_type in EMBEDDED_TYPES
        ]
        replies.append({"reply": reply, "photos": [uri for uri in photos if uri]})
    return {
        "order": order,
        "events": [
            (event, EVENT_LABELS.get(event.action, event.action))
            for event in order.events.select_related("actor")
        ],
        "replies": replies,
        "printed_at": timezone.localtime(),
    }


def rectification_pdf(order: RectificationOrder, request=None) -> bytes:
    """``order`` with its station (``select_related("station")``)."""
    return render_pdf(RECTIFICATION_TEMPLATE, rectification_context(order), request)
