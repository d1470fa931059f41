"""The welfare fund's ledger: append-only, double-entry, in fen.

The fund raised comes from sales (computed from sales × split rate of the day); what
happens next — retained or remitted upward, allocated to projects, paid out, returned —
is written here as journal entries whose postings sum to zero. Balances are sums of
postings, never typed. A closed month takes no more entries; a mistake is corrected by a
reversing entry, never by editing one."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Confidence, EntryKind, FundCategory, LedgerAccount

APPEND_ONLY = _("Ledger entries are never changed or deleted; post a reversing entry.")


class RetentionRate(models.Model):
    """The share of the fund raised that stays with the local center (the rest is
    remitted upward), from a date. The split is set by national and provincial rules
    (about half stays local; the province's split below that is local rule), so it is
    data with its source and confidence, not a constant."""

    effective_from = models.DateField(_("effective from"), unique=True)
    retained_pct = models.DecimalField(
        _("retained locally (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, default=Confidence.OPEN
    )

    class Meta:
        verbose_name = _("retention rate")
        verbose_name_plural = _("retention rates")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.effective_from}: {self.retained_pct}%"


class LedgerPeriod(models.Model):
    """A month of the ledger. Once closed (by finance, after the month's accrual and
    checks) no entry may be booked into it."""

    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        verbose_name = _("ledger period")
        verbose_name_plural = _("ledger periods")
        ordering = ["-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="ledgerperiod_unique_month")
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class JournalEntryQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError(APPEND_ONLY)

    def update(self, **kwargs):
        raise ValidationError(APPEND_ONLY)


class JournalEntry(models.Model):
    """One booking in the ledger: a date, what happened, and its postings (which sum to
    zero). ``source`` names the business record it books, e.g. ``allocation:12``."""

    number = models.PositiveIntegerField(_("entry number"), unique=True)
    period = models.ForeignKey(
        LedgerPeriod, on_delete=models.PROTECT, related_name="entries", verbose_name=_("period")
    )
    booked_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=15, choices=EntryKind.choices)
    memo = models.CharField(_("memo"), max_length=200)
    source = models.CharField(_("source record"), max_length=40, blank=True, db_index=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked by"),
    )
    created_at = models.DateTimeField(_("booked at"), default=timezone.now, editable=False)

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"#{self.number} {self.memo}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(APPEND_ONLY)


class PostingQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError(APPEND_ONLY)

    def update(self, **kwargs):
        raise ValidationError(APPEND_ONLY)

    def balance(self) -> int:
        """The signed sum (debit positive) of these postings, in fen."""
        return self.aggregate(total=Sum("amount_fen"))["total"] or 0


class Posting(models.Model):
    """One side of a journal entry: an account, optionally a project (the allocated and
    spent accounts are kept per project) and a category, and a signed amount in fen."""

    entry = models.ForeignKey(
        JournalEntry, on_delete=models.PROTECT, related_name="postings", verbose_name=_("entry")
    )
    account = models.CharField(_("account"), max_length=10, choices=LedgerAccount.choices)
    project = models.ForeignKey(
        "welfare.WelfareProject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("project"),
    )
    category = models.CharField(
        _("category"), max_length=10, choices=FundCategory.choices, blank=True
    )
    amount_fen = models.BigIntegerField(_("amount"))

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        constraints = [
            models.CheckConstraint(condition=~Q(amount_fen=0), name="posting_not_zero"),
            # Money allocated to or spent on a project is always booked against it.
            models.CheckConstraint(
                condition=~Q(account__in=["allocated", "spent"]) | Q(project__isnull=False),
                name="posting_project_accounts_name_a_project",
            ),
        ]
        indexes = [models.Index(fields=["account", "project"])]

    def __str__(self) -> str:
        return f"{self.account} {self.amount_fen}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(APPEND_ONLY)


class Budget(models.Model):
    """The year's plan for a category (扶老 · 助残 · 救孤 · 济困 · …), in fen: allocations
    to the category's projects are checked against it."""

    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=10, choices=FundCategory.choices)
    amount_fen = models.BigIntegerField(_("budget"), validators=[MinValueValidator(0)])
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["year", "category"], name="budget_unique_category")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()}"
