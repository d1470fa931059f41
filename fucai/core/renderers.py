"""The form renderer (settings.FORM_RENDERER): Django's, with its two commonest widget
templates rendered in Python.

Django renders a ``<select>`` as one template per option, each including the attribute
template; a district select costs some 30 template renders and a list page's filter bar
more than all its table rows. Selects and plain ``<input>`` widgets are therefore
written here, byte for byte as Django's own templates write them
(``fucai/core/tests/test_renderers.py`` compares the two); every other widget, and any
widget with a template or option template of its own, still goes through the templates.

A plain ``<select>`` of a bound field (``render_select``, the ``bs`` filter's) goes one
step further: its options are written as the field's choices are read, without the
dict per option Django's widget builds for the template first (``optgroups``).
"""

import html

from django import forms
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


def _option(value, label, selected: bool) -> str:
    """select_option.html of a ``Select``'s option (whose only attribute is ``selected``)."""
    return (
        '\n  <option value="'
        + _formatted(value)
        + ('" selected>' if selected else '">')
        + _value(label)
        + "</option>\n"
    )


def render_select(bound_field, attrs: dict):
    """``bound_field.as_widget(attrs=attrs)`` of a field whose widget is a plain
    ``forms.Select`` rendered by this renderer, written straight from its choices (what
    ``Select.optgroups`` and ``_select`` together write); None for any other widget."""
    widget = bound_field.field.widget
    if (
        type(widget) is not forms.Select
        or widget.template_name != SELECT
        or widget.option_template_name != SELECT_OPTION
        or not isinstance(bound_field.form.renderer, FormRenderer)
    ):
        return None
    # BoundField.as_widget, then Widget.get_context.
    if bound_field.field.localize:
        widget.is_localized = True
    attrs = bound_field.build_widget_attrs(attrs, widget)
    if bound_field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound_field.auto_id)
    value = widget.format_value(bound_field.value())
    parts = ['<select name="', _value(bound_field.html_name), '"']
    parts += [_attrs({**widget.attrs, **attrs}), ">"]
    # ChoiceWidget.optgroups: the first option whose value is among ``value`` is selected.
    has_selected = False
    for option_value, option_label in widget.choices:
        if option_value is None:
            option_value = ""
        if isinstance(option_label, list | tuple):
            parts.append('\n  <optgroup label="' + _value(option_value) + '">')
            for sub_value, sub_label in option_label:
                selected = not has_selected and str(sub_value) in value
                has_selected |= selected
                parts.append(_option(sub_value, sub_label, selected))
            parts.append("\n  </optgroup>")
        else:
            selected = not has_selected and str(option_value) in value
            has_selected |= selected
            parts.append(_option(option_value, option_label, selected))
    parts.append("\n</select>\n")
    # Every value is escaped above; stripped as BaseRenderer strips.
    return mark_safe("".join(parts).strip())  # noqa: S308
