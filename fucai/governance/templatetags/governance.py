"""Template helpers of the governance pages: colours of outcomes and verdicts, and a
review's breakdown rendered in the reader's language."""

from django import template

from .. import review_rules as rules

register = template.Library()

_COLORS = {
    "pass": "green",
    "passed": "green",
    "continue": "green",
    "conditional": "yellow",
    "warn": "yellow",
    "fail": "red",
    "failed": "red",
    "exit": "red",
    "info": "secondary",
    "open": "orange",
    "overdue": "red",
    "replied": "azure",
    "verified": "green",
    "closed": "secondary",
    "done": "green",
    "computed": "azure",
    "confirmed": "green",
}


@register.filter
def gov_color(value: str) -> str:
    """The Tabler colour of an outcome, decision, verdict or status value."""
    return _COLORS.get(str(value), "secondary")


@register.filter
def criterion_label(item: dict) -> str:
    label = rules.CRITERIA.get(item.get("criterion", ""))
    return str(label) if label is not None else item.get("label", "")


@register.filter
def verdict_label(item: dict) -> str:
    label = rules.VERDICTS.get(item.get("verdict", ""))
    return str(label) if label is not None else item.get("verdict", "")


@register.filter
def finding(item: dict) -> str:
    """The finding in the reader's language (from its code and facts), else as stored."""
    return rules.finding_text(item.get("note", ""), item.get("facts") or {}) or item.get(
        "finding", ""
    )
