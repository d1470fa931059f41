"""Welfare-fund API, mounted at /api/welfare: the year's summary from the ledger, in
integer fen. ``raised_fen`` equals the sales summary's ``welfare_fund_fen`` once the
year's months are accrued (``unbooked_fen`` is what is not accrued yet)."""

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from fucai.core import roles
from fucai.welfare import selectors

router = Router(tags=["welfare"])


class WelfareSummaryQuery(Schema):
    year: int = Field(..., ge=2000, le=2100)


class WelfareCategoryAmounts(Schema):
    allocated_fen: int
    spent_fen: int


class WelfareSummary(Schema):
    year: int
    raised_fen: int = Field(description="Welfare fund raised (the monthly accruals from sales).")
    remitted_fen: int
    retained_fen: int
    allocated_fen: int = Field(description="Allocated to projects, net of returns.")
    spent_fen: int
    unbooked_fen: int = Field(description="Fund raised per sales not yet accrued.")
    by_category: dict[str, WelfareCategoryAmounts]


@router.get("/summary", response=WelfareSummary)
def summary(request, query: Query[WelfareSummaryQuery]):
    """The fund's year: raised, remitted, retained, allocated, spent, by category."""
    if not roles.has_permission(request.user, roles.VIEW_WELFARE):
        raise PermissionDenied
    return selectors.fund_summary(request.user, query.year)
