"""Choices of party building: member standing, posts, activity kinds, periods, outcomes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    TRANSFERRED_OUT = "out", _("Transferred out")


class Post(models.TextChoices):
    NONE = "", _("Member")
    SECRETARY = "secretary", _("Branch secretary")
    DEPUTY = "deputy", _("Deputy secretary")
    ORGANIZATION = "organization", _("Organization committee member")
    PROPAGANDA = "propaganda", _("Propaganda committee member")
    DISCIPLINE = "discipline", _("Discipline committee member")
    GROUP_LEADER = "group_leader", _("Party group leader")


class TransferDirection(models.TextChoices):
    IN = "in", _("Transferred in")
    OUT = "out", _("Transferred out")


class ActivityKind(models.TextChoices):
    GENERAL_MEETING = "general", _("Branch general meeting")
    COMMITTEE = "committee", _("Branch committee meeting")
    GROUP = "group", _("Party group meeting")
    LECTURE = "lecture", _("Party lecture")
    THEME_DAY = "theme_day", _("Theme party day")
    LIFE_MEETING = "life", _("Organizational life meeting")
    EVALUATION = "evaluation", _("Democratic evaluation of members")
    STUDY = "study", _("Theme-education study session")


# 三会一课: the three meetings and the lecture.
THREE_MEETINGS_ONE_LECTURE = (
    ActivityKind.GENERAL_MEETING,
    ActivityKind.COMMITTEE,
    ActivityKind.GROUP,
    ActivityKind.LECTURE,
)


class Period(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class AssessmentKind(models.TextChoices):
    SELF = "self", _("Self assessment")
    PEER = "peer", _("Peer assessment")
    BRANCH = "branch", _("Branch assessment")


class Outcome(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    QUALIFIED = "qualified", _("Qualified")
    BASIC = "basic", _("Basically qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")
