"""A request carrying an upload is bounded before its body is read.

Django streams file uploads to temporary files (above FILE_UPLOAD_MAX_MEMORY_SIZE) but
sets no limit on their size: a form's own size check runs only after the whole body has
been received and written to disk. This handler, first in FILE_UPLOAD_HANDLERS, refuses
a multipart body larger than FUCAI_MAX_REQUEST_MB from its Content-Length before reading
anything, and counts the bytes as they arrive in case the length lies; the request then
ends as a 400 (Django's RequestDataTooBig)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler

MB = 1024 * 1024


def _limit() -> int:
    return settings.FUCAI_MAX_REQUEST_MB * MB


class LimitedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > _limit():
            raise RequestDataTooBig(
                f"request body of {content_length} bytes exceeds {settings.FUCAI_MAX_REQUEST_MB} MB"
            )
        return None

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > _limit():
            raise RequestDataTooBig("upload larger than FUCAI_MAX_REQUEST_MB")
        return raw_data

    def file_complete(self, file_size):
        return None
