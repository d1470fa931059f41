"""The Python-rendered widgets write exactly what Django's templates write."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from fucai.core.renderers import FormRenderer

pytestmark = pytest.mark.django_db

TEMPLATES = DjangoTemplates()
FAST = FormRenderer()


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": _("Search")}))
    number = forms.IntegerField(min_value=1, max_value=9)
    amount = forms.DecimalField(max_digits=9, decimal_places=2)
    email = forms.EmailField(required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True))
    agree = forms.BooleanField(required=False)
    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), ("a", "<A & B>"), ("b", mark_safe("<b>bold</b>"))]
    )
    year = forms.TypedChoiceField(coerce=int, choices=[(2019, 2019), (2018, "2018")])
    grouped = forms.ChoiceField(
        choices=[("", "—"), (_("Group"), [("x", "X"), ("y", 'Y "quoted"')]), ("z", "Z")],
        widget=forms.Select(attrs={"data-autosubmit": "", "disabled": True, "hidden": False}),
    )
    many = forms.MultipleChoiceField(choices=[("1", "one"), ("2", "two")], required=False)
    note = forms.CharField(widget=forms.Textarea)
    radio = forms.ChoiceField(choices=[("r", "R")], widget=forms.RadioSelect)


BOUND = {
    "text": 'a "quoted" <value> & more',
    "number": "3",
    "amount": "12.50",
    "email": "",
    "day": "2019-05-01",
    "hidden": "h",
    "secret": "s3cret",
    "agree": "on",
    "kind": "a",
    "year": "2019",
    "grouped": "y",
    "many": ["1", "2"],
    "note": "n",
    "radio": "r",
}
INITIAL = {"day": datetime.date(2019, 5, 1), "amount": Decimal("1234.5"), "year": 2018}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("bound", [True, False])
def test_every_widget_renders_as_django_templates_render_it(language, bound):
    with override(language):
        form = Everything(BOUND) if bound else Everything(initial=INITIAL)
        if bound:
            form.is_valid()
        for field in form:
            widget = field.field.widget
            expected = widget.render(field.html_name, field.value(), {"id": "x"}, TEMPLATES)
            actual = widget.render(field.html_name, field.value(), {"id": "x"}, FAST)
            assert actual == expected, field.name


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_numbers_in_labels_are_localized_like_templates_do():
    field = forms.TypedChoiceField(coerce=int, choices=[(12345, 12345)])
    with override("en"):
        expected = field.widget.render("n", 12345, None, TEMPLATES)
        assert field.widget.render("n", 12345, None, FAST) == expected
    assert "12,345</option>" in expected


def test_a_select_with_its_own_option_template_goes_through_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Custom(choices=[("a", "A")])
    assert widget.render("c", "a", None, FAST) == widget.render("c", "a", None, TEMPLATES)


def test_the_site_uses_this_renderer():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)


class Selects(forms.Form):
    required = forms.ChoiceField(choices=[("", "—"), ("a", "A")])
    valued_first = forms.ChoiceField(choices=[("a", "A"), ("b", "<B>")])
    months = forms.TypedChoiceField(
        coerce=int, required=False, choices=lambda: [("", _("All kinds")), (1, 1), (2, "2")]
    )
    grouped = forms.ChoiceField(
        required=False,
        choices=[("", "—"), (_("Group"), [("x", "X"), ("y", 'Y "q"'), (None, "none")])],
        widget=forms.Select(attrs={"data-autosubmit": "", "class": "own"}),
    )
    duplicate = forms.ChoiceField(required=False, choices=[("d", "first"), ("d", "second")])
    disabled = forms.ChoiceField(required=False, disabled=True, choices=[("a", "A")])
    helped = forms.ChoiceField(required=False, help_text="help", choices=[("a", "A")])
    user = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="username", empty_label="anyone"
    )
    many = forms.MultipleChoiceField(required=False, choices=[("1", "one")])

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.order_by("username")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "data",
    [None, {"required": "", "months": "2", "grouped": "y", "duplicate": "d", "user": "bob"}],
)
def test_bs_writes_a_select_as_the_widget_templates_write_it(language, data):
    """The ``bs`` filter's direct select (``render_select``) against Django's own
    widget rendered through its templates, with the attributes ``bs`` passes."""
    from django.contrib.auth import get_user_model

    from fucai.core.renderers import render_select
    from fucai.core.templatetags.fucai import bs

    get_user_model().objects.create(username="bob")
    get_user_model().objects.create(username="<al>")
    with override(language):
        fast, slow = Selects(data, renderer=FAST), Selects(data, renderer=TEMPLATES)
        if data:
            assert not fast.is_valid() and not slow.is_valid()  # "required" has an error
        for name in fast.fields:
            existing = fast.fields[name].widget.attrs.get("class", "")
            css = "form-select is-invalid" if fast[name].errors else "form-select"
            attrs = {"class": f"{existing} {css}".strip()}
            expected = slow[name].as_widget(attrs=attrs)
            if name == "many":
                assert render_select(fast[name], attrs) is None
            else:
                assert render_select(fast[name], attrs) == expected, name
                assert bs(fast[name]) == expected, name
    assert "<optgroup" in bs(fast["grouped"]) and "selected" in bs(fast["user"])


def test_bs_writes_radio_buttons_as_inline_form_checks():
    from fucai.core.templatetags.fucai import bs

    class Rating(forms.Form):
        rating = forms.TypedChoiceField(
            coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)], widget=forms.RadioSelect
        )
        label = forms.ChoiceField(choices=[("a", "<A & B>")], widget=forms.RadioSelect)

    form = Rating({"rating": "4"})
    html = str(bs(form["rating"]))
    assert "form-select" not in html
    assert html.count('<label class="form-check form-check-inline">') == 5
    assert '<input type="radio" name="rating" value="4"' in html
    assert html.count("checked") == 1
    assert 'id="id_rating_1"' in html and "checked" in html.split('value="4"')[1].split(">")[0]
    assert "&lt;A &amp; B&gt;" in str(bs(form["label"]))
    invalid = Rating({"rating": "9"})
    assert not invalid.is_valid()
    assert "form-check-input is-invalid" in str(bs(invalid["rating"]))
