"""PDF documents (an inspection report, a rectification order) rendered from a Django
template with WeasyPrint.

Chinese text needs a CJK font: the templates ask for "Noto Sans CJK SC" (Debian's
fonts-noto-cjk, installed by bin/preflight) through fontconfig. Nothing is fetched while
rendering: images are passed in as ``data:`` URLs (``data_url``) and every other URL is
refused, so a document built from user data cannot make the server read a file or call
an address on its behalf.
"""

import base64

from django.http import HttpResponse
from django.template.loader import render_to_string

PDF = "application/pdf"
MAX_EMBEDDED_BYTES = 10 * 1024 * 1024


def data_url(field_file, content_type: str) -> str:
    """A stored image as a ``data:`` URL for a PDF template; "" if it is missing."""
    if not field_file:
        return ""
    try:
        with field_file.open("rb") as handle:
            content = handle.read(MAX_EMBEDDED_BYTES + 1)
    except (FileNotFoundError, OSError):
        return ""
    if len(content) > MAX_EMBEDDED_BYTES:
        return ""
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document whose only resources are ``data:`` URLs."""
    # Imported here: pango loads only when a PDF is made.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, url_fetcher=fetcher, base_url="/").write_pdf()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    return html_to_pdf(render_to_string(template_name, context, request=request))


def pdf_response(filename: str, content: bytes, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
