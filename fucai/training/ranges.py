"""Serving a stored file with HTTP range requests (RFC 9110 §14), so that a video
player can seek: ``Range: bytes=start-end`` answers 206 Partial Content with that slice
and its ``Content-Range``; a range that cannot be satisfied answers 416 with
``Content-Range: bytes */size``. One range per request (players ask for one); a
multi-range request is answered with the whole file, which RFC 9110 allows.
``If-Range`` with a stale validator gets the whole file too."""

import re

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import quote_etag

CHUNK_BYTES = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class UnsatisfiableRange(Exception):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single ``bytes=`` range, inclusive; None when the header
    asks for the whole file (absent, another unit, several ranges). Raises
    :class:`UnsatisfiableRange` for a range that cannot be served."""
    header = (header or "").strip()
    if not header or not header.startswith("bytes="):
        return None
    if "," in header:
        return None
    match = _RANGE.match(header.replace(" ", ""))
    if match is None:
        raise UnsatisfiableRange
    first, last = match.groups()
    if first == "" and last == "":
        raise UnsatisfiableRange
    if first == "":  # the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise UnsatisfiableRange
        return max(0, size - suffix), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if start >= size or (last != "" and int(last) < start):
        raise UnsatisfiableRange
    return start, end


def _stream(handle, start: int, length: int):
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged_file_response(request, field_file, *, size: int, content_type: str, etag: str = ""):
    """The response to a GET of ``field_file`` (a FieldFile of Django storage) that
    honours ``Range``."""
    if etag:
        etag = quote_etag(etag)
    header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    if header and if_range is not None and (not etag or if_range.strip() != etag):
        header = ""  # the file changed since the client's copy: send it whole
    try:
        wanted = parse_range(header, size)
    except UnsatisfiableRange:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    handle = field_file.open("rb")
    if wanted is None:
        start, length, status = 0, size, 200
    else:
        start, length, status = wanted[0], wanted[1] - wanted[0] + 1, 206
    response = StreamingHttpResponse(
        _stream(handle, start, length), status=status, content_type=content_type
    )
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if status == 206:
        response["Content-Range"] = f"bytes {start}-{start + length - 1}/{size}"
    if etag:
        response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
