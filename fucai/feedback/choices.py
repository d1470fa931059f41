"""Choices of complaints, public evaluation and supervisors."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ComplaintCategory(models.TextChoices):
    STATION_SERVICE = "service", _("Station service")
    PAYOUT = "payout", _("Winning payout")
    UNDERAGE = "underage", _("Selling to minors")
    ILLEGAL_LOTTERY = "illegal", _("Illegal lottery")
    STAFF_CONDUCT = "conduct", _("Staff conduct")
    SUGGESTION = "suggestion", _("Suggestion")


class ComplaintSource(models.TextChoices):
    PORTAL = "portal", _("Public portal")
    OWNER = "owner", _("Station owner")
    PHONE = "phone", _("Phone call")


class ComplaintState(models.TextChoices):
    RECEIVED = "received", _("Received")
    HANDLING = "handling", _("Being handled")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class ComplaintOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("Substantiated")
    PARTLY = "partly", _("Partly substantiated")
    UNSUBSTANTIATED = "unsubstantiated", _("Not substantiated")
    NOTED = "noted", _("Suggestion noted")


class ComplaintEventKind(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    # Not 已受理: that is how a received complaint reads (recruitment's "Accepted" too).
    ACCEPTED = "accepted", pgettext_lazy("complaint", "Accepted")
    REPLIED = "replied", _("Replied")
    RATED = "rated", _("Rated")
    ESCALATED = "escalated", _("Escalated")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating (1 to 5)")
    CHOICE = "choice", _("Single choice")
    TEXT = "text", _("Free text")


class ResponseChannel(models.TextChoices):
    PORTAL = "portal", _("Public portal")
    STATION_QR = "qr", _("QR code at a station")
