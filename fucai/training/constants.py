"""Limits and rules of training and exams."""

from fucai.stations.models import CERTIFICATE_EXPIRING_DAYS

MB = 1024 * 1024
# Uploaded materials: a lecture video of an hour at a phone-friendly bit rate fits.
MAX_VIDEO_BYTES = 200 * MB
MAX_DOCUMENT_BYTES = 20 * MB
# A video counts as watched when its furthest position reaches this share of its length.
COMPLETION_RATIO = 0.9
# Question-bank workbooks: a bank of a few thousand questions is a few hundred KB.
MAX_IMPORT_BYTES = 5 * MB
MAX_IMPORT_QUESTIONS = 5000
MAX_OPTIONS = 6
# A refresher exam renews a certificate that expires within this many days.
RENEWAL_WINDOW_DAYS = CERTIFICATE_EXPIRING_DAYS
