"""Limits and sizes of the charity app."""

PHOTO_MAX_BYTES = 8 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# A bank's return file: a few thousand rows at most.
RETURN_FILE_MAX_BYTES = 2 * 1024 * 1024
RETURN_FILE_MAX_ROWS = 20_000
TRACKING_CODE_PREFIX = "G"
TRACKING_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TRACKING_CODE_LENGTH = 9
# The documents a grant application carries (kind code → label in choices.GrantDocumentKind).
