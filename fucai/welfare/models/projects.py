"""Welfare-fund projects (公益金资助项目) and the money that moves to them: allocations,
payments (拨付) and returns of unspent money, each approved along a configurable chain
before the ledger books it."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core.models import OrgUnit, Region
from fucai.core.scope import ScopedQuerySet

from ..choices import ApprovalKind, ApprovalState, DocumentKind, FundCategory, ProjectStatus
from .ledger import JournalEntry


class WelfareProjectQuerySet(ScopedQuerySet):
    # Projects belong to the city; one that runs in a district is in that district's scope.
    region_path = "region"


class WelfareProject(models.Model):
    """A use of the welfare fund with a budget: an elderly home supported over years, a
    grant programme (助圆大学梦), a series of charity activities. Spending beyond the
    budget is refused."""

    name = models.CharField(_("project name"), max_length=100, unique=True)
    category = models.CharField(_("category"), max_length=10, choices=FundCategory.choices)
    owner_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="welfare_projects",
        verbose_name=_("owner department"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
        limit_choices_to={"level": "county"},
    )
    budget_fen = models.BigIntegerField(_("budget"), validators=[MinValueValidator(0)])
    partner = models.CharField(_("partner organization"), max_length=100, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    summary = models.TextField(_("summary"), blank=True)
    outcome = models.TextField(_("outcome report"), blank=True)
    # Shown on the public portal (阳光福彩) with its totals; never any person's identity.
    public = models.BooleanField(_("published on the portal"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = WelfareProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("welfare-fund project")
        verbose_name_plural = _("welfare-fund projects")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="project_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProjectDocument(models.Model):
    """A file of a project: its documents, photos and the outcome report."""

    project = models.ForeignKey(WelfareProject, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=100)
    file = models.FileField(_("file"), upload_to="welfare/projects/%Y/")
    content_type = models.CharField(max_length=50, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class _FundMovement(models.Model):
    """What allocations, payments and returns share: a project, an amount in fen, an
    approval state and the ledger entry booked when approved."""

    project = models.ForeignKey(
        WelfareProject, on_delete=models.PROTECT, related_name="+", verbose_name=_("project")
    )
    amount_fen = models.BigIntegerField(_("amount"), validators=[MinValueValidator(1)])
    state = models.CharField(
        _("state"), max_length=10, choices=ApprovalState.choices, default=ApprovalState.DRAFT
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # The approval chain frozen when the request was made (the roles in order, and the
    # threshold of the rule it came from): a later change of the rules does not move
    # the goalposts of a request already on its way. Empty for payments approved on
    # paper, which never go through a chain.
    planned_steps = models.JSONField(_("planned approval steps"), default=list, editable=False)
    planned_from_fen = models.BigIntegerField(
        _("approval rule threshold"), null=True, blank=True, editable=False
    )
    entry = models.OneToOneField(
        JournalEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ledger entry"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Allocation(_FundMovement):
    """Money of a year's retained fund set aside for a project (拨入项目)."""

    year = models.PositiveSmallIntegerField(_("fund year"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.project} +{self.amount_fen}"


class Disbursement(_FundMovement):
    """A payment (拨付) from a project's allocated money to a payee."""

    payee = models.CharField(_("payee"), max_length=100)
    paid_on = models.DateField(_("payment date"))
    purpose = models.CharField(_("purpose"), max_length=200)
    # The business record paid, e.g. ``activity:12`` or ``grant-payment:7`` (charity).
    source = models.CharField(_("source record"), max_length=40, blank=True, db_index=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project} → {self.payee}"


class FundReturn(_FundMovement):
    """Unspent money of a project returned to the retained fund."""

    returned_on = models.DateField(_("return date"))

    class Meta:
        verbose_name = _("return of unspent money")
        verbose_name_plural = _("returns of unspent money")
        ordering = ["-returned_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project} −{self.amount_fen}"


class ApprovalRule(models.Model):
    """Who approves a movement of money, by kind and amount: the rule with the highest
    threshold not above the amount applies; its steps are roles in order (e.g. the
    department, then finance, then leadership above 50万元)."""

    kind = models.CharField(_("kind"), max_length=15, choices=ApprovalKind.choices)
    min_amount_fen = models.BigIntegerField(
        _("from amount"), default=0, validators=[MinValueValidator(0)]
    )
    steps = models.JSONField(_("approval steps"), help_text=_("Roles in order."))

    class Meta:
        verbose_name = _("approval rule")
        verbose_name_plural = _("approval rules")
        ordering = ["kind", "min_amount_fen"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "min_amount_fen"], name="approvalrule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ≥ {self.min_amount_fen}"


def _exactly_one(*fields: str) -> Q:
    condition = Q(pk__in=[])
    for chosen in fields:
        condition |= Q(**{f"{name}__isnull": name != chosen for name in fields})
    return condition


class ApprovalStep(models.Model):
    """One decision on an allocation or a payment: the step's role, who decided, what
    and why. Exactly one of ``allocation`` / ``disbursement`` / ``fund_return`` is set."""

    allocation = models.ForeignKey(
        Allocation, on_delete=models.CASCADE, null=True, blank=True, related_name="steps"
    )
    disbursement = models.ForeignKey(
        Disbursement, on_delete=models.CASCADE, null=True, blank=True, related_name="steps"
    )
    fund_return = models.ForeignKey(
        FundReturn, on_delete=models.CASCADE, null=True, blank=True, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("step"))
    role = models.CharField(_("role"), max_length=30)
    decision = models.CharField(_("decision"), max_length=10, choices=ApprovalState.choices)
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["position", "decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(allocation__isnull=False, disbursement__isnull=True, fund_return__isnull=True)
                    | Q(
                        allocation__isnull=True,
                        disbursement__isnull=False,
                        fund_return__isnull=True,
                    )
                    | Q(
                        allocation__isnull=True,
                        disbursement__isnull=True,
                        fund_return__isnull=False,
                    )
                ),
                name="approvalstep_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.role}: {self.decision}"
