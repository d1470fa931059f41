"""Balances computed from the postings (never typed): per account, per period, per
project; the money of a project at a glance (budget, allocated, spent, available)."""

from django.db.models import Q, Sum

from ..choices import ApprovalState, EntryKind, LedgerAccount
from ..models import Allocation, Disbursement, FundReturn, Posting

A = LedgerAccount


def account_balance(account: str, *, project=None, until=None) -> int:
    """The signed balance (debit positive) of ``account``, optionally of one project
    and up to a date."""
    postings = Posting.objects.filter(account=account)
    if project is not None:
        postings = postings.filter(project=project)
    if until is not None:
        postings = postings.filter(entry__booked_on__lte=until)
    return postings.balance()


def retained_available() -> int:
    """Retained fund not yet allocated (the balance of the retained account)."""
    return account_balance(A.RETAINED)


def balances_by_period(year: int) -> list[dict]:
    """One row per month of ``year`` that has entries: the month's movement of each
    account (signed, debit positive) and each account's balance at the month's end."""
    opening = dict(
        Posting.objects.filter(entry__period__year__lt=year)
        .values("account")
        .annotate(total=Sum("amount_fen"))
        .values_list("account", "total")
        .order_by()
    )
    rows = (
        Posting.objects.filter(entry__period__year=year)
        .values("entry__period__month", "account")
        .annotate(total=Sum("amount_fen"))
        .order_by("entry__period__month")
    )
    months: dict[int, dict[str, int]] = {}
    for row in rows:
        months.setdefault(row["entry__period__month"], {})[row["account"]] = row["total"]
    running = {account: opening.get(account, 0) for account in A.values}
    result = []
    for month in sorted(months):
        movement = {account: months[month].get(account, 0) for account in A.values}
        for account in A.values:
            running[account] += movement[account]
        result.append({"month": month, "movement": movement, "balance": dict(running)})
    return result


def balances_by_account(*, year: int | None = None) -> dict[str, int]:
    """Each account's balance (at the end of ``year``, or now)."""
    postings = Posting.objects.all()
    if year is not None:
        postings = postings.filter(entry__period__year__lte=year)
    totals = dict(
        postings.values("account").annotate(total=Sum("amount_fen")).values_list("account", "total")
    )
    return {account: totals.get(account, 0) for account in A.values}


def pending_total(model, project, *, exclude_pk=None) -> int:
    queryset = model.objects.filter(project=project, state=ApprovalState.PENDING)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.aggregate(total=Sum("amount_fen"))["total"] or 0


def project_money(project) -> dict:
    """Budget, allocated (net of returns), spent, the allocated money not yet paid and
    what is pending approval, for one project: one query on postings, three small ones
    on pending requests."""
    sums = Posting.objects.filter(project=project).aggregate(
        allocated_in=Sum(
            "amount_fen", filter=Q(account=A.ALLOCATED, entry__kind=EntryKind.ALLOCATION)
        ),
        allocated=Sum("amount_fen", filter=Q(account=A.ALLOCATED)),
        spent=Sum("amount_fen", filter=Q(account=A.SPENT)),
        returned=Sum("amount_fen", filter=Q(account=A.ALLOCATED, entry__kind=EntryKind.RETURN)),
    )
    spent = sums["spent"] or 0
    allocated_balance = sums["allocated"] or 0
    return {
        "budget_fen": project.budget_fen,
        # Allocated to the project over its life, net of returns and reversals.
        "allocated_fen": allocated_balance + spent,
        "spent_fen": spent,
        "returned_fen": -(sums["returned"] or 0),
        "unpaid_fen": allocated_balance,
        "pending_allocation_fen": pending_total(Allocation, project),
        "pending_payment_fen": pending_total(Disbursement, project),
        "pending_return_fen": pending_total(FundReturn, project),
        "left_fen": project.budget_fen - spent,
    }


def projects_money(projects) -> dict[int, dict]:
    """{project id: {allocated_fen, spent_fen, unpaid_fen}} for many projects: one query."""
    rows = (
        Posting.objects.filter(project__in=projects)
        .values("project")
        .annotate(
            allocated=Sum("amount_fen", filter=Q(account=A.ALLOCATED)),
            spent=Sum("amount_fen", filter=Q(account=A.SPENT)),
        )
        .order_by()
    )
    result = {}
    for row in rows:
        spent = row["spent"] or 0
        unpaid = row["allocated"] or 0
        result[row["project"]] = {
            "allocated_fen": unpaid + spent,
            "spent_fen": spent,
            "unpaid_fen": unpaid,
        }
    return result
