"""The fund raised, as sales compute it: the welfare fund of each month of a year from
the district × month rollup (``SalesRegionTotal``), summed over every district.

This is the city's figure, whoever asks: the ledger is the city's books, not a user's
view of them. It is the same table and sum the sales summary reads for a city-wide
user, so the ledger's fund raised equals the sales summary's ``welfare_fund_fen``."""

import datetime

from django.db.models import Sum
from django.db.models.functions import ExtractMonth

from fucai.sales.models import SalesRegionTotal


def _year(year: int):
    return SalesRegionTotal.objects.filter(
        month__gte=datetime.date(year, 1, 1), month__lt=datetime.date(year + 1, 1, 1)
    )


def fund_raised_by_month(year: int) -> dict[int, int]:
    """{month number: welfare fund in fen} of ``year`` (months without sales absent)."""
    rows = (
        _year(year)
        .annotate(n=ExtractMonth("month"))
        .values("n")
        .annotate(total=Sum("welfare_fen"))
        .order_by()
    )
    return {row["n"]: row["total"] or 0 for row in rows}


def has_sales(year: int) -> bool:
    return _year(year).exists()


def sales_of_year(year: int) -> int:
    """Sales of ``year`` in fen, city-wide (the disclosure's header)."""
    return _year(year).aggregate(total=Sum("sales_fen"))["total"] or 0
