"""Public evaluation (万人双评议): satisfaction surveys whose questions are data, the
answers from the portal and from the QR code at each station (one per phone and survey,
by a keyed hash of the phone), and the month-by-month rank the evaluating body
publishes, recorded beside the results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fucai.core.models import OrgUnit
from fucai.stations.models import Station

from ..choices import QuestionKind, ResponseChannel


class Survey(models.Model):
    """A satisfaction survey, open between two dates."""

    title = models.CharField(_("title"), max_length=100)
    intro = models.TextField(_("introduction"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class SurveyQuestion(models.Model):
    """One question; a rating question may be about a department, so results come out
    by department."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.RATING
    )
    # For a choice question: the options, one per entry.
    options = models.JSONField(_("options"), default=list, blank=True)
    department = models.ForeignKey(
        OrgUnit,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    """One person's answers. The phone is kept only as a keyed hash (the blind index)
    that enforces one answer per phone and survey; it cannot be read back."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    phone_digest = models.CharField(max_length=64)
    channel = models.CharField(_("channel"), max_length=8, choices=ResponseChannel.choices)
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    submitted_at = models.DateTimeField(_("submitted at"), db_index=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "phone_digest"], name="feedback_one_response_per_phone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}#{self.pk}"


class SurveyAnswer(models.Model):
    """The answer to one question: a score (1-5), an option or a text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=100, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="feedback_one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"


class PublishedRank(models.Model):
    """The rank the evaluating body (e.g. the city's 万人双评议 office) published for a
    month, entered by staff beside the survey results."""

    month = models.DateField(_("month"), unique=True)  # the first of the month
    rank = models.PositiveSmallIntegerField(_("rank"))
    out_of = models.PositiveSmallIntegerField(_("units ranked"), null=True, blank=True)
    body = models.CharField(_("published by"), max_length=100)
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("published rank")
        verbose_name_plural = _("published ranks")
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} #{self.rank}"
