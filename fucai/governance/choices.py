from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InspectionKind(models.TextChoices):
    ANNUAL = "annual", _("Annual inspection")
    ROUTINE = "routine", _("Routine patrol")
    SPECIAL = "special", _("Special inspection")
    MYSTERY = "mystery", _("Mystery shopper visit")


class AnswerType(models.TextChoices):
    PASS_FAIL = "pass_fail", _("Pass / fail")
    SCORE = "score", _("Score")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Text")
    PHOTO = "photo", _("Photo required")


class Severity(models.TextChoices):
    """How serious a failed item is; it sets the rectification deadline."""

    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class PlanKind(models.TextChoices):
    CAMPAIGN = "campaign", _("Annual campaign")
    ROUTINE = "routine", _("Routine plan")
    AD_HOC = "ad_hoc", _("Ad hoc")
    RISK = "risk", _("Risk-based")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    CANCELLED = "cancelled", _("Cancelled")


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    # 不合格, not the 失败 of a failed job or import.
    FAILED = "failed", pgettext_lazy("inspection result", "Failed")


class RectificationStatus(models.TextChoices):
    """open → replied → verified; a rejected reply goes back to open; an order past its
    deadline without a verified reply becomes overdue (it can still be replied to);
    closed ends an order without verification (the station exited, or it was withdrawn
    with a reason)."""

    OPEN = "open", pgettext_lazy("rectification", "Open")
    REPLIED = "replied", _("Replied")
    VERIFIED = "verified", _("Verified")
    OVERDUE = "overdue", _("Overdue")
    CLOSED = "closed", _("Closed")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    BRANCH_HEAD = 1, _("Escalated to the branch head")
    STATION_STATUS = 2, _("Station status changed")


class ViolationType(models.TextChoices):
    MINORS = "minors", _("Selling to minors")
    CREDIT = "credit", _("Credit betting")
    ONLINE = "online", _("Online selling")
    PRIVATE_LOTTERY = "private_lottery", _("Illegal private lottery")
    NO_LICENCE = "no_licence", _("Licence not displayed")
    NO_RESPONSIBLE_GAMING = "no_responsible_gaming", _("No responsible-gaming notice")
    UNCERTIFIED_SELLER = "uncertified_seller", _("Uncertified seller")
    CLOSED_HOURS = "closed_hours", _("Selling outside permitted hours")
    OTHER = "other", _("Other violation")


class ViolationSource(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    COMPLAINT = "complaint", _("Complaint")
    REPORT = "report", _("Report")


class Penalty(models.TextChoices):
    WARNING = "warning", _("Warning")
    FINE = "fine", _("Fine")
    SUSPENSION = "suspension", _("Suspension")
    TERMINATION = "termination", _("Contract termination")


class VisitGroup(models.TextChoices):
    """三服务三助力: three services, three kinds of help."""

    SERVICE = "service", _("Service")
    HELP = "help", _("Help")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("follow-up", "Open")
    DONE = "done", _("Done")


class ReviewOutcome(models.TextChoices):
    # Contexts: "Pass"/"Fail" on a checklist item read 合格/不合格; a review's verdict
    # reads 通过/不通过.
    PASS = "pass", pgettext_lazy("review", "Pass")
    CONDITIONAL = "conditional", _("Conditional pass")
    FAIL = "fail", pgettext_lazy("review", "Fail")


class ReviewDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    WARN = "warn", _("Continue with conditions")
    EXIT = "exit", _("Exit")


class ReviewStatus(models.TextChoices):
    COMPUTED = "computed", _("Computed")
    CONFIRMED = "confirmed", _("Confirmed")
