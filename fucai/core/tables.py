"""Helpers for list pages that build their rows in Python.

A 50-row table rendered through template tags, ``get_FOO_display`` and ``reverse`` in
every cell spends most of its time in them: ``get_FOO_display`` rebuilds a dict of the
field's choices on each call, ``reverse`` walks the URL resolver, a per-row
``{% include %}`` renders a template. A list view instead builds its rows once per page
with these helpers (choice labels looked up once, URLs from one reversed pattern) and
its template prints plain values.
"""

import html
from collections.abc import Callable
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe

_MARK = "__value__"
# What django.urls.resolvers quotes a reversed argument with.
_SAFE = "!$&'()*+,;=/~:@"

STATUS_COLORS = {
    "preparing": "azure",
    "active": "green",
    "suspended": "orange",
    "rectifying": "yellow",
    "closed": "secondary",
}


def choice_labels(choices) -> dict:
    """Value → label in the active language, for ``choices`` of a TextChoices class or a
    field."""
    return {value: str(label) for value, label in choices}


def url_maker(viewname: str, kwarg: str) -> Callable[[object], str]:
    """``reverse(viewname, kwargs={kwarg: value})`` for many values: the pattern is
    reversed once. Only for values that match the URL's converter (codes, ids from the
    database)."""
    prefix, suffix = reverse(viewname, kwargs={kwarg: _MARK}).split(_MARK)

    def url(value) -> str:
        value = str(value)
        if value.isascii() and value.isalnum():  # codes: nothing to quote
            return prefix + value + suffix
        return prefix + quote(value, safe=_SAFE) + suffix

    return url


def badge(value: str, label: str):
    """A coloured status badge (the same markup as ``{% status_badge %}``)."""
    return format_html(
        '<span class="badge bg-{}-lt">{}</span>', STATUS_COLORS.get(value, "secondary"), label
    )


# ``{{ text }}``: what django.utils.html.escape does, minus keep_lazy and SafeString.
escape = html.escape


def escaped_labels(choices) -> dict[str, str]:
    """Value → label in the active language, escaped: the cells of a choice column of
    rows built as HTML, escaped once per page rather than once per row."""
    return {value: escape(str(label)) for value, label in choices}


def status_badges(choices) -> dict[str, str]:
    """Value → its ``badge()``, for a status column of rows built as HTML."""
    return {value: badge(value, label) for value, label in choices}


def _cell(value) -> str:
    """``{{ value }}`` of a text or safe value: escaped unless already safe."""
    if isinstance(value, SafeData):
        return value
    return escape(str(value))


def rows_html(rows: list[dict], row_format: str, *, escaped: bool = False) -> SafeString:
    """The ``<tr>`` of every row: ``row_format`` (``str.format`` fields named after the
    row's keys) with each value escaped as ``{{ value }}`` escapes it (safe values, such
    as a ``badge()``, are kept). A 50-row table printed by the template engine costs a
    variable node per cell, more than all the rest of the page; printed here, one
    ``format`` per row. Rows hold display text (no dates or numbers to localize).

    ``escaped``: the rows' values are HTML already, each text escaped where the row was
    built (with :data:`escape`, choice labels with :func:`escaped_labels`): printed as
    they are."""
    if escaped:
        return mark_safe("".join(map(row_format.format_map, rows)))  # noqa: S308
    return mark_safe(  # noqa: S308 -- every value escaped by _cell
        "".join(row_format.format_map({k: _cell(v) for k, v in row.items()}) for row in rows)
    )
