from django import template
from django.utils.html import format_html

from fucai.core import money

register = template.Library()

STATUS_COLORS = {
    "preparing": "azure",
    "active": "green",
    "suspended": "orange",
    "rectifying": "yellow",
    "closed": "secondary",
}


@register.filter
def yuan(fen):
    return money.format_yuan(fen)


@register.filter
def wan(fen):
    return money.format_wan(fen)


@register.simple_tag
def status_badge(obj, field: str = "status"):
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    color = STATUS_COLORS.get(value, "secondary")
    return format_html('<span class="badge bg-{}-lt">{}</span>', color, label)


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label: str):
    """A column header that toggles sorting, keeping the current filters."""
    current = context.get("sort", "")
    query = context["request"].GET.copy()
    query.pop("page", None)
    if current == key:
        query["sort"], arrow = f"-{key}", " ↑"
    elif current == f"-{key}":
        query["sort"], arrow = key, " ↓"
    else:
        query["sort"], arrow = key, ""
    return format_html(
        '<a href="?{}" class="table-sort-link" hx-get="?{}" hx-target="#results" '
        'hx-push-url="true">{}{}</a>',
        query.urlencode(),
        query.urlencode(),
        label,
        arrow,
    )


@register.simple_tag(takes_context=True)
def page_url(context, number: int):
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def bs(bound_field):
    """Render a form field's widget with Bootstrap classes and its error state."""
    widget = bound_field.field.widget
    if getattr(widget, "input_type", "") == "checkbox":
        css = "form-check-input"
    elif getattr(widget, "input_type", "") == "select" or widget.__class__.__name__.endswith(
        "Select"
    ):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return bound_field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def split(value: str):
    return value.split()


@register.filter
def field(form, name: str):
    return form[name]
