from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import AnswerType, InspectionKind, Severity


class ChecklistTemplate(models.Model):
    """A versioned inspection checklist (检查表) for one kind of inspection.

    Versions of the same checklist share ``code``. A version that inspections have used
    is never edited: revising it creates the next version, so past results keep the
    items they were scored against. At most one version per code is current.
    """

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    kind = models.CharField(_("inspection kind"), max_length=10, choices=InspectionKind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    is_current = models.BooleanField(_("current version"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["kind", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="checklist_code_version"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(is_current=True), name="checklist_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class ChecklistSection(models.Model):
    """A section of a checklist (e.g. 经营资质, 场所环境, 销售行为)."""

    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=100)

    class Meta:
        verbose_name = _("checklist section")
        verbose_name_plural = _("checklist sections")
        ordering = ["template", "order", "id"]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    """One thing an inspector checks. ``weight`` is the points it is worth; a SCORE item
    is answered 0..weight, a PASS_FAIL item earns all or nothing, NUMBER / TEXT / PHOTO
    items earn their weight when answered (a PHOTO item needs at least one photo).
    Failing a ``critical`` item fails the inspection whatever the score."""

    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(ChecklistSection, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("item code"), max_length=20)
    text = models.CharField(_("item"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(0)]
    )
    answer_type = models.CharField(
        _("answer type"), max_length=10, choices=AnswerType.choices, default=AnswerType.PASS_FAIL
    )
    critical = models.BooleanField(_("critical"), default=False)
    # The rectification deadline of a failure; critical items are always CRITICAL.
    severity = models.CharField(
        _("severity when failed"), max_length=10, choices=Severity.choices, default=Severity.MINOR
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["template", "section__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="checklist_item_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"
