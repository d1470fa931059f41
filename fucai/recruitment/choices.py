from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Education(models.TextChoices):
    """Ordered from lowest to highest; ``EDUCATION_RANK`` compares them."""

    JUNIOR_HIGH = "junior_high", _("Junior high school")
    HIGH_SCHOOL = "high_school", _("High school / vocational school")
    COLLEGE = "college", _("College (associate degree)")
    BACHELOR = "bachelor", _("Bachelor's degree or above")


EDUCATION_RANK: dict[str, int] = {value: rank for rank, value in enumerate(Education.values)}


class IntendedClass(models.TextChoices):
    """The station classes an applicant may apply for; flagship stores are the center's
    own decision, not an application. Values match ``stations.StationClass``."""

    DEDICATED = "dedicated", _("Dedicated")
    COMBINED = "combined", _("Combined")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Tenure(models.TextChoices):
    OWNED = "owned", _("Owned")
    LEASED = "leased", _("Leased")


class DocumentKind(models.TextChoices):
    ID_CARD = "id_card", _("ID card")
    PREMISES_PROOF = "premises_proof", _("Proof of premises ownership")
    LEASE = "lease", _("Lease contract")
    PHOTOS = "photos", _("Photos of the premises")
    OTHER = "other", _("Other")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")
    SURVEY_ASSIGNED = "survey_assigned", _("Site survey assigned")
    SURVEYED = "surveyed", _("Surveyed")
    APPROVED_FOR_NOTICE = "approved_for_notice", _("Approved for public notice")
    IN_NOTICE = "in_notice", _("In public notice")
    NOTICE_PASSED = "notice_passed", _("Public notice passed")
    DRAWN_WINNER = "drawn_winner", _("Drawn")
    DRAWN_WAITLIST = "drawn_waitlist", _("Waiting list")
    APPROVED = "approved", _("Approved")
    CONTRACT_SCHEDULED = "contract_scheduled", _("Contract signing scheduled")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")
    STATION_CREATED = "station_created", _("Station created")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ApplicationStatus

# The whole workflow in one table: 最多跑一次 — everything is online except the contract
# signing, the one in-person visit. A returned application goes back to "submitted"
# when the applicant resubmits it; a waiting-list application may be approved later
# when a winner drops out.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.RETURNED, S.ACCEPTED, S.REJECTED, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.SURVEY_ASSIGNED, S.REJECTED}),
    S.SURVEY_ASSIGNED: frozenset({S.SURVEYED}),
    S.SURVEYED: frozenset({S.APPROVED_FOR_NOTICE, S.REJECTED}),
    S.APPROVED_FOR_NOTICE: frozenset({S.IN_NOTICE}),
    S.IN_NOTICE: frozenset({S.NOTICE_PASSED, S.REJECTED}),
    S.NOTICE_PASSED: frozenset({S.DRAWN_WINNER, S.DRAWN_WAITLIST, S.APPROVED, S.REJECTED}),
    S.DRAWN_WINNER: frozenset({S.APPROVED, S.REJECTED}),
    S.DRAWN_WAITLIST: frozenset({S.APPROVED, S.REJECTED}),
    S.APPROVED: frozenset({S.CONTRACT_SCHEDULED, S.REJECTED}),
    S.CONTRACT_SCHEDULED: frozenset({S.CONTRACT_SIGNED, S.CONTRACT_SCHEDULED, S.REJECTED}),
    S.CONTRACT_SIGNED: frozenset({S.STATION_CREATED}),
    S.STATION_CREATED: frozenset(),
    S.REJECTED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

FINAL_STATES = frozenset(s for s, targets in ALLOWED_TRANSITIONS.items() if not targets)


class ReviewDecision(models.TextChoices):
    APPROVE = "approve", _("Approve for public notice")
    REJECT = "reject", _("Reject")


class OpeningItem(models.TextChoices):
    TRAINING = "training", _("Pre-job training")
    FIT_OUT = "fit_out", _("Fit-out inspection")
    SALES_LICENCE = "sales_licence", _("Sales licence")
    TERMINAL = "terminal", _("Terminal installed")
    INSURANCE = "insurance", _("Liability insurance")
