"""The form renderer (settings.FORM_RENDERER): Django's, with its two commonest widget
templates rendered in Python.

Django renders a ``<select>`` as one template per option, each including the attribute
template; a district select costs some 30 template renders and a list page's filter bar
more than all its table rows. Selects and plain ``<input>`` widgets are therefore
written here, byte for byte as Django's own templates write them
(``fucai/core/tests/test_renderers.py`` compares the two); every other widget, and any
widget with a template or option template of its own, still goes through the templates.
"""

import html

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
SELECT_OPTION = "django/forms/widgets/select_option.html"
INPUT = "django/forms/widgets/input.html"
# Widgets whose template is ``{% include "django/forms/widgets/input.html" %}``.
INPUT_WRAPPERS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        *("text", "number", "email", "url", "password", "hidden", "date", "datetime"),
        *("time", "search", "tel", "checkbox", "color"),
    )
}

_CONTEXT = Context()  # autoescape on, localization as configured: as a template renders


def _value(value) -> str:
    """``{{ value }}`` in a template: localized, then escaped unless already safe."""
    if isinstance(value, Promise):  # a lazy label: its text
        value = str(value)
    if type(value) is str:  # most names and labels: nothing to localize, not safe
        return html.escape(value)
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``"%s" % value``, escaped unless already safe."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, SafeData):
        return conditional_escape(value)
    return escape("%s" % (value,))  # noqa: UP031 -- exactly what stringformat:'s' does


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + _value(name))
        if value is not True:
            parts.append('="' + _formatted(value) + '"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html."""
    value = widget["value"]
    html = '<input type="' + _value(widget["type"]) + '" name="' + _value(widget["name"]) + '"'
    if value is not None:
        html += ' value="' + _formatted(value) + '"'
    return html + _attrs(widget["attrs"]) + ">\n"


def _select(widget: dict) -> str | None:
    """django/forms/widgets/select.html with select_option.html inlined; None when an
    option has a template of its own."""
    parts = ['<select name="', _value(widget["name"]), '"', _attrs(widget["attrs"]), ">"]
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append('\n  <optgroup label="' + _value(group_name) + '">')
        for option in group_choices:
            if option["template_name"] != SELECT_OPTION:
                return None
            parts.append(
                '\n  <option value="'
                + _formatted(option["value"])
                + '"'
                + _attrs(option["attrs"])
                + ">"
                + _value(option["label"])
                + "</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and widget.get("template_name") == template_name:
            if template_name == SELECT:
                html = _select(widget)
                if html is not None:
                    # Every value is escaped above; stripped as BaseRenderer strips.
                    return mark_safe(html.strip())  # noqa: S308
            elif template_name in INPUT_WRAPPERS or template_name == INPUT:
                return mark_safe(_input(widget).strip())  # noqa: S308
        return super().render(template_name, context, request)
