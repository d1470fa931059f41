"""Question banks (题库), exams and their attempts (考试记录).

An attempt stores the questions drawn for it, in order, with the learner's answers as
they were saved: scoring reads only answers saved before the deadline."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.stations.models import Certificate, SalesStaff

from ..choices import AttemptStatus, QuestionKind
from .courses import Course, LearnerQuerySet


class Question(models.Model):
    """A question of a course's bank. ``options`` are the texts shown (two for a
    true/false question: 正确, 错误), ``answer`` the indexes of the right ones.
    ``key`` identifies the question across imports (a digest of its kind and text), so
    importing the same workbook again updates rather than duplicates."""

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="questions", verbose_name=_("course")
    )
    key = models.CharField(max_length=64, editable=False)
    kind = models.CharField(_("question type"), max_length=12, choices=QuestionKind.choices)
    text = models.TextField(_("question"))
    options = models.JSONField(_("options"), default=list)
    answer = models.JSONField(_("answer"), default=list)
    explanation = models.TextField(_("explanation"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["course", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "key"], name="question_unique_per_course")
        ]

    def __str__(self) -> str:
        return self.text[:50]

    @property
    def answer_letters(self) -> str:
        return "".join(chr(65 + i) for i in self.answer)


class Exam(models.Model):
    """A course's exam, configured as data: how many questions are drawn, the time
    limit, the pass mark, and the retake rules (attempts per period, the pause after an
    attempt)."""

    course = models.OneToOneField(
        Course, on_delete=models.CASCADE, related_name="exam", verbose_name=_("course")
    )
    questions_drawn = models.PositiveSmallIntegerField(
        _("questions drawn"), default=20, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), default=30, validators=[MinValueValidator(1)]
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed per period"), default=3, validators=[MinValueValidator(1)]
    )
    period_days = models.PositiveSmallIntegerField(
        _("period (days)"), default=30, validators=[MinValueValidator(1)]
    )
    cooldown_minutes = models.PositiveIntegerField(
        _("pause between attempts (minutes)"), default=60
    )
    active = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")

    def __str__(self) -> str:
        return str(self.course)


class ExamAttempt(models.Model):
    """One sitting of an exam by one learner: the questions drawn, a server-side
    deadline, the score and, when it earned one, the certificate issued or renewed."""

    exam = models.ForeignKey(
        Exam, on_delete=models.PROTECT, related_name="attempts", verbose_name=_("exam")
    )
    learner = models.ForeignKey(
        SalesStaff,
        on_delete=models.PROTECT,
        related_name="exam_attempts",
        verbose_name=_("learner"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    question_count = models.PositiveSmallIntegerField(_("questions"), default=0)
    correct_count = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"))
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate"),
    )

    objects = LearnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["learner", "exam", "started_at"])]

    def __str__(self) -> str:
        return f"{self.exam} · {self.learner_id} · {self.started_at:%Y-%m-%d}"

    def seconds_left(self, now: datetime.datetime | None = None) -> int:
        now = now or timezone.now()
        return max(0, int((self.deadline - now).total_seconds()))


class AttemptQuestion(models.Model):
    """A question drawn for an attempt, with the answer saved for it and when."""

    attempt = models.ForeignKey(
        ExamAttempt, on_delete=models.CASCADE, related_name="items", verbose_name=_("exam attempt")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    position = models.PositiveSmallIntegerField()
    answer = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    correct = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("drawn question")
        verbose_name_plural = _("drawn questions")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attempt_item_position"),
            models.UniqueConstraint(fields=["attempt", "question"], name="attempt_item_question"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"
