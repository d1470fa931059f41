"""Reads of the annual review: the year a page opens on and the yearly summary by
district."""

from __future__ import annotations

from django.db.models import Count, Q

from fucai.core.scope import regions_visible

from ..choices import ReviewDecision, ReviewOutcome, ReviewStatus
from ..models import AnnualReview

SUMMARY_COLUMNS = (
    ("total", Q()),
    ("passed", Q(outcome=ReviewOutcome.PASS)),
    ("conditional", Q(outcome=ReviewOutcome.CONDITIONAL)),
    ("failed", Q(outcome=ReviewOutcome.FAIL)),
    ("continued", Q(decision=ReviewDecision.CONTINUE)),
    ("warned", Q(decision=ReviewDecision.WARN)),
    ("exited", Q(decision=ReviewDecision.EXIT)),
    ("confirmed", Q(status=ReviewStatus.CONFIRMED)),
    ("overridden", ~Q(override_reason="")),
)


def review_years(user) -> list[int]:
    return list(
        AnnualReview.objects.visible_to(user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def default_year(user, today_year: int) -> int:
    """The latest year with reviews in the user's scope (the demo's 2019), else the
    year before ``today_year`` (reviews look back on a finished year)."""
    years = review_years(user)
    return years[0] if years else today_year - 1


def review_summary(user, year: int) -> dict:
    """Per district of the user's scope: reviews, passed / conditional / failed,
    continued / warned / exited, confirmed and overridden; with the total row. Two
    queries."""
    counts = {
        row["station__region_id"]: row
        for row in AnnualReview.objects.visible_to(user)
        .filter(year=year)
        .values("station__region_id")
        .annotate(**{key: Count("id", filter=q) for key, q in SUMMARY_COLUMNS})
        .order_by()
    }
    rows, total = [], dict.fromkeys((k for k, _q in SUMMARY_COLUMNS), 0)
    for region in regions_visible(user).order_by("sort_order", "code"):
        row = counts.get(region.pk)
        if row is None:
            continue
        values = {key: row[key] for key, _q in SUMMARY_COLUMNS}
        for key, value in values.items():
            total[key] += value
        rows.append({"region": region, **values})
    return {"rows": rows, "total": total}
