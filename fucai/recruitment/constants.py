"""Permissions, defaults and limits of the recruitment workflow.

Business figures that vary by city (ages, areas, distances, SLAs) are only *defaults*
here: each recruitment call carries its own values as data (lottery-rules.md).
"""

from decimal import Decimal

# Permissions, granted to roles in the one table, fucai.core.roles.ROLE_PERMISSIONS.
from fucai.core.roles import (  # noqa: F401
    MANAGE_CALLS,
    REVIEW_APPLICATIONS,
    SURVEY,
    VIEW_APPLICATIONS,
)

from .choices import ApplicationStatus as S
from .choices import DocumentKind

# Call condition defaults (typical set-up conditions, lottery-rules.md [secondary]).
DEFAULT_MIN_AGE = 18
DEFAULT_MAX_AGE = 60
DEFAULT_MIN_AREA_DEDICATED = Decimal("10")
DEFAULT_MIN_AREA_COMBINED = Decimal("20")
DEFAULT_MIN_AREA_FLAGSHIP = Decimal("60")
DEFAULT_MIN_DISTANCE_STATION_M = 150
DEFAULT_MIN_DISTANCE_COMBINED_M = 300
DEFAULT_MIN_DISTANCE_SCHOOL_M = 200
DEFAULT_NOTICE_DAYS = 7
DEFAULT_REQUIRED_DOCUMENTS = [DocumentKind.ID_CARD.value, DocumentKind.PREMISES_PROOF.value]
DEFAULT_DEPOSIT_FEN = 2_000_000  # 20,000 yuan
DEFAULT_CONTRACT_YEARS = 3

# What a call manager sets on a call, in the form's order: the one list that
# services.calls accepts and CallForm edits.
CALL_FIELDS = (
    "title",
    "body",
    "opens_on",
    "closes_on",
    "min_age",
    "max_age",
    "min_education",
    "min_area_dedicated",
    "min_area_combined",
    "min_area_flagship",
    "min_distance_station_m",
    "min_distance_combined_m",
    "min_distance_school_m",
    "residency_required",
    "residency_rule",
    "required_documents",
    "notice_days",
    "deposit_fen",
    "contract_years",
    "sla_days",
)
# Once applicants rely on a published call, only its wording and closing date may change.
CALL_FIELDS_PUBLISHED = ("title", "body", "closes_on")
# What an applicant fills in: the one list that services.applicant accepts and the
# portal's ApplicationForm asks for.
APPLICATION_FIELDS = (
    "name",
    "id_number",
    "phone",
    "email",
    "education",
    "address",
    "region",
    "latitude",
    "longitude",
    "area",
    "tenure",
    "lease_ends_on",
    "intended_class",
    "experience",
    "resides_in_region",
)

# SLA per waiting state, in working days, until the next step is due. A call may
# override any of them in RecruitmentCall.sla_days ({status: days}). The public notice
# is counted in calendar days from call.notice_days instead; a scheduled signing is due
# on its appointment date.
DEFAULT_SLA_WORKING_DAYS: dict[str, int] = {
    S.SUBMITTED: 3,  # completeness check
    S.RETURNED: 10,  # the applicant's correction
    S.ACCEPTED: 1,  # assign the site survey
    S.SURVEY_ASSIGNED: 5,  # site survey
    S.SURVEYED: 5,  # review
    S.APPROVED_FOR_NOTICE: 1,  # publish the notice
    S.NOTICE_PASSED: 3,  # approval (or the draw)
    S.DRAWN_WINNER: 3,  # approval
    S.APPROVED: 5,  # schedule the contract signing
    S.CONTRACT_SIGNED: 3,  # register the station
}

# Statuses that hold one of a region's places for good (after notice and draw).
HOLDING_STATUSES = frozenset(
    {S.DRAWN_WINNER, S.APPROVED, S.CONTRACT_SCHEDULED, S.CONTRACT_SIGNED, S.STATION_CREATED}
)
# Statuses counted against the quota when a survey judges the remaining places.
QUOTA_PENDING_STATUSES = HOLDING_STATUSES | {S.APPROVED_FOR_NOTICE, S.IN_NOTICE, S.NOTICE_PASSED}
# An applicant may hold one live application per call (one address per person).
LIVE_STATUSES = frozenset(set(S.values) - {S.REJECTED, S.WITHDRAWN, S.DRAFT})

# Tracking codes are shown to the public and typed by hand: no 0/O, 1/I/L.
TRACKING_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_CODE_LENGTH = 10

# Uploads.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_DIR = "recruitment/applications"

# One-time codes for sign-up.
OTP_LENGTH = 6
OTP_TTL_SECONDS = 10 * 60
OTP_MAX_ATTEMPTS = 5
OTP_MIN_INTERVAL_SECONDS = 60
OTP_MAX_PER_PHONE_PER_HOUR = 5
OTP_MAX_PER_IP_PER_HOUR = 20
