import re
from urllib.parse import urlencode

from django import template
from django.forms.utils import flatatt
from django.template import Context
from django.template.base import render_value_in_context
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from fucai.core import display, money
from fucai.core.navigation import reverse_once
from fucai.core.renderers import render_select
from fucai.core.tables import badge

register = template.Library()


@register.filter
def qr_data_uri(text) -> str:
    """A QR code of `text` as an SVG data URI for an <img src>: the image carries no
    markup of the text (segno percent-encodes the SVG), so it is safe with any value.
    Medium error correction, so a sticker a little worn or dirty still scans."""
    import segno

    return segno.make(str(text), error="m", micro=False).svg_data_uri(scale=8, border=4)


@register.filter
def yuan(fen):
    return money.format_yuan(fen)


@register.filter
def wan(fen):
    return money.format_wan(fen)


_CJK = re.compile(r"[\u3400-\u9fff]")


@register.filter
def initials(user) -> str:
    """What an avatar shows: a Chinese name's given name (张伟 → 张伟, 陈建国 → 建国),
    otherwise the first letter of the name or username."""
    name = (str(user) if user is not None else "").strip()
    if _CJK.search(name):
        han = "".join(_CJK.findall(name))
        return han[-2:]
    username = getattr(user, "get_username", lambda: name)() or name
    return (name or username)[:1].upper()


@register.filter
def file_kind(content_type: str) -> str:
    return display.file_kind(content_type)


@register.filter
def share(fraction):
    """A share 0..1 as a percentage with one decimal: 0.935 → "93.5%" ("—" for none)."""
    if fraction is None or fraction == "":
        return "—"
    return f"{formats.number_format(round(float(fraction) * 100, 1), 1)}%"


@register.filter
def days_from(day, today):
    """Whole days from ``today`` to ``day``."""
    if not day or not today:
        return ""
    return (day - today).days


@register.filter
def distance(metres):
    """A distance in metres in the center's words: "850 米", "1.2 公里"."""
    if metres is None or metres == "":
        return "—"
    try:
        value = float(metres)
    except (TypeError, ValueError):
        return metres
    if value < 1000:
        return _("%(n)s m") % {"n": formats.number_format(round(value), 0)}
    return _("%(n)s km") % {"n": formats.number_format(round(value / 1000, 1), 1)}


@register.simple_tag
def status_badge(obj, field: str = "status"):
    return badge(getattr(obj, field), getattr(obj, f"get_{field}_display")())


def updated_query(params, **changes) -> str:
    """The querystring of ``params`` (a request's GET) with ``changes`` applied: a value
    replaces the parameter, ``None`` removes it. The one way links keep the page's
    filters: drill-downs, pagination, sorting, exports."""
    query = params.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()


@register.simple_tag
def url_of(viewname: str) -> str:
    """``{% url viewname %}`` of a view without arguments, reversed once per process
    (``navigation.reverse_once``): for the links the layout prints on every page."""
    return reverse_once(viewname)


@register.simple_tag(takes_context=True)
def query_update(context, **changes):
    """``?<the current query with changes>``, e.g. ``{% query_update region=row.code
    page=None %}``: every other filter stays."""
    return "?" + updated_query(context["request"].GET, **changes)


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, label: str):
    """A column header that toggles sorting, keeping the current filters."""
    current = context.get("sort", "")
    if current == key:
        sort, arrow = f"-{key}", " ↑"
    elif current == f"-{key}":
        sort, arrow = key, " ↓"
    else:
        sort, arrow = key, ""
    params = context["request"].GET
    if params:
        query = params.copy()
        query.pop("page", None)
        query.pop("export", None)
        query["sort"] = sort
        encoded = query.urlencode()
    else:  # a list as first opened: what the QueryDict would print
        encoded = urlencode({"sort": sort})
    return format_html(
        '<a href="?{}" class="table-sort-link" hx-get="?{}" hx-target="#results" '
        'hx-push-url="true">{}{}</a>',
        encoded,
        encoded,
        label,
        arrow,
    )


@register.simple_tag(takes_context=True)
def page_url(context, number: int):
    return "?" + updated_query(context["request"].GET, page=number, export=None)


def _radio_group(bound_field) -> str:
    """Radio buttons as Bootstrap's inline form checks, each input inside its label (a
    row of 5 4 3 2 1 fits a phone); ``form-select`` would make every button a drop-down
    box."""
    invalid = " is-invalid" if bound_field.errors else ""
    buttons = []
    for option in bound_field.subwidgets:
        data = option.data
        attrs = {**data["attrs"], "class": f"form-check-input{invalid}"}
        buttons.append(
            format_html(
                '<label class="form-check form-check-inline">'
                '<input type="radio" name="{}" value="{}"{}>'
                '<span class="form-check-label">{}</span></label>',
                data["name"],
                "" if data["value"] is None else data["value"],
                flatatt(attrs),
                data["label"],
            )
        )
    group_id = bound_field.auto_id or ""
    return format_html(
        '<div{} class="{}">{}</div>',
        format_html(' id="{}"', group_id) if group_id else "",
        f"{bound_field.field.widget.attrs.get('class', '')} fucai-radios".strip(),
        mark_safe("".join(buttons)),  # noqa: S308 — each part escaped by format_html
    )


@register.filter
def bs(bound_field):
    """Render a form field's widget with Bootstrap classes and its error state."""
    widget = bound_field.field.widget
    if getattr(widget, "input_type", "") == "radio":
        return _radio_group(bound_field)
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
    attrs = {"class": f"{existing} {css}".strip()}
    html = render_select(bound_field, attrs) if css == "form-select" else None
    return html if html is not None else bound_field.as_widget(attrs=attrs)


@register.filter
def split(value: str):
    return value.split()


@register.filter
def field(form, name: str):
    return form[name]


@register.simple_tag
def yoy(value):
    """A growth rate in percent, green up, red down (printed in every row of the sales
    tables, so a tag rather than an included template)."""
    if value is None:
        return mark_safe('<span class="text-secondary">—</span>')
    if value > 0:
        return format_html(
            '<span class="text-green text-nowrap" title="{}"><i class="ti ti-trending-up"></i>'
            " +{}%</span>",
            _("Year on year"),
            formats.localize(value),
        )
    if value < 0:
        return format_html(
            '<span class="text-red text-nowrap" title="{}"><i class="ti ti-trending-down"></i>'
            " {}%</span>",
            _("Year on year"),
            formats.localize(value),
        )
    return mark_safe('<span class="text-secondary text-nowrap">0.0%</span>')


_VALUE_CONTEXT = Context()  # autoescape on, localized: as {{ value }} prints it


@register.simple_tag
def changes(entry):
    """An audit entry's changes, one line per field: before (struck out) → after, with
    field labels, choice labels, yuan and local time, real changes only (see
    ``display.change_rows``). Every audit table (the log, a station's history) uses it."""
    lines = []
    for label, old, new in display.change_rows(entry):
        label = render_value_in_context(label, _VALUE_CONTEXT)
        before = ""
        if old:
            before = (
                f'<del class="text-danger">{render_value_in_context(old, _VALUE_CONTEXT)}</del> → '
            )
        after = render_value_in_context(new, _VALUE_CONTEXT)
        lines.append(
            f'<div><span class="text-secondary">{label}:</span> {before}'
            f'<span class="text-success">{after}</span></div>'
        )
    return mark_safe("".join(lines))  # noqa: S308 -- every value escaped above
