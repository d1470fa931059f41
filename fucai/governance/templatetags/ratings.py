"""Template filters of grading and star rating: stars, metric values with their units
("no data" when a metric has none) and state colours."""

import contextlib
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

_UNITS = {
    "sales_yuan": _("%(value)s yuan"),
    "sales_growth_pct": "%(value)s%%",
    "premises_area": "%(value)s m²",
    "inspection_pct": "%(value)s%%",
    "insurance_pct": "%(value)s%%",
}
_COLORS = {
    "A": "green",
    "B": "azure",
    "C": "yellow",
    "D": "red",
    "computed": "secondary",
    "confirmed": "azure",
    "published": "green",
    "submitted": "secondary",
    "district_passed": "azure",
    "city_passed": "blue",
    "rejected": "red",
    "appealed": "orange",
    "nominated": "purple",
    "approved": "green",
    "passed": "green",
    "failed": "red",
}


@register.filter
def stars(value) -> str:
    try:
        count = int(value or 0)
    except (TypeError, ValueError):
        return ""
    return "★" * count


@register.filter
def rating_color(value) -> str:
    return _COLORS.get(str(value), "secondary")


@register.filter
def metric_value(item: dict) -> str:
    """A breakdown item's metric value with its unit, or "no data"."""
    value = item.get("value")
    if value is None:
        return str(_("No data"))
    if item.get("metric") == "sales_yuan":
        with contextlib.suppress(InvalidOperation):
            value = f"{Decimal(value):,.0f}"
    template_ = _UNITS.get(item.get("metric", ""))
    return str(template_) % {"value": value} if template_ else str(value)


@register.filter
def step_label(value) -> str:
    """An application's state or provincial decision, in the reader's language."""
    from ..choices import ProvincialStatus, StarStatus

    for choices in (StarStatus, ProvincialStatus):
        if value in choices.values:
            return str(choices(value).label)
    return str(value)
