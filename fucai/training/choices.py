"""Choices of the training app: course topics and kinds, materials, questions, attempts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseTopic(models.TextChoices):
    """What a course teaches (the province's syllabus for sales staff)."""

    RESPONSIBLE_GAMING = "responsible", _("Responsible gaming")
    GAME_RULES = "rules", _("Game rules")
    ANTI_MONEY_LAUNDERING = "aml", _("Anti-money-laundering")
    TERMINAL = "terminal", _("Terminal operation")
    ETIQUETTE = "etiquette", _("Service etiquette")
    COMPREHENSIVE = "all", _("All topics")


class CourseKind(models.TextChoices):
    """What passing the course's exam leads to."""

    # Its exam is the certification exam: passing issues a sales certificate.
    CERTIFICATION = "certification", _("Certification course")
    # Passing renews a certificate that expires within 60 days.
    REFRESHER = "refresher", _("Refresher course")
    # Learning only; an exam, if any, is practice.
    GENERAL = "general", _("Topic course")


class MaterialKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    VIDEO = "video", _("Video")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    # Submitted by the learner, or closed at its deadline and scored on what was saved.
    SCORED = "scored", _("Scored")


class AttendanceSource(models.TextChoices):
    JOINED = "joined", _("Joined through the link")
    MARKED = "marked", _("Marked by staff")
