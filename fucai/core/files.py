"""Checks on uploaded files (documents, inspection photos, signatures, evidence): the
type is read from the content, never trusted from the file name or the browser, and the
file is stored under a random name with the extension of the detected type. A page
disguised as a photo (HTML or SVG renamed .jpg) would otherwise be served back from our
domain and run script in staff browsers. Every app's uploads go through here."""

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# (magic bytes at offset 0, content type, extension)
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"%PDF-", "application/pdf", "pdf"),
)
HEAD_BYTES = 64
IMAGES = frozenset({"image/jpeg", "image/png"})
IMAGES_AND_PDF = IMAGES | {"application/pdf"}
# Videos (training materials). An MP4 (ISO base media) file opens with a box whose type
# at offset 4 is "ftyp", followed by its brand; a WebM file with the EBML magic and, in
# its header's first bytes, the document type "webm" (a Matroska .mkv is refused).
VIDEOS = frozenset({"video/mp4", "video/webm"})
MP4_BRANDS = (
    b"isom",
    b"iso2",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"dash",
    b"M4V ",
)
EBML_MAGIC = b"\x1a\x45\xdf\xa3"


@dataclass(frozen=True)
class DetectedFile:
    content_type: str
    extension: str
    size: int
    sha256: str

    def random_name(self) -> str:
        return f"{secrets.token_hex(16)}.{self.extension}"


def detect_type(head: bytes, allowed=IMAGES_AND_PDF) -> tuple[str, str] | None:
    """(content type, extension) from the first bytes, or None if not allowed."""
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic) and content_type in allowed:
            return content_type, extension
    if "video/mp4" in allowed and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS:
        return "video/mp4", "mp4"
    if "video/webm" in allowed and head.startswith(EBML_MAGIC) and b"webm" in head[4:HEAD_BYTES]:
        return "video/webm", "webm"
    return None


def inspect_upload(
    file: File, *, max_bytes: int, allowed: frozenset[str] = IMAGES_AND_PDF
) -> DetectedFile:
    """Validate an uploaded file and describe it; raises ValidationError with a message
    the uploader can act on. Leaves the file positioned at its start."""
    size = file.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty_file")
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="file_too_large",
        )
    file.seek(0)
    detected = detect_type(file.read(HEAD_BYTES), allowed)
    if detected is None:
        if allowed & VIDEOS:
            message = _("This file is not a PDF document or an MP4 or WebM video.")
        elif "application/pdf" in allowed:
            message = _(
                "This file is not a JPEG or PNG image or a PDF document. Please upload a "
                "photo or a scan in one of these formats."
            )
        else:
            message = _("This file is not a JPEG or PNG image. Please upload a photo.")
        raise ValidationError(message, code="file_type")
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return DetectedFile(
        content_type=detected[0], extension=detected[1], size=size, sha256=digest.hexdigest()
    )
