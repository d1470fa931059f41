"""A rectification order as a PDF notice (整改通知书): the order, its log and the reply
photos, rendered by WeasyPrint from an HTML template with the Noto CJK fonts.

Photos are embedded as data: URIs read through Django storage; WeasyPrint's fetcher
allows only data: URIs, so nothing in an order's text can make it read a file or the
network."""

import base64

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import RectificationOrder, RectificationPhoto
from .services.rectifications import EVENT_LABELS

PDF = "application/pdf"


def _data_uri(photo: RectificationPhoto) -> str:
    if photo.content_type not in ("image/jpeg", "image/png"):
        return ""
    try:
        with photo.file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        return ""
    return f"data:{photo.content_type};base64,{base64.b64encode(content).decode()}"


def rectification_html(order: RectificationOrder) -> str:
    replies = []
    for reply in order.replies.select_related("author").prefetch_related("photos"):
        photos = [uri for uri in (_data_uri(p) for p in reply.photos.all()) if uri]
        replies.append({"reply": reply, "photos": photos})
    return render_to_string(
        "governance/rectifications/notice_pdf.html",
        {
            "order": order,
            "events": [
                (event, EVENT_LABELS.get(event.action, event.action))
                for event in order.events.select_related("actor")
            ],
            "replies": replies,
            "printed_at": timezone.localtime(),
        },
    )


def rectification_pdf(order: RectificationOrder) -> bytes:
    # Heavy imports: only when a PDF is asked for.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only the embedded data: URIs are read; no file:// or network access from data.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=rectification_html(order), url_fetcher=fetcher).write_pdf()


def rectification_pdf_response(order: RectificationOrder) -> HttpResponse:
    try:
        content = rectification_pdf(order)
    except ImportError:
        return HttpResponse(
            str(_("PDF rendering is not available on this server.")),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{order.number}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
