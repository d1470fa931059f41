# An attachment: a PDF circular, a scan or a photo, at most this large, this many a notice.
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 5
