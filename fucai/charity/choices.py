from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    PUBLISHED = "published", _("Published")


class ParticipantKind(models.TextChoices):
    STAFF = "staff", _("Center staff")
    VOLUNTEER = "volunteer", _("Party-member volunteer")
    GUEST = "guest", _("Guest")


class BenefitKind(models.TextChoices):
    CASH = "cash", _("Cash")
    GOODS = "goods", _("Goods")
    SERVICE = "service", _("Service")


class HardshipKind(models.TextChoices):
    """The certificate a grant applicant's household holds."""

    LOW_INCOME = "dibao", _("Minimum living allowance")
    LOW_INCOME_EDGE = "dibian", _("Near-minimum income")
    SPECIAL_HARDSHIP = "tekun", _("Special hardship")
    OTHER = "other", _("Other hardship")


class GrantApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    VERIFIED = "verified", _("Documents verified")
    SHORTLISTED = "shortlisted", _("On the list")
    REJECTED = "rejected", _("Not granted")
    NOTICED = "noticed", _("On public notice")
    APPROVED = "approved", _("Granted")
    PAID = "paid", _("Paid")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for applications")
    REVIEWING = "reviewing", _("Reviewing")
    NOTICE = "notice", _("Public notice")
    PAYING = "paying", _("Paying")
    CLOSED = "closed", _("Closed")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Sent to the bank")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")


class GrantDocumentKind(models.TextChoices):
    ADMISSION = "admission", _("Admission letter")
    HARDSHIP = "hardship", _("Hardship certificate")
    HOUSEHOLD = "household", _("Household register")
    OTHER = "other", _("Other document")


class EligibilityCheck(models.TextChoices):
    """The checks an eligibility rule may name (its ``code``)."""

    ADMISSION_YEAR = "admission_year", _("Freshman of the year")
    HOUSEHOLD_REGION = "household_region", _("Household registered in the area")
    HARDSHIP = "hardship", _("Holds a hardship certificate")
