"""A member's record beyond meetings: 党员先锋岗 posts, study records with points, and
the yearly democratic evaluation (民主评议党员)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import AssessmentKind, Outcome
from .members import PartyBranch, PartyMember
from .scope import PartyQuerySet


class RoundQuerySet(PartyQuerySet):
    member_user_path = "results__member__user"


class PioneerPost(models.Model):
    """A 党员先锋岗: a member's model post at a station or a department, since a date."""

    member = models.ForeignKey(
        PartyMember,
        on_delete=models.CASCADE,
        related_name="pioneer_posts",
        verbose_name=_("member"),
    )
    title = models.CharField(_("title"), max_length=100)
    station = models.ForeignKey(
        "stations.Station",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("station"),
    )
    department = models.CharField(_("department"), max_length=50, blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("pioneer post")
        verbose_name_plural = _("pioneer posts")
        ordering = ["-since", "-id"]

    def __str__(self) -> str:
        return self.title


class StudyRecord(models.Model):
    """A member's study (学习强国, a theme-education session, a course) and its points."""

    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="studies", verbose_name=_("member")
    )
    studied_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=100)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    points = models.PositiveIntegerField(_("points"), default=0)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("study record")
        verbose_name_plural = _("study records")
        ordering = ["-studied_on", "-id"]

    def __str__(self) -> str:
        return self.topic


class EvaluationRound(models.Model):
    """A branch's yearly democratic evaluation of its members (民主评议党员)."""

    branch = models.ForeignKey(
        PartyBranch, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("branch")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    closed = models.BooleanField(_("closed"), default=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "branch__name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="party_evaluation_yearly")
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.year}"


class Assessment(models.Model):
    """One grade given in a round: by the member themselves, by a peer, or by the
    branch (its committee)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="assessments")
    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("member")
    )
    kind = models.CharField(_("assessment"), max_length=8, choices=AssessmentKind.choices)
    assessor = models.ForeignKey(
        PartyMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessor"),
    )
    grade = models.CharField(_("grade"), max_length=12, choices=Outcome.choices)
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["member__name", "kind"]

    def __str__(self) -> str:
        return f"{self.member} {self.get_kind_display()}"


class EvaluationResult(models.Model):
    """The outcome of a member in a round (优秀 / 合格 / 基本合格 / 不合格)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="results")
    member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="results", verbose_name=_("member")
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="party_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.get_outcome_display()}"
