"""The fund's year at a glance, from the ledger: raised, remitted, retained, allocated
(net of returns), spent, by category.

Amounts are those booked into the year's periods. Raised is the credit of the raised
account — the monthly accruals read from sales — so once the year's months are accrued it
equals the sales summary's ``welfare_fund_fen``; ``unbooked_fen`` says how much of the
sales figure is not accrued yet (0 when the ledger is up to date).

The ledger is the city's; a user whose scope is not the whole city sees only the
projects in their scope (the city-level accounts read 0)."""

from django.db.models import Q, Sum

from fucai.core.scope import is_city_wide

from ..choices import EntryKind, FundCategory, LedgerAccount
from ..models import Posting, WelfareProject
from .raised import fund_raised_by_month

A = LedgerAccount


def ledger_figures(year: int, projects=None) -> dict:
    """The year's figures from the postings; ``projects`` (a queryset) restricts the
    project accounts and drops the city accounts. One query for the totals, one for
    the categories."""
    postings = Posting.objects.filter(entry__period__year=year)
    if projects is not None:
        postings = postings.filter(project__in=projects)
    movement = Q(entry__kind__in=[EntryKind.ALLOCATION, EntryKind.RETURN]) | Q(
        entry__kind=EntryKind.REVERSAL,
        entry__reverses__kind__in=[EntryKind.ALLOCATION, EntryKind.RETURN],
    )
    totals = postings.aggregate(
        raised=Sum("amount_fen", filter=Q(account=A.RAISED)),
        remitted=Sum("amount_fen", filter=Q(account=A.REMITTED)),
        retained=Sum(
            "amount_fen",
            filter=Q(account=A.RETAINED)
            & (
                Q(entry__kind__in=[EntryKind.ACCRUAL, EntryKind.OPENING])
                | Q(
                    entry__kind=EntryKind.REVERSAL,
                    entry__reverses__kind__in=[EntryKind.ACCRUAL, EntryKind.OPENING],
                )
            ),
        ),
        allocated=Sum("amount_fen", filter=Q(account=A.ALLOCATED) & movement),
        spent=Sum("amount_fen", filter=Q(account=A.SPENT)),
    )
    rows = (
        postings.filter(account__in=[A.ALLOCATED, A.SPENT])
        .values("category")
        .annotate(
            allocated=Sum("amount_fen", filter=Q(account=A.ALLOCATED) & movement),
            spent=Sum("amount_fen", filter=Q(account=A.SPENT)),
        )
        .order_by()
    )
    by_category = {c: {"allocated_fen": 0, "spent_fen": 0} for c in FundCategory.values}
    for row in rows:
        if row["category"] in by_category:
            by_category[row["category"]] = {
                "allocated_fen": row["allocated"] or 0,
                "spent_fen": row["spent"] or 0,
            }
    return {
        "year": year,
        "raised_fen": -(totals["raised"] or 0),
        "remitted_fen": totals["remitted"] or 0,
        "retained_fen": totals["retained"] or 0,
        "allocated_fen": totals["allocated"] or 0,
        "spent_fen": totals["spent"] or 0,
        "by_category": by_category,
    }


def fund_summary(user, year: int) -> dict:
    """raised_fen, remitted_fen, retained_fen, allocated_fen, spent_fen, by_category
    {category: {allocated_fen, spent_fen}} and unbooked_fen, for ``year``."""
    if is_city_wide(user):
        figures = ledger_figures(year)
        figures["unbooked_fen"] = sum(fund_raised_by_month(year).values()) - figures["raised_fen"]
        return figures
    figures = ledger_figures(year, WelfareProject.objects.visible_to(user))
    figures["unbooked_fen"] = 0
    return figures
