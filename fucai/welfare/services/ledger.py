"""Booking the ledger: entries (postings summing to zero, numbered without gaps, into
an open month), reversals, closing a month, the monthly accrual of the fund raised and
opening balances for years before the sales data.

``book_entry`` is the one place an entry is written; the services that move money
(allocations, payments, returns) call it once their approval chain is complete, and
``entry_post`` exposes it to finance for manual bookings.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fucai.core import audit
from fucai.core.choices import AuditAction
from fucai.core.roles import MANAGE_LEDGER
from fucai.core.services import require

from ..choices import EntryKind, LedgerAccount
from ..models import JournalEntry, LedgerPeriod, Posting, RetentionRate
from ..selectors.raised import fund_raised_by_month, has_sales

# Key of the PostgreSQL advisory lock that serializes entry numbering ("WELF").
NUMBERING_LOCK = 0x57454C46
PROJECT_ACCOUNTS = frozenset({LedgerAccount.ALLOCATED, LedgerAccount.SPENT})


@dataclass(frozen=True)
class Line:
    """One posting to book: account, signed fen (debit positive), project, category."""

    account: str
    amount_fen: int
    project: object = None
    category: str = ""


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_for(day: datetime.date, *, lock: bool = True) -> LedgerPeriod:
    """The month of ``day`` (created when first booked into), locked so that closing it
    waits for the booking in progress and the other way round."""
    period, _created = LedgerPeriod.objects.get_or_create(year=day.year, month=day.month)
    if lock:
        period = LedgerPeriod.objects.select_for_update().get(pk=period.pk)
    return period


def _require_open(period: LedgerPeriod) -> None:
    if period.is_closed:
        raise ValidationError(
            _("The ledger period %(period)s is closed; book into an open month.")
            % {"period": str(period)},
            code="period_closed",
        )


def next_entry_number() -> int:
    """The next entry number without gaps: an advisory lock held until the transaction
    ends serializes numbering (a rolled-back booking gives its number back)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_entry_number() must run inside the booking's transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NUMBERING_LOCK])
    last = JournalEntry.objects.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def check_lines(lines: list[Line]) -> None:
    """Postings of one entry: at least two, none zero, project accounts name a project,
    and they sum to zero."""
    if len(lines) < 2:
        raise ValidationError(_("An entry needs at least two postings."), code="too_few")
    for line in lines:
        if line.account not in LedgerAccount.values:
            raise ValidationError(_("Unknown ledger account."), code="account")
        if not isinstance(line.amount_fen, int) or line.amount_fen == 0:
            raise ValidationError(_("A posting cannot be zero."), code="zero")
        if line.account in PROJECT_ACCOUNTS and line.project is None:
            raise ValidationError(
                _("Money allocated to or spent on a project must name the project."),
                code="project",
            )
    if sum(line.amount_fen for line in lines) != 0:
        raise ValidationError(
            _("The postings of an entry must sum to zero (debits equal credits)."),
            code="unbalanced",
        )


