"""Forms of the annual review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fucai.core.form_fields import ModelChoiceField
from fucai.core.models import Region
from fucai.core.scope import regions_visible

from ..choices import ReviewDecision, ReviewOutcome, ReviewStatus
from .visits import year_field


class ReviewFilterForm(forms.Form):
    year = year_field()
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("All outcomes")), *ReviewOutcome.choices],
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", _("All decisions")), *ReviewDecision.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *ReviewStatus.choices]
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
        for name in ("outcome", "decision", "status"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("q"):
            queryset = queryset.filter(station__code__startswith=data["q"].strip())
        return queryset


class ReviewConfirmForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    decision = forms.ChoiceField(label=_("Decision"), choices=ReviewDecision.choices)
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the station must do in the coming year (for a warning)."),
    )
    override_reason = forms.CharField(
        label=_("Reason for overriding"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the outcome or decision differs from the computed one."),
    )


class ReviewComputeForm(forms.Form):
    year = year_field(required=True)
    region = ModelChoiceField(
        label=_("District"),
        queryset=Region.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All districts"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_visible(user)
