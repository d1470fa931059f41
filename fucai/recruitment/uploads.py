"""Applicants' documents: JPEG, PNG or PDF up to the recruitment limit, checked by
content in core (``fucai.core.files``)."""

from django.core.files.base import File

from fucai.core.files import DetectedFile, detect_type
from fucai.core.files import inspect_upload as _inspect

from . import constants as c

__all__ = ["DetectedFile", "detect_type", "inspect_upload"]


def inspect_upload(file: File, *, max_bytes: int = c.MAX_UPLOAD_BYTES) -> DetectedFile:
    return _inspect(file, max_bytes=max_bytes)
