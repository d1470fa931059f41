"""The site-survey check (stored as JSON on the application) in the center's words:
distances in 米 / 公里, education and yes/no as labels, age as a range."""

from django import template
from django.utils.translation import gettext as _

from fucai.core.templatetags.fucai import distance

from ..choices import Education

register = template.Library()

_DISTANCES = {"station_distance", "school_distance"}


def _education(value) -> str:
    return str(Education(value).label) if value in Education.values else str(value or "—")


@register.filter
def rule_value(rule: dict) -> str:
    code, value = rule.get("code"), rule.get("value")
    if value is None or value == "":
        return "—"
    if code in _DISTANCES:
        return distance(value)
    if code == "education":
        return _education(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if code == "age":
        return _("%(n)s years") % {"n": value}
    if code == "area":
        return f"{value} m²"
    return str(value)


@register.filter
def rule_limit(rule: dict) -> str:
    code, limit = rule.get("code"), rule.get("limit")
    if limit is None or limit == "":
        return "—"
    if code in _DISTANCES:
        return "≥ " + distance(limit)
    if code == "education":
        return _("%(level)s or above") % {"level": _education(limit)}
    if code == "age" and isinstance(limit, list | tuple) and len(limit) == 2:
        return _("%(low)s–%(high)s years") % {"low": limit[0], "high": limit[1]}
    if code == "area":
        return f"≥ {limit} m²"
    if code == "quota":
        return f"≥ {limit}"
    if isinstance(limit, bool):
        return _("Required") if limit else _("Not required")
    return str(limit)