@transaction.atomic
def book_entry(
    *,
    acting_user,
    booked_on: datetime.date,
    kind: str,
    memo: str,
    lines: list[Line],
    source: str = "",
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """Write one balanced entry into the open month of ``booked_on``, audited. Callers
    check permissions; this checks the ledger's own rules."""
    check_lines(lines)
    period = period_for(booked_on)
    _require_open(period)
    entry = JournalEntry(
        number=next_entry_number(),
        period=period,
        booked_on=booked_on,
        kind=kind,
        memo=memo[:200],
        source=source,
        reverses=reverses,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    entry.full_clean(validate_unique=False)
    entry.save()
    postings = [
        Posting(
            entry=entry,
            account=line.account,
            project=line.project,
            category=line.category or (line.project.category if line.project else ""),
            amount_fen=line.amount_fen,
        )
        for line in lines
    ]
    for posting in postings:
        posting.full_clean(exclude=["entry"])
    Posting.objects.bulk_create(postings)
    audit.record_create(
        actor=acting_user,
        obj=entry,
        comment="; ".join(
            f"{p.get_account_display()}{' ' + str(p.project) if p.project else ''} "
            f"{p.amount_fen:+d}"
            for p in postings
        ),
    )
    return entry


def entry_post(
    *,
    acting_user,
    booked_on: datetime.date,
    memo: str,
    lines: list[Line],
    kind: str = EntryKind.ACCRUAL,
    source: str = "",
) -> JournalEntry:
    """A manual entry by finance (a correction that is not a plain reversal)."""
    require(acting_user, MANAGE_LEDGER)
    if not memo.strip():
        raise ValidationError(_("Say what the entry is for."), code="memo")
    return book_entry(
        acting_user=acting_user,
        booked_on=booked_on,
        kind=kind,
        memo=memo,
        lines=lines,
        source=source,
    )


@transaction.atomic
def entry_reverse(
    *, acting_user, entry: JournalEntry, booked_on: datetime.date | None = None, memo: str = ""
) -> JournalEntry:
    """Correct an entry by booking its opposite (into an open month: the original's may
    be closed). An entry is reversed at most once; a reversal is not reversed."""
    require(acting_user, MANAGE_LEDGER)
    entry = JournalEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.kind == EntryKind.REVERSAL:
        raise ValidationError(
            _("A reversal cannot be reversed; post a new entry instead."), code="reversal"
        )
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."), code="reversed")
    lines = [
        Line(p.account, -p.amount_fen, p.project, p.category)
        for p in entry.postings.select_related("project")
    ]
    return book_entry(
        acting_user=acting_user,
        booked_on=booked_on or timezone.localdate(),
        kind=EntryKind.REVERSAL,
        memo=memo or str(_("Reversal of entry #%(number)s") % {"number": entry.number}),
        lines=lines,
        source=entry.source,
        reverses=entry,
    )


@transaction.atomic
def period_close(
    *, acting_user, period: LedgerPeriod, today: datetime.date | None = None
) -> LedgerPeriod:
    """Close a month that has ended: no entry can be booked into it afterwards."""
    require(acting_user, MANAGE_LEDGER)
    period = LedgerPeriod.objects.select_for_update().get(pk=period.pk)
    if period.is_closed:
        raise ValidationError(_("This period is already closed."), code="closed")
    today = today or timezone.localdate()
    if month_end(period.year, period.month) >= today:
        raise ValidationError(_("A month can be closed only after it has ended."), code="early")
    before = audit.snapshot(period)
    period.closed_at = timezone.now()
    period.closed_by = acting_user
    period.full_clean()
    period.save(update_fields=["closed_at", "closed_by"])
    audit.record(
        actor=acting_user,
        action=AuditAction.TRANSITION,
        obj=period,
        changes=audit.diff(LedgerPeriod, before, audit.snapshot(period)),
    )
    return period


# --- the fund raised -----------------------------------------------------------------


def retention_rate_on(day: datetime.date) -> RetentionRate:
    rate = RetentionRate.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if rate is None:
        raise ValidationError(
            _("No retention rate is in effect on %(day)s.") % {"day": day.isoformat()},
            code="no_rate",
        )
    return rate


def split_raised(raised_fen: int, pct: Decimal) -> tuple[int, int]:
    """(retained, remitted) of ``raised_fen`` at ``pct`` retained, rounded half up in
    integer arithmetic; the two always add up to what was raised."""
    hundredths = int(pct * 100)
    sign = -1 if raised_fen < 0 else 1
    retained = sign * ((abs(raised_fen) * hundredths + 5000) // 10000)
    return retained, raised_fen - retained


def accrual_source(year: int, month: int) -> str:
    return f"accrual:{year}-{month:02d}"


def _booked(source: str) -> dict[str, int]:
    rows = (
        Posting.objects.filter(entry__source=source)
        .values("account")
        .annotate(total=Sum("amount_fen"))
        .order_by()
    )
    return {row["account"]: row["total"] for row in rows}


def accrual_book_month(
    *, acting_user, year: int, month: int, raised_fen: int | None = None
) -> JournalEntry | None:
    """Book the month's fund raised (from the sales rollups) split into retained and
    remitted at the retention rate in effect on the month's first day. Idempotent: what
    is already booked for the month is subtracted and only the difference is booked, as
    a new entry (None when nothing changed). ``raised_fen`` is for callers that have
    just read the month's figure (the yearly run)."""
    require(acting_user, MANAGE_LEDGER)
    return _accrue_month(acting_user=acting_user, year=year, month=month, raised_fen=raised_fen)


@transaction.atomic
def _accrue_month(
    *, acting_user, year: int, month: int, raised_fen: int | None = None
) -> JournalEntry | None:
    if raised_fen is None:
        raised_fen = fund_raised_by_month(year).get(month, 0)
    rate = retention_rate_on(datetime.date(year, month, 1))
    retained, remitted = split_raised(raised_fen, rate.retained_pct)
    source = accrual_source(year, month)
    # Serialize concurrent runs of the same month: lock its period first.
    period_for(month_end(year, month))
    booked = _booked(source)
    wanted = {
        LedgerAccount.RETAINED: retained - booked.get(LedgerAccount.RETAINED, 0),
        LedgerAccount.REMITTED: remitted - booked.get(LedgerAccount.REMITTED, 0),
        LedgerAccount.RAISED: -raised_fen - booked.get(LedgerAccount.RAISED, 0),
    }
    lines = [Line(account, amount) for account, amount in wanted.items() if amount]
    if not lines:
        return None
    memo = _("Welfare fund raised %(year)s-%(month)02d (retained %(pct)s%%)") % {
        "year": year,
        "month": month,
        "pct": rate.retained_pct,
    }
    if booked:
        memo = _("Adjustment: %(memo)s") % {"memo": memo}
    return book_entry(
        acting_user=acting_user,
        booked_on=month_end(year, month),
        kind=EntryKind.ACCRUAL,
        memo=str(memo),
        lines=lines,
        source=source,
    )


def accrual_book_year(
    *, acting_user, year: int, until: datetime.date | None = None
) -> list[JournalEntry]:
    """Accrue every month of ``year`` that has ended by ``until`` (today) and whose
    period is open; months already booked get only their difference."""
    require(acting_user, MANAGE_LEDGER)
    return _accrue_year(acting_user=acting_user, year=year, until=until)


def _accrue_year(*, acting_user, year: int, until: datetime.date | None) -> list[JournalEntry]:
    until = until or timezone.localdate()
    raised = fund_raised_by_month(year)
    closed = set(
        LedgerPeriod.objects.filter(year=year, closed_at__isnull=False).values_list(
            "month", flat=True
        )
    )
    entries = []
    for month in range(1, 13):
        if month_end(year, month) >= until or month in closed:
            continue
        entry = _accrue_month(
            acting_user=acting_user, year=year, month=month, raised_fen=raised.get(month, 0)
        )
        if entry is not None:
            entries.append(entry)
    return entries


def accruals_run(today: datetime.date | None = None) -> int:
    """The monthly task (after the month's sales are imported): accrue the months of
    last month's year that have ended and are open, by the system. Returns the number
    of entries booked."""
    today = today or timezone.localdate()
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    return len(_accrue_year(acting_user=None, year=last_month.year, until=today))


@transaction.atomic
def opening_balance_post(
    *, acting_user, year: int, raised_fen: int, memo: str = ""
) -> JournalEntry:
    """The fund raised in a year before the sales data were kept here (a total from the
    accounts of the time), split like an accrual and booked on 31 December. Refused for
    a year that has sales data (accrue it instead) or that already has one."""
    require(acting_user, MANAGE_LEDGER)
    if raised_fen <= 0:
        raise ValidationError(_("The amount must be positive."), code="amount")
    if has_sales(year):
        raise ValidationError(
            _("%(year)s has sales data: book its months' accruals instead.") % {"year": year},
            code="has_sales",
        )
    source = f"opening:{year}"
    if JournalEntry.objects.filter(Q(source=source) & ~Q(kind=EntryKind.REVERSAL)).exists():
        raise ValidationError(
            _("The opening balance of %(year)s is already booked.") % {"year": year},
            code="duplicate",
        )
    rate = retention_rate_on(datetime.date(year, 12, 31))
    retained, remitted = split_raised(raised_fen, rate.retained_pct)
    lines = [
        Line(LedgerAccount.RETAINED, retained),
        Line(LedgerAccount.REMITTED, remitted),
        Line(LedgerAccount.RAISED, -raised_fen),
    ]
    return book_entry(
        acting_user=acting_user,
        booked_on=datetime.date(year, 12, 31),
        kind=EntryKind.OPENING,
        memo=memo or str(_("Welfare fund raised in %(year)s (opening balance)") % {"year": year}),
        lines=[line for line in lines if line.amount_fen],
        source=source,
    )
