"""Forms of grading (分类分级) and of the rating schemes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.models import Region
from fucai.core.scope import regions_visible
from fucai.stations.choices import StationClass

from ..choices import GradingStatus, StationGrade
from .visits import year_field


def _region_field():
    return ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )


class GradingFilterForm(forms.Form):
    year = year_field()
    region = _region_field()
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, choices=[("", _("All grades")), *StationGrade.choices]
    )
    station_class = forms.ChoiceField(
        label=_("Class"), required=False, choices=[("", _("All classes")), *StationClass.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *GradingStatus.choices]
    )
    q = forms.CharField(label=_("Station code"), required=False, max_length=20)

    def __init__(self, *args, user=None, default_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)
        self.default_year = default_year

    def apply(self, queryset):
        data = self.cleaned_data
        year = data.get("year") or self.default_year
        if year:
            queryset = queryset.filter(year=year)
        if data.get("region"):
            queryset = queryset.filter(station__region=data["region"])
        for name in ("grade", "station_class", "status"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("q"):
            queryset = queryset.filter(station__code__startswith=data["q"].strip())
        return queryset


class GradingRunForm(forms.Form):
    year = year_field(required=True)
    region = _region_field()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)


class GradingConfirmForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=StationGrade.choices)
    station_class = forms.ChoiceField(label=_("Class"), choices=StationClass.choices)
    override_reason = forms.CharField(
        label=_("Reason for overriding"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the grade or class differs from the computed one."),
    )


def parse_bands(text: str, *, labels_int: bool = False) -> list:
    """ "2500000:100, 1500000:85" → [[2500000, 100], [1500000, 85]]."""
    bands = []
    for part in (text or "").replace("，", ",").replace("：", ":").split(","):
        part = part.strip()
        if not part:
            continue
        left, sep, right = part.partition(":")
        if not sep:
            raise forms.ValidationError(_("Write each band as value:points, separated by commas."))
        try:
            threshold = Decimal(left.strip())
            points = Decimal(right.strip())
        except InvalidOperation:
            raise forms.ValidationError(
                _("Write each band as value:points, separated by commas.")
            ) from None
        if not (threshold.is_finite() and points.is_finite()) or points != points.to_integral():
            raise forms.ValidationError(
                _("Each band is a number and a whole number of points, e.g. 0.15:80.")
            )
        # Whole thresholds stay integers; others are kept as exact decimal strings
        # (the engine reads both through Decimal), never as binary floats.
        if threshold == threshold.to_integral():
            threshold = int(threshold)
        else:
            threshold = format(threshold, "f")
        bands.append([threshold, int(points)])
    if not bands:
        raise forms.ValidationError(_("Give at least one band."))
    return bands


def bands_text(bands) -> str:
    return ", ".join(f"{t}:{p}" for t, p in bands)


class CriterionForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=30)
    metric = forms.CharField(widget=forms.HiddenInput, max_length=30)
    direction = forms.CharField(widget=forms.HiddenInput, max_length=4)
    label = forms.CharField(label=_("Criterion"), max_length=50)
    weight = forms.IntegerField(label=_("Weight"), min_value=1, max_value=100)
    bands = forms.CharField(
        label=_("Bands (value:points)"),
        max_length=300,
        help_text=_("The points reached from each value, e.g. 2500000:100, 1500000:85, 0:30."),
    )

    def clean_bands(self):
        return parse_bands(self.cleaned_data["bands"])


CriterionFormSet = forms.formset_factory(CriterionForm, extra=0, max_num=20, validate_max=True)


class SchemeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    bands = forms.CharField(
        label=_("Score bands (result:minimum score)"),
        max_length=200,
        help_text=_("e.g. A:85, B:70, C:55, D:0 — or for stars 5:88, 4:78, 3:65, 2:50, 1:0."),
    )

    def __init__(self, *args, kind: str = "grading", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind

    def clean_bands(self):
        bands = []
        for part in self.cleaned_data["bands"].replace("，", ",").replace("：", ":").split(","):
            label, _sep, minimum = part.strip().partition(":")
            try:
                value = int(minimum)
            except ValueError:
                raise forms.ValidationError(
                    _("Write each band as result:minimum score, separated by commas.")
                ) from None
            label = label.strip()
            if self.kind == "stars":
                if label not in {"1", "2", "3", "4", "5"}:
                    raise forms.ValidationError(_("Stars go from 1 to 5."))
                bands.append([int(label), value])
            else:
                if label not in StationGrade.values:
                    raise forms.ValidationError(_("Grades are A, B, C and D."))
                bands.append([label, value])
        return bands
