from django.db import models
from django.utils.translation import gettext_lazy as _


class FundCategory(models.TextChoices):
    """What the welfare fund is for (发行宗旨: 扶老、助残、救孤、济困), plus the lines the
    yearly disclosure carries besides them."""

    ELDERLY = "elderly", _("Elderly")
    DISABLED = "disabled", _("Disabled")
    ORPHANS = "orphans", _("Orphans")
    POOR = "poor", _("Hardship relief")
    PUBLIC = "public", _("Public good")
    OTHER = "other", _("Other")


class LedgerAccount(models.TextChoices):
    """The fund's chart of accounts. Postings are signed fen: debit positive, credit
    negative; every entry sums to zero.

    accrual      Dr retained + Dr remitted / Cr raised
    allocation   Dr allocated (project) / Cr retained
    disbursement Dr spent (project) / Cr allocated (project)
    return       Dr retained / Cr allocated (project)  — unspent money comes back
    """

    RAISED = "raised", _("Fund raised from sales")
    REMITTED = "remitted", _("Remitted upward")
    RETAINED = "retained", _("Retained, not yet allocated")
    ALLOCATED = "allocated", _("Allocated to projects, not yet paid")
    SPENT = "spent", _("Paid out")


class EntryKind(models.TextChoices):
    ACCRUAL = "accrual", _("Fund raised in the month")
    ALLOCATION = "allocation", _("Allocation to a project")
    DISBURSEMENT = "disbursement", _("Payment")
    RETURN = "return", _("Return of unspent money")
    REVERSAL = "reversal", _("Reversal (correction)")
    # Fund retained before the ledger was kept in the system (years without sales data).
    OPENING = "opening", _("Opening balance")


class Confidence(models.TextChoices):
    """How sure we are of a rate (see domain/lottery-rules.md)."""

    OFFICIAL = "official", _("Official")
    SECONDARY = "secondary", _("Secondary source")
    WEAK = "weak", _("Single unofficial source")
    OPEN = "open", _("Not found; a default")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Running")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


class ApprovalState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApprovalKind(models.TextChoices):
    ALLOCATION = "allocation", _("Allocation")
    DISBURSEMENT = "disbursement", _("Payment")
    RETURN = "return", _("Return of unspent money")


class DocumentKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")
    OUTCOME = "outcome", _("Outcome report")


class DisclosureState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
